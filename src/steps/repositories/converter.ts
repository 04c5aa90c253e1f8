import {
  createIntegrationEntity,
  Entity,
} from '@jupiterone/integration-sdk-core';

import { BitbucketRepository } from '../../bitbucket/types';
import { MainBranchPosture } from '../branch-restrictions/posture';
import { Entities } from '../constants';
import { epochMs, htmlLink } from '../links';

export const repoKey = (uuid: string) => `${Entities.REPO._type}:${uuid}`;

/**
 * `posture` (the main branch's protection) only when the branch restrictions were read: an
 * unread posture is left unset, never false.
 */
export function createRepoEntity(
  workspaceSlug: string,
  repo: BitbucketRepository,
  posture?: MainBranchPosture,
): Entity {
  // Clone links carry the workspace name as a URL user; harmless, but not needed in raw data.
  const { links, ...rest } = repo;
  const source = {
    ...rest,
    links: links ? { ...links, clone: undefined } : undefined,
  };
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: repoKey(repo.uuid),
        _type: Entities.REPO._type,
        _class: Entities.REPO._class,
        id: repo.uuid,
        uuid: repo.uuid,
        name: repo.name,
        displayName: repo.name,
        fullName: repo.full_name,
        slug: repo.slug ?? repo.full_name.split('/')[1],
        owner: workspaceSlug,
        workspace: workspaceSlug,
        description: repo.description || undefined,
        isPrivate: repo.is_private,
        public: repo.is_private === undefined ? undefined : !repo.is_private,
        forkPolicy: repo.fork_policy,
        language: repo.language || undefined,
        scm: repo.scm,
        mainBranch: repo.mainbranch?.name,
        projectKey: repo.project?.key,
        projectName: repo.project?.name,
        isFork: !!repo.parent,
        parentFullName: repo.parent?.full_name,
        size: repo.size,
        hasIssues: repo.has_issues,
        hasWiki: repo.has_wiki,
        website: repo.website || undefined,
        webLink:
          htmlLink(repo.links) ?? `https://bitbucket.org/${repo.full_name}`,
        createdOn: epochMs(repo.created_on),
        updatedOn: epochMs(repo.updated_on),
        ...posture,
      },
    },
  });
}
