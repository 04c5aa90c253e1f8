import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { BitbucketBranchRestriction } from '../../bitbucket/types';
import { Entities } from '../constants';

/** Restriction ids are Bitbucket-wide numbers; the repository scopes them all the same. */
export const branchRestrictionKey = (repoUuid: string, id: number) =>
  `${Entities.BRANCH_RESTRICTION._type}:${repoUuid}:${id}`;

export function createBranchRestrictionEntity(
  repo: { uuid: string; fullName: string },
  restriction: BitbucketBranchRestriction,
): Entity {
  const glob = restriction.branch_match_kind === 'glob';
  const target = glob
    ? restriction.pattern
    : `${restriction.branch_type ?? 'branching model'} branch`;
  // Exempt users and groups become relationships; the raw data keeps their ids only.
  const { users, groups, ...source } = restriction;
  const exemptUserUuids = (users ?? []).map((u) => u.uuid);
  const exemptGroupSlugs = (groups ?? []).map((g) => g.slug);
  return createIntegrationEntity({
    entityData: {
      source: { ...source, exemptUserUuids, exemptGroupSlugs },
      assign: {
        _key: branchRestrictionKey(repo.uuid, restriction.id),
        _type: Entities.BRANCH_RESTRICTION._type,
        _class: Entities.BRANCH_RESTRICTION._class,
        id: String(restriction.id),
        restrictionId: restriction.id,
        name: `${restriction.kind} on ${target ?? ''}`.trim(),
        displayName: `${restriction.kind} on ${target ?? ''}`.trim(),
        kind: restriction.kind,
        branchMatchKind: restriction.branch_match_kind,
        branchType: glob ? undefined : restriction.branch_type || undefined,
        pattern: restriction.pattern || undefined,
        // The number of approvals, builds or commits behind; null for kinds without one.
        value: restriction.value ?? undefined,
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
