import { highest, RepoLevel } from './levels';

/** One reason a user can reach a repository, and the level it gives. */
export interface AccessSource {
  /** `direct`, `group:<slug>`, `project`, `project-group:<slug>` or `workspace-owner`. */
  via: string;
  level: RepoLevel;
}

const ORDER = [
  'direct',
  'group:',
  'project',
  'project-group:',
  'workspace-owner',
];

function rank(via: string): number {
  // `project-group:` must win over its prefix `project`.
  if (via.startsWith('project-group:')) return 3;
  return ORDER.findIndex((p) =>
    p.endsWith(':') ? via.startsWith(p) : via === p,
  );
}

export interface EffectiveAccess {
  permission: RepoLevel;
  /** The user's own grant on the repository, if any. */
  directPermission?: RepoLevel;
  /** Every source, direct first, then groups, project, project groups, ownership. */
  via: string[];
}

/** The highest level over every source, with all the sources; undefined when there is none. */
export function effectiveAccess(
  sources: AccessSource[],
): EffectiveAccess | undefined {
  const permission = highest(sources.map((s) => s.level));
  if (!permission) return undefined;
  const via = [...new Set(sources.map((s) => s.via))].sort((a, b) => {
    const byKind = rank(a) - rank(b);
    return byKind !== 0 ? byKind : a < b ? -1 : a > b ? 1 : 0;
  });
  return {
    permission,
    directPermission: sources.find((s) => s.via === 'direct')?.level,
    via,
  };
}
