import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { BitbucketProject } from '../../bitbucket/types';
import { Entities } from '../constants';
import { epochMs, htmlLink } from '../links';

export const projectKey = (uuid: string) => `${Entities.PROJECT._type}:${uuid}`;

export function createProjectEntity(
  workspaceSlug: string,
  project: BitbucketProject,
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: project,
      assign: {
        _key: projectKey(project.uuid),
        _type: Entities.PROJECT._type,
        _class: Entities.PROJECT._class,
        id: project.uuid,
        uuid: project.uuid,
        key: project.key,
        name: project.name,
        displayName: project.name,
        description: project.description ?? undefined,
        workspace: workspaceSlug,
        isPrivate: project.is_private,
        public:
          project.is_private === undefined ? undefined : !project.is_private,
        hasPubliclyVisibleRepos: project.has_publicly_visible_repos,
        webLink:
          htmlLink(project.links) ??
          `https://bitbucket.org/${workspaceSlug}/workspace/projects/${project.key}`,
        createdOn: epochMs(project.created_on),
        updatedOn: epochMs(project.updated_on),
      },
    },
  });
}
