/**
 * A small hand-written dataset whose every value the simulator tests can name exactly.
 */
import { Dataset, SimBranchRestriction, SimPullRequest } from './model';

export const FIXTURE_NOW = '2026-11-23T12:00:00.000000+00:00';

const hoursAgo = (h: number) =>
  new Date(Date.parse('2026-11-23T12:00:00Z') - h * 3_600_000)
    .toISOString()
    .replace(/\.(\d{3})Z$/, '.$1000+00:00');

export const ALICE = '5f0c2d1e9a8b7c6d5e4f3a21';
export const BOB = '557058:0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';
export const FORMER = '60aa11bb22cc33dd44ee55ff';

function pr(id: number, patch: Partial<SimPullRequest>): SimPullRequest {
  return {
    id,
    title: `Change ${id}`,
    description: `Description ${id}`,
    state: 'OPEN',
    draft: false,
    authorAccountId: ALICE,
    sourceRepositoryUuid: '{aaaaaaaa-0000-4000-8000-000000000001}',
    sourceBranch: `feature/${id}`,
    sourceCommit: 'a'.repeat(40),
    destinationBranch: 'main',
    destinationCommit: 'b'.repeat(40),
    mergeCommit: null,
    closedByAccountId: null,
    reason: '',
    closeSourceBranch: true,
    commentCount: 0,
    taskCount: 0,
    createdOn: hoursAgo(1000 + id),
    updatedOn: hoursAgo(1000 - id),
    reviewerAccountIds: [],
    participants: [],
    ...patch,
  };
}

/** Twelve restrictions on api.gateway (two pages at the default 10), newest id first when served. */
function restriction(
  id: number,
  kind: string,
  patch: Partial<SimBranchRestriction> = {},
): SimBranchRestriction {
  return {
    id,
    kind,
    branchMatchKind: 'glob',
    pattern: 'main',
    value: null,
    userAccountIds: [],
    groupSlugs: [],
    ...patch,
  };
}

export const FIXTURE_RESTRICTIONS: SimBranchRestriction[] = [
  restriction(101, 'push', {
    userAccountIds: [BOB],
    groupSlugs: ['administrators'],
  }),
  restriction(102, 'force'),
  restriction(103, 'delete'),
  restriction(104, 'require_approvals_to_merge', { value: 2 }),
  restriction(105, 'require_passing_builds_to_merge', { value: 1 }),
  restriction(106, 'require_no_changes_requested'),
  restriction(107, 'reset_pullrequest_approvals_on_change'),
  restriction(108, 'require_tasks_to_be_completed', { pattern: 'release/*' }),
  restriction(109, 'restrict_merges', {
    branchMatchKind: 'branching_model',
    pattern: '',
    branchType: 'production',
    userAccountIds: [ALICE],
  }),
  restriction(110, 'require_commits_behind', {
    branchMatchKind: 'branching_model',
    pattern: '',
    branchType: 'development',
    value: 5,
  }),
  restriction(111, 'force', {
    branchMatchKind: 'branching_model',
    pattern: '',
    branchType: 'release',
  }),
  restriction(112, 'enforce_merge_checks', { pattern: '*' }),
];

