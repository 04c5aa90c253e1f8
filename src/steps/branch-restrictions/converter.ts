import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { Entities } from '../constants';
import { StashedRestriction } from './stash';

/** Restriction ids are Bitbucket-wide numbers; the repository scopes them all the same. */
export const branchRestrictionKey = (repoUuid: string, id: number) =>
  `${Entities.BRANCH_RESTRICTION._type}:${repoUuid}:${id}`;

export function createBranchRestrictionEntity(
  repo: { uuid: string; fullName: string },
  restriction: StashedRestriction,
): Entity {
  const target =
    restriction.branchMatchKind === 'glob'
      ? restriction.pattern
      : `${restriction.branchType ?? 'branching model'} branch`;
  const name = `${restriction.kind} on ${target ?? ''}`.trim();
  // Exempt users and groups become relationships (build-branch-restriction-exemption-…).
  const exemptUserUuids = restriction.exemptUserUuids ?? [];
  const exemptGroupSlugs = restriction.exemptGroupSlugs ?? [];
  return createIntegrationEntity({
    entityData: {
      source: restriction,
      assign: {
        _key: branchRestrictionKey(repo.uuid, restriction.id),
        _type: Entities.BRANCH_RESTRICTION._type,
        _class: Entities.BRANCH_RESTRICTION._class,
        id: String(restriction.id),
        restrictionId: restriction.id,
        // `name` and `matchKind` as graph-bitbucket 3.x wrote them, so its queries keep working.
        name: restriction.kind,
        displayName: name,
        kind: restriction.kind,
        branchMatchKind: restriction.branchMatchKind,
        matchKind: restriction.branchMatchKind,
        branchType: restriction.branchType,
        pattern: restriction.pattern || undefined,
        value: restriction.value,
        repoUuid: repo.uuid,
        repository: repo.fullName,
        exemptUserUuids,
        exemptGroupSlugs,
        // Rule and AccessPolicy both require these; a restriction is always in force.
        content: JSON.stringify({
          kind: restriction.kind,
          pattern: restriction.pattern,
          value: restriction.value ?? null,
        }),
        active: true,
        webLink: `https://bitbucket.org/${repo.fullName}/admin/branch-restrictions`,
      },
    },
  });
}
