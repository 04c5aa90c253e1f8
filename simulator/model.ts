/**
 * The simulator's dataset: a neutral description of what a Bitbucket Cloud tenant holds.
 * The server renders these records into the API's JSON shapes; tests compute the expected
 * graph from the same records. Times are ISO-8601 strings in UTC with microseconds, as the
 * real API writes them (`2023-12-14T13:28:32.031209+00:00`).
 */

export type AccountStatus = 'active' | 'inactive' | 'closed';

/** An Atlassian account: a person (`user`) or an app/access-token principal (`app_user`). */
export interface SimAccount {
  type: 'user' | 'app_user';
  /** `{xxxxxxxx-xxxx-...}` with braces, as Bitbucket writes uuids. */
  uuid: string;
  /** Atlassian account id, e.g. `63b448012c70aae1e6fae7ff` or `557058:<uuid>`. */
  accountId: string;
  displayName: string;
  nickname: string;
  accountStatus: AccountStatus;
  createdOn: string;
  /** app_user only: e.g. `access_token`, `forge`. */
  kind?: string;
}

export interface SimGroup {
  slug: string;
  name: string;
  autoAdd: boolean;
  permission: 'read' | 'write' | 'admin' | null;
  emailForwardingDisabled: boolean | null;
  /** Who owns the group in `/1.0/groups`: the workspace's team account, or a user. */
  owner: { kind: 'team' } | { kind: 'user'; accountId: string };
  memberAccountIds: string[];
}

export interface SimProject {
  uuid: string;
  key: string;
  name: string;
  description: string;
  isPrivate: boolean;
  hasPubliclyVisibleRepos: boolean;
  createdOn: string;
  updatedOn: string;
}

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

export interface SimParticipant {
  accountId: string;
  role: 'REVIEWER' | 'PARTICIPANT';
  approved: boolean;
  state: 'approved' | 'changes_requested' | null;
  participatedOn: string | null;
}

export interface SimPullRequest {
  /** Unique within its destination repository. */
  id: number;
  title: string;
  description: string;
  state: PullRequestState;
  draft: boolean;
  authorAccountId: string;
  /** The source repository's uuid; equals the destination's unless the PR comes from a fork. */
  sourceRepositoryUuid: string;
  sourceBranch: string;
  sourceCommit: string;
  destinationBranch: string;
  destinationCommit: string;
  mergeCommit: string | null;
  closedByAccountId: string | null;
  reason: string;
  closeSourceBranch: boolean;
  commentCount: number;
  taskCount: number;
  createdOn: string;
  updatedOn: string;
  /** Account ids of the requested reviewers. */
  reviewerAccountIds: string[];
  participants: SimParticipant[];
}

export interface SimRepository {
  uuid: string;
  slug: string;
  name: string;
  description: string;
  isPrivate: boolean;
  forkPolicy: 'allow_forks' | 'no_public_forks' | 'no_forks';
  language: string;
  mainBranch: string | null;
  size: number;
  hasIssues: boolean;
  hasWiki: boolean;
  website: string | null;
  /** The project key this repository belongs to (every Cloud repository has one). */
  projectKey: string;
  /** The uuid of the repository this one was forked from, if any (same workspace). */
  parentUuid: string | null;
  createdOn: string;
  updatedOn: string;
  pullRequests: SimPullRequest[];
}

export interface SimWorkspace {
  uuid: string;
  slug: string;
  name: string;
  isPrivate: boolean;
  isPrivacyEnforced: boolean;
  forkingMode: 'allow_forks' | 'internal_only';
  createdOn: string;
  updatedOn: string;
  /** Account ids of current members (a subset of Dataset.accounts). */
  memberAccountIds: string[];
  groups: SimGroup[];
  projects: SimProject[];
  repositories: SimRepository[];
}

export interface Dataset {
  /** The simulator's "now"; pull request times are spread relative to it. */
  now: string;
  /** Every account that appears anywhere, members and former members alike. */
  accounts: SimAccount[];
  workspaces: SimWorkspace[];
}
