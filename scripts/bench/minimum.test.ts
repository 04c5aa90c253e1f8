import {
  Dataset,
  SimBranchRestriction,
  SimProject,
  SimPullRequest,
  SimRepository,
  SimWorkspace,
} from '../../simulator/model';
import { callCounts, ENDPOINTS, excessCalls, minimumCalls } from './minimum';
import { excessList } from './markdown';
import type { Measurement } from './scenarios';

const T = '2026-11-30T12:00:00.000000+00:00';
const WINDOW_START = Date.parse('2026-11-30T00:00:00Z');
const IN = '2026-11-30T06:00:00.000000+00:00';
const OUT = '2026-11-29T06:00:00.000000+00:00';

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function pr(id: number, updatedOn: string): SimPullRequest {
  return {
    id,
    title: '',
    description: '',
    state: 'OPEN',
    draft: false,
    authorAccountId: 'u0',
    sourceRepositoryUuid: '{r}',
    sourceBranch: 'f',
    sourceCommit: 'a',
    destinationBranch: 'main',
    destinationCommit: 'b',
    mergeCommit: null,
    closedByAccountId: null,
    reason: '',
    closeSourceBranch: false,
    commentCount: 0,
    taskCount: 0,
    createdOn: T,
    updatedOn,
    reviewerAccountIds: [],
    participants: [],
  };
}

function restriction(
  id: number,
  branchMatchKind: 'glob' | 'branching_model',
): SimBranchRestriction {
  return {
    id,
    kind: 'push',
    branchMatchKind,
    pattern: branchMatchKind === 'glob' ? 'main' : '',
    value: null,
    userAccountIds: [],
    groupSlugs: [],
  };
}

function repo(
  slug: string,
  o: {
    inWindow: number;
    outOfWindow?: number;
    users: number;
    groups: number;
    restrictions: SimBranchRestriction[];
    mainBranch?: string | null;
  },
): SimRepository {
  return {
    uuid: `{${slug}}`,
    slug,
    name: slug,
    description: '',
    isPrivate: true,
    forkPolicy: 'no_forks',
    language: '',
    mainBranch: o.mainBranch === undefined ? 'main' : o.mainBranch,
    size: 0,
    hasIssues: false,
    hasWiki: false,
    website: null,
    userGrants: ids('u', o.users).map((accountId) => ({
      accountId,
      permission: 'read',
    })),
    groupGrants: ids('g', o.groups).map((groupSlug) => ({
      groupSlug,
      permission: 'read',
    })),
    branchRestrictions: o.restrictions,
    projectKey: 'P1',
    parentUuid: null,
    createdOn: T,
    updatedOn: T,
    pullRequests: [
      ...ids('', o.inWindow).map((_, i) => pr(i + 1, IN)),
      ...ids('', o.outOfWindow ?? 0).map((_, i) => pr(1000 + i, OUT)),
    ],
  };
}

function project(key: string, users: number, groups: number): SimProject {
  return {
    uuid: `{${key}}`,
    key,
    name: key,
    description: '',
    isPrivate: true,
    hasPubliclyVisibleRepos: false,
    createdOn: T,
    updatedOn: T,
    userGrants: ids('u', users).map((accountId) => ({
      accountId,
      permission: 'read',
    })),
    groupGrants: ids('g', groups).map((groupSlug) => ({
      groupSlug,
      permission: 'read',
    })),
  };
}

function workspace(
  slug: string,
  members: number,
  projects: SimProject[],
  repositories: SimRepository[],
): SimWorkspace {
  return {
    uuid: `{${slug}}`,
    slug,
    name: slug,
    isPrivate: true,
    isPrivacyEnforced: false,
    forkingMode: 'allow_forks',
    createdOn: T,
    updatedOn: T,
    memberAccountIds: ids('u', members),
    groups: [],
    projects,
    repositories,
  };
}

