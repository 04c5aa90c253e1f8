/**
 * A small hand-written dataset whose every value the simulator tests can name exactly.
 */
import { Dataset, SimPullRequest } from './model';

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
        groups: [
          {
            slug: 'administrators',
            name: 'Administrators',
            autoAdd: false,
            permission: 'admin',
            emailForwardingDisabled: null,
            owner: { kind: 'team' },
            memberAccountIds: [ALICE],
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
          },
        ],
      },
    ],
  };
}
