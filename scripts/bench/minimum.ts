/**
 * The fewest API calls the data requires, endpoint by endpoint: every listing read at the
 * largest `pagelen` the endpoint allows (at least one page per listing, since an empty answer
 * is only known by asking), each object read once, plus the fixed calls — one token grant per
 * OAuth consumer and `validateInvocation`'s read of each workspace with each consumer, whose
 * answer already carries the workspace itself.
 *
 * Page sizes are the documented maxima (/work/shared/docs/bitbucket-cloud-api.md §3,
 * access-data.md §1): 100 for every listing, 50 for pull requests (a larger `pagelen` gets
 * `400 Invalid pagelen`) and for branch restrictions (the legacy documentation's maximum).
 */
import { Dataset, SimRepository, SimWorkspace } from '../../simulator/model';
import type { SimulatorStats } from '../../simulator/server';

export const MAX_PAGELEN = {
  default: 100,
  pullRequests: 50,
  branchRestrictions: 50,
};

/** Endpoint labels as the simulator counts them (`stats().byEndpoint`). */
export const ENDPOINTS = {
  token: 'POST /site/oauth2/access_token',
  workspace: 'GET /2.0/workspaces/{workspace}',
  members: 'GET /2.0/workspaces/{workspace}/members',
  groups: 'GET /1.0/groups/{workspace}',
  projects: 'GET /2.0/workspaces/{workspace}/projects',
  repositories: 'GET /2.0/repositories/{workspace}',
  pullRequests: 'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests',
  roles: 'GET /2.0/workspaces/{workspace}/permissions',
  projectUsers:
    'GET /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/users',
  projectGroups:
    'GET /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
  repoUsers:
    'GET /2.0/repositories/{workspace}/{repo_slug}/permissions-config/users',
  repoGroups:
    'GET /2.0/repositories/{workspace}/{repo_slug}/permissions-config/groups',
  branchRestrictions:
    'GET /2.0/repositories/{workspace}/{repo_slug}/branch-restrictions',
  branchingModel:
    'GET /2.0/repositories/{workspace}/{repo_slug}/branching-model',
} as const;

/** Access-data endpoints (counted only when the access-data steps ran). */
const ACCESS = new Set<string>([
  ENDPOINTS.projectUsers,
  ENDPOINTS.projectGroups,
  ENDPOINTS.repoUsers,
  ENDPOINTS.repoGroups,
  ENDPOINTS.branchRestrictions,
  ENDPOINTS.branchingModel,
]);

export const pages = (n: number, size: number): number =>
  Math.max(1, Math.ceil(n / size));

export interface Minimum {
  /** Calls the data requires (fixed calls excluded). */
  pages: number;
  /** Token grants and validation's workspace reads. */
  fixed: number;
  prsInWindow: number;
  /** Of `pages`, those the access-data steps need (counted only when they ran). */
  permissionPages: number;
  /** Every call of the minimum (fixed ones included) by endpoint label. */
  byEndpoint: Record<string, number>;
}

/**
 * The branching model decides whether a `branching_model` restriction reaches the main branch:
 * it is needed only when the repository has both. An empty repository (no main branch) has no
 * main-branch posture to decide.
 */
export function needsBranchingModel(repo: SimRepository): boolean {
  return (
    repo.mainBranch !== null &&
    (repo.branchRestrictions ?? []).some(
      (b) => b.branchMatchKind === 'branching_model',
    )
  );
}

function add(to: Record<string, number>, endpoint: string, n: number): void {
  if (n > 0) to[endpoint] = (to[endpoint] ?? 0) + n;
}

