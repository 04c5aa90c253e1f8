import { Relationship } from '@jupiterone/integration-sdk-core';

import { ProjectGrants } from '../access/data';
import { AccessSource, effectiveAccess } from '../access/effective';
import {
  RepoLevel,
  repoLevel,
  repoLevelFromProject,
  repoPermissionProperties,
} from '../access/levels';
import { Relationships } from '../constants';
import { relateKeys } from '../graph';

/** Everything that decides who can reach one repository, by graph keys. */
export interface RepoAccessInput {
  repoKey: string;
  /** The users' own grants on the repository: `[user key, API level]`. */
  userGrants: Array<[string, string]>;
  /** Group grants on the repository: `[group slug, API level]`. */
  groupGrants: Array<[string, string]>;
  /** Grants on the repository's project; undefined when it has none or no project. */
  project?: ProjectGrants;
  /** Group slug → member user keys. */
  groupMembers: ReadonlyMap<string, readonly string[]>;
  /** Workspace owners' user keys (they administer every repository). */
  owners: readonly string[];
}

/** `bitbucket_repo ALLOWS bitbucket_group` for an explicit group grant; `none` is no edge. */
export function createRepoGroupRelationship(
  repoKey: string,
  groupKey: string,
  permission: string | null | undefined,
): Relationship | undefined {
  const level = repoLevel(permission);
  if (!level) return undefined;
  return relateKeys(
    Relationships.REPO_ALLOWS_GROUP,
    repoKey,
    groupKey,
    repoPermissionProperties(level),
  );
}

/**
 * Effective access of every user to one repository: the highest of their direct grant, their
 * groups' grants on the repository and on its project, their own project grant and workspace
 * ownership, with every source in `via`. Computed per repository, so only one repository's
 * users are held at a time.
 */
export function effectiveRepoUsers(
  input: RepoAccessInput,
): Map<string, AccessSource[]> {
  const sources = new Map<string, AccessSource[]>();
  const add = (userKey: string, via: string, level: RepoLevel | undefined) => {
    if (!level) return;
    let list = sources.get(userKey);
    if (!list) sources.set(userKey, (list = []));
    list.push({ via, level });
  };
  for (const [user, permission] of input.userGrants)
    add(user, 'direct', repoLevel(permission));
  for (const [slug, permission] of input.groupGrants) {
    for (const user of input.groupMembers.get(slug) ?? [])
      add(user, `group:${slug}`, repoLevel(permission));
  }
  for (const [user, level] of input.project?.users ?? [])
    add(user, 'project', repoLevelFromProject(level));
  for (const [slug, level] of input.project?.groups ?? []) {
    for (const user of input.groupMembers.get(slug) ?? [])
      add(user, `project-group:${slug}`, repoLevelFromProject(level));
  }
  for (const owner of input.owners) add(owner, 'workspace-owner', 'admin');
  return sources;
}

/** `bitbucket_repo ALLOWS bitbucket_user` with the effective level and where it comes from. */
export function createRepoUserRelationship(
  repoKey: string,
  userKey: string,
  sources: AccessSource[],
): Relationship | undefined {
  const access = effectiveAccess(sources);
  if (!access) return undefined;
  return relateKeys(Relationships.REPO_ALLOWS_USER, repoKey, userKey, {
    ...repoPermissionProperties(access.permission),
    directPermission: access.directPermission,
    // Relationship properties are scalars: the sources joined, e.g. `direct,group:devs`.
    via: access.via.join(','),
    // Removing the user from their groups would remove this access: a review's first question.
    onlyViaGroups: access.via.every(
      (v) => v.startsWith('group:') || v.startsWith('project-group:'),
    ),
  });
}