export function fixtureDataset(): Dataset {
  const many: SimPullRequest[] = [];
  for (let id = 1; id <= 60; id++) {
    many.push(
      pr(id, {
        state: id % 3 === 0 ? 'MERGED' : id % 3 === 1 ? 'OPEN' : 'DECLINED',
        // PRs 51..60 were updated in the last 10 hours; the rest long ago.
        updatedOn: id > 50 ? hoursAgo(61 - id) : hoursAgo(500 + id),
      }),
    );
  }
  many[59] = {
    ...many[59],
    reviewerAccountIds: [BOB],
    participants: [
      {
        accountId: BOB,
        role: 'REVIEWER',
        approved: true,
        state: 'approved',
        participatedOn: hoursAgo(1),
      },
      {
        accountId: FORMER,
        role: 'PARTICIPANT',
        approved: false,
        state: 'changes_requested',
        participatedOn: hoursAgo(2),
      },
    ],
  };
  return {
    now: FIXTURE_NOW,
    accounts: [
      {
        type: 'user',
        uuid: '{11111111-1111-4111-8111-111111111111}',
        accountId: ALICE,
        displayName: 'Zoë Ångström',
        nickname: 'zoe',
        accountStatus: 'active',
        createdOn: hoursAgo(20000),
      },
      {
        type: 'user',
        uuid: '{22222222-2222-4222-8222-222222222222}',
        accountId: BOB,
        displayName: 'Bob',
        nickname: 'bob',
        accountStatus: 'active',
        createdOn: hoursAgo(20000),
      },
      {
        type: 'user',
        uuid: '{33333333-3333-4333-8333-333333333333}',
        accountId: FORMER,
        displayName: 'Former Person',
        nickname: 'former',
        accountStatus: 'closed',
        createdOn: hoursAgo(30000),
      },
    ],
    workspaces: [
      {
        uuid: '{99999999-9999-4999-8999-999999999999}',
        slug: 'acme',
        name: 'Acme',
        isPrivate: true,
        isPrivacyEnforced: false,
        forkingMode: 'allow_forks',
        createdOn: hoursAgo(40000),
        updatedOn: hoursAgo(100),
        memberAccountIds: [ALICE, BOB],
        ownerAccountIds: [ALICE],
        groups: [
          {
            slug: 'administrators',
            name: 'Administrators',
            autoAdd: false,
            permission: 'admin',
            emailForwardingDisabled: null,
            owner: { kind: 'team' },
            memberAccountIds: [ALICE],
            accountPrivilege: 'admin',
          },
        ],
        projects: [
          {
            uuid: '{44444444-4444-4444-8444-444444444444}',
            key: 'SEC',
            name: 'Security',
            description: '',
            isPrivate: true,
            hasPubliclyVisibleRepos: false,
            createdOn: hoursAgo(30000),
            updatedOn: hoursAgo(300),
            userGrants: [{ accountId: BOB, permission: 'create-repo' }],
            groupGrants: [{ groupSlug: 'administrators', permission: 'admin' }],
          },
        ],
        repositories: [
          {
            uuid: '{aaaaaaaa-0000-4000-8000-000000000001}',
            slug: 'api.gateway',
            name: 'API Gateway',
            description: 'edge',
            isPrivate: true,
            forkPolicy: 'no_public_forks',
            language: 'typescript',
            mainBranch: 'main',
            size: 1024,
            hasIssues: false,
            hasWiki: false,
            website: null,
            projectKey: 'SEC',
            parentUuid: null,
            createdOn: hoursAgo(25000),
            updatedOn: hoursAgo(10),
            pullRequests: many,
            userGrants: [
              { accountId: ALICE, permission: 'admin' },
              { accountId: BOB, permission: 'read' },
            ],
            groupGrants: [{ groupSlug: 'administrators', permission: 'write' }],
            branchingModel: {
              development: { name: 'develop', useMainbranch: false },
              production: { name: null, useMainbranch: true },
              branchTypes: [
                { kind: 'feature', prefix: 'feature/', enabled: true },
                { kind: 'bugfix', prefix: 'bugfix/', enabled: true },
                { kind: 'release', prefix: 'release/', enabled: true },
                { kind: 'hotfix', prefix: 'hotfix/', enabled: false },
              ],
            },
            branchRestrictions: FIXTURE_RESTRICTIONS.map((b) => ({ ...b })),
          },
          {
            uuid: '{aaaaaaaa-0000-4000-8000-000000000002}',
            slug: 'infra_tools',
            name: 'Infra tools',
            description: '',
            isPrivate: false,
            forkPolicy: 'allow_forks',
            language: '',
            mainBranch: null,
            size: 0,
            hasIssues: false,
            hasWiki: false,
            website: null,
            projectKey: 'SEC',
            parentUuid: '{aaaaaaaa-0000-4000-8000-000000000001}',
            createdOn: hoursAgo(2000),
            updatedOn: hoursAgo(2000),
            pullRequests: [],
            userGrants: [{ accountId: BOB, permission: 'none' }],
          },
        ],
      },
    ],
  };
}
