/**
 * The data the access review page carries, compacted: people, groups, projects and repositories
 * are listed once and referred to by index, and effective access is a flat list of integers per
 * repository, so 160,000 access edges stay a couple of megabytes in the page.
 */

/** Whether a section's data is in the graph: it decides between a table and a notice. */
export type SectionState = 'collected' | 'partial' | 'not-collected';

export interface SectionStatus {
  state: SectionState;
  /** One line for the reader: why the data is missing or partial; empty when complete. */
  note: string;
}

export type SectionId =
  | 'roles'
  | 'projectGrants'
  | 'repoGroupGrants'
  | 'access'
  | 'restrictions'
  | 'posture'
  | 'pullRequests';

export interface RunStep {
  id: string;
  name: string;
  status: string;
  partialTypes: string[];
  /** What the status means for the data, in words. */
  note: string;
}

export interface ReportUser {
  /** Display name. */
  n: string;
  /** Account id. */
  a: string;
  /** Nickname or username, for search. */
  u: string;
  /** Link to Bitbucket. */
  l: string;
  /** Workspace roles (`owner`, `member`), when collected. */
  r?: string[];
}

export interface ReportGroup {
  n: string;
  slug: string;
  /** Workspace slug. */
  w: string;
  /** Member user indexes. */
  m: number[];
}

export interface ReportProject {
  n: string;
  key: string;
  l: string;
}

export interface ReportRepo {
  /** Full name, `workspace/slug`. */
  n: string;
  /** Project index, or -1. */
  p: number;
  l: string;
  pub: boolean;
  fork: string;
  mb: string;
  /** Main-branch posture as collected; absent when it was not (never read as false). */
  push?: boolean;
  force?: boolean;
  del?: boolean;
  appr?: number;
  builds?: number;
  /** Pull requests collected in the window, for the graph view. */
  prs: number;
}

/** `[repo, kind, pattern, value (or null), exempt user indexes, exempt group indexes]`. */
export type ReportRestriction = [
  number,
  string,
  string,
  number | null,
  number[],
  number[],
];

/** `[project, 'u' | 'g', user or group index, permission]`. */
export type ProjectGrant = [number, 'u' | 'g', number, string];

/** `[repo, group, permission]`. */
export type RepoGroupGrant = [number, number, string];

/** `[workspace index, user index, how we know: 'role' | 'manages' | 'role+manages']`. */
export type WorkspaceOwner = [number, number, string];

export interface FlaggedPullRequest {
  /** Repository full name. */
  r: string;
  id: string;
  t: string;
  /** Author display name. */
  a: string;
  s: string;
  l: string;
  /** Updated, ISO date. */
  u: string;
  /** Approvers' display names. */
  ap: string[];
  /** Merged without an approval from someone other than the author. */
  unapproved: boolean;
  selfApproved: boolean;
  /** Approvers who are not (or no longer) members of the workspace. */
  nonMembers: string[];
}

export type GraphPullRequest = [
  number,
  string,
  string,
  string,
  string,
  number | string | null,
  Array<number | string>,
];

export interface ReportData {
  generatedAt: string;
  /** When the summary was written: the end of the collection. */
  collectedAt: string | null;
  workspaces: Array<{ n: string; slug: string; l: string }>;
  steps: RunStep[];
  partialTypes: string[];
  /** Objects per `_type`. */
  counts: Record<string, number>;
  sections: Record<SectionId, SectionStatus>;
  users: ReportUser[];
  groups: ReportGroup[];
  projects: ReportProject[];
  repos: ReportRepo[];
  owners: WorkspaceOwner[];
  projectGrants: ProjectGrant[];
  repoGroupGrants: RepoGroupGrant[];
  /** Distinct `via` lists, each joined by `,`; access entries refer to them by index. */
  vias: string[];
  /**
   * Effective access per repository: `[user, code, via, user, code, via, …]` where
   * `code = permission + 4 × directPermission` (0 none, 1 read, 2 write, 3 admin).
   */
  access: number[][];
  accessCount: number;
  restrictions: ReportRestriction[];
  /**
   * Every pull request for the graph view: `[repo, id, title, state, link, author, approvers]`,
   * a person by user index when a member and by display name when not (`null`: unknown).
   */
  graphPullRequests: GraphPullRequest[];
  pullRequests: {
    total: number;
    merged: number;
    /** Oldest and newest `updatedOn` among the collected pull requests. */
    from: string | null;
    to: string | null;
    flagged: FlaggedPullRequest[];
  };
}

export const PERMISSION_LEVELS = ['none', 'read', 'write', 'admin'];

/** 0 none, 1 read, 2 write, 3 admin; `create-repo` counts as write on the project's repositories. */
export function permissionLevel(value: unknown): number {
  if (value === 'admin') return 3;
  if (value === 'write' || value === 'create-repo') return 2;
  if (value === 'read') return 1;
  return 0;
}
