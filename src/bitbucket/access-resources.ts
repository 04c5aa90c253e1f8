/**
 * Typed resources of the access endpoints (workspace roles, project and repository
 * permissions, branch restrictions, branching model), written against the client facade
 * (`list` streams every page of a listing to a callback, `get` reads one object). Each
 * listing asks for the largest page the endpoint allows.
 */
import {
  BitbucketBranchingModel,
  BitbucketBranchRestriction,
  BitbucketProjectGroupPermission,
  BitbucketProjectUserPermission,
  BitbucketRepositoryGroupPermission,
  BitbucketRepositoryUserPermission,
  BitbucketWorkspacePermission,
} from './types';

import type { ApiRequest, ItemCallback } from './client';

/** The part of the client these resources use. */
export interface AccessApi {
  list<T>(request: ApiRequest, callback: ItemCallback<T>): Promise<void>;
  get<T>(request: ApiRequest): Promise<T>;
}

/**
 * Branch restrictions page at most 50 (the legacy documentation); every other listing takes the
 * client's own default, the largest `pagelen` (100).
 */
const BRANCH_RESTRICTIONS_PAGELEN = '50';

const enc = encodeURIComponent;

export function iterateWorkspacePermissions(
  api: AccessApi,
  workspace: string,
  callback: ItemCallback<BitbucketWorkspacePermission>,
): Promise<void> {
  return api.list(
    {
      endpoint: 'GET /2.0/workspaces/{workspace}/permissions',
      path: `/workspaces/${enc(workspace)}/permissions`,
      workspace,
    },
    callback,
  );
}

function projectConfig(
  workspace: string,
  projectKey: string,
  kind: 'users' | 'groups',
): ApiRequest {
  return {
    endpoint: `GET /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/${kind}`,
    path: `/workspaces/${enc(workspace)}/projects/${enc(projectKey)}/permissions-config/${kind}`,
    workspace,
    reach: { project: projectKey },
  };
}

export function iterateProjectUserPermissions(
  api: AccessApi,
  workspace: string,
  projectKey: string,
  callback: ItemCallback<BitbucketProjectUserPermission>,
): Promise<void> {
  return api.list(projectConfig(workspace, projectKey, 'users'), callback);
}

export function iterateProjectGroupPermissions(
  api: AccessApi,
  workspace: string,
  projectKey: string,
  callback: ItemCallback<BitbucketProjectGroupPermission>,
): Promise<void> {
  return api.list(projectConfig(workspace, projectKey, 'groups'), callback);
}

/** `repository` is the repository's `{uuid}` (stable across renames) or slug. */
function repositoryRequest(
  workspace: string,
  repository: string,
  suffix: string,
  params?: Record<string, string>,
): ApiRequest {
  return {
    endpoint: `GET /2.0/repositories/{workspace}/{repo_slug}/${suffix}`,
    path: `/repositories/${enc(workspace)}/${enc(repository)}/${suffix}`,
    workspace,
    params,
    reach: { repository },
  };
}

export function iterateRepositoryUserPermissions(
  api: AccessApi,
  workspace: string,
  repository: string,
  callback: ItemCallback<BitbucketRepositoryUserPermission>,
): Promise<void> {
  return api.list(
    repositoryRequest(workspace, repository, 'permissions-config/users'),
    callback,
  );
}

export function iterateRepositoryGroupPermissions(
  api: AccessApi,
  workspace: string,
  repository: string,
  callback: ItemCallback<BitbucketRepositoryGroupPermission>,
): Promise<void> {
  return api.list(
    repositoryRequest(workspace, repository, 'permissions-config/groups'),
    callback,
  );
}

export function iterateBranchRestrictions(
  api: AccessApi,
  workspace: string,
  repository: string,
  callback: ItemCallback<BitbucketBranchRestriction>,
): Promise<void> {
  return api.list(
    repositoryRequest(workspace, repository, 'branch-restrictions', {
      pagelen: BRANCH_RESTRICTIONS_PAGELEN,
    }),
    callback,
  );
}

export function getBranchingModel(
  api: AccessApi,
  workspace: string,
  repository: string,
): Promise<BitbucketBranchingModel> {
  return api.get(repositoryRequest(workspace, repository, 'branching-model'));
}
