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
  /** The group's workspace privilege, rendered as the undeclared `account_privilege` the recordings show. */
  accountPrivilege?: 'admin' | 'collaborator' | null;
}

/** Repository levels; `none` appears in GET answers though it cannot be set. */
export type RepoPermission = 'read' | 'write' | 'admin' | 'none';
/** Project levels, each including those before it (`create-repo` counts as `write` on its repositories). */
export type ProjectPermission =
  'read' | 'write' | 'create-repo' | 'admin' | 'none';

export interface SimUserGrant<P> {
  accountId: string;
  permission: P;
}

export interface SimGroupGrant<P> {
  groupSlug: string;
  permission: P;
}

export type BranchType =
  'feature' | 'bugfix' | 'release' | 'hotfix' | 'development' | 'production';

/** A repository's own branching model; a repository without one has Bitbucket's default. */
export interface SimBranchingModel {
  /** `useMainbranch` tracks the repository's main branch; otherwise `name` is the branch. */
  development: { name: string | null; useMainbranch: boolean };
  /** null when production is disabled (the API then omits it). */
  production: { name: string | null; useMainbranch: boolean } | null;
  /** Disabled types are kept so a test can see them left out of the answer. */
  branchTypes: Array<{
    kind: 'feature' | 'bugfix' | 'release' | 'hotfix';
    prefix: string;
    enabled: boolean;
  }>;
}

export interface SimBranchRestriction {
  /** Bitbucket's ids are global integers; unique within the dataset here. */
  id: number;
  kind: string;
  branchMatchKind: 'glob' | 'branching_model';
  /** The glob; '' for branching_model restrictions, as the API returns them. */
  pattern: string;
  /** branching_model restrictions only. */
  branchType?: BranchType;
  value: number | null;
  /** Exempt users and groups (only `push` and `restrict_merges` carry any). */
  userAccountIds: string[];
  groupSlugs: string[];
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
  /** Explicit grants (`permissions-config`); absent = none. */
  userGrants?: SimUserGrant<ProjectPermission>[];
  groupGrants?: SimGroupGrant<ProjectPermission>[];
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
  /** Explicit grants (`permissions-config`); absent = none. */
  userGrants?: SimUserGrant<RepoPermission>[];
  groupGrants?: SimGroupGrant<RepoPermission>[];
  /** Absent: Bitbucket's default model (development = main branch, no production). */
  branchingModel?: SimBranchingModel;
  branchRestrictions?: SimBranchRestriction[];
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
  /** Members whose workspace permission is `owner` (the others are `member`). */
  ownerAccountIds?: string[];
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
