import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { BitbucketV1Group } from '../../bitbucket/types';
import { Entities } from '../constants';

/** Group slugs are unique only within a workspace. */
export const groupKey = (workspaceUuid: string, slug: string) =>
  `${Entities.GROUP._type}:${workspaceUuid}:${slug}`;

export function createGroupEntity(
  workspace: { uuid: string; slug: string },
  group: BitbucketV1Group,
): Entity {
  // The members list is related, not copied: it would bloat the raw data of every group.
  const { members, ...source } = group;
  return createIntegrationEntity({
    entityData: {
      source: { ...source, memberCount: members.length },
      assign: {
        _key: groupKey(workspace.uuid, group.slug),
        _type: Entities.GROUP._type,
        _class: Entities.GROUP._class,
        id: `${workspace.slug}:${group.slug}`,
        name: group.name,
        displayName: group.name,
        slug: group.slug,
        fullSlug: `${workspace.slug}:${group.slug}`,
        workspace: workspace.slug,
        autoAdd: group.auto_add,
        permission: group.permission ?? undefined,
        emailForwardingDisabled: group.email_forwarding_disabled ?? undefined,
        memberCount: members.length,
        ownedByWorkspace: group.owner?.is_team === true,
        // Bitbucket has no per-group page; this is where a workspace's groups are managed.
        webLink: `https://bitbucket.org/${workspace.slug}/workspace/settings/groups`,
      },
    },
  });
}