// Each number below is a page count at 100 per page (50 for pull requests and restrictions).
const dataset: Dataset = {
  now: T,
  accounts: [],
  workspaces: [
    workspace(
      'a',
      250, // members or roles: 3
      [project('P1', 101, 0), project('P2', 3, 2)], // users 2 + 1, groups 1 + 1
      [
        // pull requests 3, users 1, groups 1, restrictions 2, branching model 1
        repo('r1', {
          inWindow: 120,
          outOfWindow: 5,
          users: 0,
          groups: 100,
          restrictions: [
            restriction(1, 'branching_model'),
            ...ids('', 50).map((_, i) => restriction(10 + i, 'glob')),
          ],
        }),
        // pull requests 1, users 3, groups 1, restrictions 1, no branching model
        repo('r2', { inWindow: 0, users: 201, groups: 1, restrictions: [] }),
        // no main branch, so its branching-model restriction decides no posture: no model
        repo('r3', {
          inWindow: 50,
          users: 1,
          groups: 0,
          restrictions: [
            restriction(2, 'branching_model'),
            restriction(3, 'glob'),
          ],
          mainBranch: null,
        }),
      ],
    ),
    // Empty listings still take one page each: members, projects, repositories.
    workspace('b', 0, [], []),
  ],
};

describe('the minimum number of calls', () => {
  test('permissions off: members, groups, projects, repositories, pull requests', () => {
    const min = minimumCalls(dataset, WINDOW_START, 2, false);
    // a: 3 + 1 + 1 + 1 + (3 + 1 + 1); b: 1 + 1 + 1 + 1
    expect(min.pages).toBe(15);
    expect(min.prsInWindow).toBe(170);
    expect(min.permissionPages).toBe(0);
    // 2 token grants, each consumer reads each of the 2 workspaces
    expect(min.fixed).toBe(6);
    expect(min.byEndpoint).toEqual({
      [ENDPOINTS.members]: 4,
      [ENDPOINTS.groups]: 2,
      [ENDPOINTS.projects]: 2,
      [ENDPOINTS.repositories]: 2,
      [ENDPOINTS.pullRequests]: 5,
      [ENDPOINTS.token]: 2,
      [ENDPOINTS.workspace]: 4,
    });
  });

  test('permissions on: roles instead of members, and every grant and restriction page', () => {
    const min = minimumCalls(dataset, WINDOW_START, 1, true);
    expect(min.byEndpoint).toEqual({
      [ENDPOINTS.roles]: 4,
      [ENDPOINTS.groups]: 2,
      [ENDPOINTS.projects]: 2,
      [ENDPOINTS.repositories]: 2,
      [ENDPOINTS.pullRequests]: 5,
      [ENDPOINTS.projectUsers]: 3,
      [ENDPOINTS.projectGroups]: 2,
      [ENDPOINTS.repoUsers]: 5,
      [ENDPOINTS.repoGroups]: 3,
      [ENDPOINTS.branchRestrictions]: 4,
      [ENDPOINTS.branchingModel]: 1,
      [ENDPOINTS.token]: 1,
      [ENDPOINTS.workspace]: 2,
    });
    expect(min.permissionPages).toBe(3 + 2 + 5 + 3 + 4 + 1);
    expect(min.pages).toBe(15 + 18);
    expect(min.fixed).toBe(3);
  });

  test('names the endpoints called more often than the minimum', () => {
    expect(
      excessCalls({ a: 3, b: 2, c: 9, d: 1 }, { a: 3, b: 1, c: 5, e: 4 }),
    ).toEqual([
      { endpoint: 'c', calls: 9, minimum: 5 },
      { endpoint: 'b', calls: 2, minimum: 1 },
      { endpoint: 'd', calls: 1, minimum: 0 },
    ]);
  });

  test('a measurement records calls by endpoint next to the minimum, so the page can list the excess', () => {
    const min = minimumCalls(dataset, WINDOW_START, 1, false);
    const counts = callCounts(
      {
        total: 30,
        tokenRequests: 1,
        byStatus: { '200': 27, '429': 2 },
        byCredential: { 'oauth:bench-1': 30 },
        byEndpoint: { ...min.byEndpoint, [ENDPOINTS.members]: 6 },
      },
      min,
    );
    expect(counts.admitted).toBe(27);
    expect(counts.rateLimited).toBe(2);
    expect(counts.minimum).toBe(min.pages + min.fixed);
    const measured = {
      ...counts,
      options: { label: 'small', permissions: false },
    } as unknown as Measurement;
    expect(excessList([measured])).toContain(
      `\`${ENDPOINTS.members}\` 6 (minimum 4)`,
    );
  });
});
