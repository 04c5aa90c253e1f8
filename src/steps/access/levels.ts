/**
 * Permission levels and how they combine. Bitbucket's levels include those below them
 * (admin > create-repo > write > read); effective repository access is the highest level any
 * source grants, and `create-repo` on a project counts as `write` on its repositories.
 */

export type RepoLevel = 'read' | 'write' | 'admin';
export type ProjectLevel = RepoLevel | 'create-repo';

const REPO_RANK: Record<RepoLevel, number> = { read: 1, write: 2, admin: 3 };

/** A level the API may return, or undefined for `none` and anything unknown (no access). */
export function repoLevel(
  value: string | null | undefined,
): RepoLevel | undefined {
  return value === 'read' || value === 'write' || value === 'admin'
    ? value
    : undefined;
}

export function projectLevel(
  value: string | null | undefined,
): ProjectLevel | undefined {
  return value === 'create-repo' ? value : repoLevel(value);
}

/** What a project grant gives on the project's repositories. */
export function repoLevelFromProject(level: ProjectLevel): RepoLevel {
  return level === 'create-repo' ? 'write' : level;
}

export function highest(levels: RepoLevel[]): RepoLevel | undefined {
  let best: RepoLevel | undefined;
  for (const level of levels) {
    if (!best || REPO_RANK[level] > REPO_RANK[best]) best = level;
  }
  return best;
}

/** Cumulative booleans of a repository level. */
export function repoPermissionProperties(level: RepoLevel) {
  return {
    permission: level,
    readPermission: true,
    writePermission: level !== 'read',
    adminPermission: level === 'admin',
  };
}

/** Cumulative booleans of a project level. */
export function projectPermissionProperties(level: ProjectLevel) {
  return {
    permission: level,
    readPermission: true,
    writePermission: level !== 'read',
    createRepoPermission: level === 'create-repo' || level === 'admin',
    adminPermission: level === 'admin',
  };
}