function workspaceCalls(
  ws: SimWorkspace,
  windowStart: number,
  permissions: boolean,
  to: Record<string, number>,
): number {
  const { default: max } = MAX_PAGELEN;
  // With permissions on, the roles listing (the same members, each with a role) replaces
  // /members: one listing, not both.
  add(
    to,
    permissions ? ENDPOINTS.roles : ENDPOINTS.members,
    pages(ws.memberAccountIds.length, max),
  );
  add(to, ENDPOINTS.groups, 1); // a bare array: every group and its members in one answer
  add(to, ENDPOINTS.projects, pages(ws.projects.length, max));
  add(to, ENDPOINTS.repositories, pages(ws.repositories.length, max));
  let prsInWindow = 0;
  for (const r of ws.repositories) {
    const n = r.pullRequests.filter(
      (pr) => Date.parse(pr.updatedOn) > windowStart,
    ).length;
    prsInWindow += n;
    add(to, ENDPOINTS.pullRequests, pages(n, MAX_PAGELEN.pullRequests));
  }
  if (!permissions) return prsInWindow;
  for (const p of ws.projects) {
    add(to, ENDPOINTS.projectUsers, pages(p.userGrants?.length ?? 0, max));
    add(to, ENDPOINTS.projectGroups, pages(p.groupGrants?.length ?? 0, max));
  }
  for (const r of ws.repositories) {
    add(to, ENDPOINTS.repoUsers, pages(r.userGrants?.length ?? 0, max));
    add(to, ENDPOINTS.repoGroups, pages(r.groupGrants?.length ?? 0, max));
    add(
      to,
      ENDPOINTS.branchRestrictions,
      pages(r.branchRestrictions?.length ?? 0, MAX_PAGELEN.branchRestrictions),
    );
    add(to, ENDPOINTS.branchingModel, needsBranchingModel(r) ? 1 : 0);
  }
  return prsInWindow;
}

export function minimumCalls(
  dataset: Dataset,
  windowStart: number,
  consumers: number,
  permissionsRan: boolean,
): Minimum {
  const byEndpoint: Record<string, number> = {};
  let prsInWindow = 0;
  for (const ws of dataset.workspaces)
    prsInWindow += workspaceCalls(ws, windowStart, permissionsRan, byEndpoint);
  const sum = (keep: (endpoint: string) => boolean) =>
    Object.entries(byEndpoint)
      .filter(([e]) => keep(e))
      .reduce((total, [, n]) => total + n, 0);
  const data = sum(() => true);
  const permissionPages = sum((e) => ACCESS.has(e));
  add(byEndpoint, ENDPOINTS.token, consumers);
  add(byEndpoint, ENDPOINTS.workspace, consumers * dataset.workspaces.length);
  return {
    pages: data,
    fixed: consumers + consumers * dataset.workspaces.length,
    prsInWindow,
    permissionPages,
    byEndpoint,
  };
}

/** Endpoints called more often than the minimum, with how many calls more. */
export function excessCalls(
  actual: Record<string, number>,
  minimum: Record<string, number>,
): Array<{ endpoint: string; calls: number; minimum: number }> {
  return Object.entries(actual)
    .filter(([endpoint, calls]) => calls > (minimum[endpoint] ?? 0))
    .map(([endpoint, calls]) => ({
      endpoint,
      calls,
      minimum: minimum[endpoint] ?? 0,
    }))
    .sort((a, b) => b.calls - b.minimum - (a.calls - a.minimum));
}

/** What the simulator counted next to the minimum, as a measurement records it. */
export function callCounts(
  stats: Pick<
    SimulatorStats,
    'total' | 'tokenRequests' | 'byStatus' | 'byCredential' | 'byEndpoint'
  >,
  min: Minimum,
) {
  const rateLimited = stats.byStatus['429'] ?? 0;
  return {
    calls: stats.total,
    admitted: stats.total - rateLimited - stats.tokenRequests,
    rateLimited,
    byCredential: stats.byCredential,
    // Both by endpoint, so the page can name where calls exceed the minimum.
    byEndpoint: stats.byEndpoint,
    minimumByEndpoint: min.byEndpoint,
    minimum: min.pages + min.fixed,
    minimumFixed: min.fixed,
  };
}
