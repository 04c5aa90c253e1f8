import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { BitbucketWorkspace } from '../../bitbucket/types';
import { Entities } from '../constants';
import { epochMs, htmlLink } from '../links';

export const workspaceKey = (uuid: string) =>
  `${Entities.WORKSPACE._type}:${uuid}`;

export function createWorkspaceEntity(workspace: BitbucketWorkspace): Entity {
  return createIntegrationEntity({
    entityData: {
      source: workspace,
      assign: {
        _key: workspaceKey(workspace.uuid),
        _type: Entities.WORKSPACE._type,
        _class: Entities.WORKSPACE._class,
        id: workspace.uuid,
        uuid: workspace.uuid,
        name: workspace.name,
        displayName: workspace.name,
        slug: workspace.slug,
        isPrivate: workspace.is_private,
        public:
          workspace.is_private === undefined
            ? undefined
            : !workspace.is_private,
        isPrivacyEnforced: workspace.is_privacy_enforced,
        forkingMode: workspace.forking_mode,
        webLink:
          htmlLink(workspace.links) ??
          `https://bitbucket.org/${workspace.slug}/`,
        createdOn: epochMs(workspace.created_on),
        updatedOn: epochMs(workspace.updated_on),
      },
    },
  });
}
