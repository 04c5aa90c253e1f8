/**
 * The parts of Bitbucket Cloud API responses this integration reads, as the official OpenAPI
 * spec (`../shared/bitbucket/openapi/`) and the recorded responses describe them. Optional
 * where the API may omit a field.
 */

export interface Link {
  href: string;
  name?: string;
}

export type Links = Record<string, Link | Link[] | undefined>;

export interface Paginated<T> {
  size?: number;
  page?: number;
  pagelen?: number;
  next?: string;
  previous?: string;
  values: T[];
}

/** `user` or `app_user` (an access token or app acting as a principal). */
export interface BitbucketAccount {
  /** `user`, `app_user` (an access token or app acting as a principal) or `team`. */
  type: string;
  uuid: string;
  account_id?: string | null;
  display_name?: string;
  nickname?: string;
  account_status?: string;
  kind?: string;
  created_on?: string;
  links?: Links;
}

export interface BitbucketWorkspace {
  type: 'workspace';
  uuid: string;
  name: string;
  slug: string;
  is_private?: boolean;
  is_privacy_enforced?: boolean;
  forking_mode?: string;
  created_on?: string;
  updated_on?: string;
  links?: Links;
}

export interface BitbucketWorkspaceMembership {
  type: 'workspace_membership';
  user: BitbucketAccount;
  workspace: BitbucketWorkspace;
  links?: Links;
}

/** A member as the legacy `/1.0/groups/{workspace}` embeds it. */
export interface BitbucketV1GroupMember {
  uuid: string;
  account_id: string | null;
  display_name: string;
  nickname: string;
  is_active?: boolean;
  is_team?: boolean;
  is_staff?: boolean;
  avatar?: string;
  resource_uri?: string;
}

/** One element of the bare array `/1.0/groups/{workspace}` answers. */
export interface BitbucketV1Group {
  name: string;
  slug: string;
  auto_add: boolean;
  permission: string | null;
  email_forwarding_disabled?: boolean | null;
  owner: BitbucketV1GroupMember;
  members: BitbucketV1GroupMember[];
}

export interface BitbucketProject {
  type: 'project';
  uuid: string;
  key: string;
  name: string;
  description?: string;
  is_private?: boolean;
  has_publicly_visible_repos?: boolean;
  created_on?: string;
  updated_on?: string;
  owner?: BitbucketAccount;
  workspace?: BitbucketWorkspace;
  links?: Links;
}

export interface BitbucketRepository {
  type: 'repository';
  uuid: string;
  name: string;
  slug?: string;
  full_name: string;
  description?: string;
  is_private?: boolean;
  fork_policy?: string;
  language?: string;
  scm?: string;
  size?: number;
  has_issues?: boolean;
  has_wiki?: boolean;
  website?: string | null;
  created_on?: string;
  updated_on?: string;
  mainbranch?: { name: string; type?: string } | null;
  project?: Pick<BitbucketProject, 'type' | 'uuid' | 'key' | 'name' | 'links'>;
  parent?: Pick<
    BitbucketRepository,
    'type' | 'uuid' | 'full_name' | 'name' | 'links'
  > | null;
  owner?: BitbucketAccount;
  workspace?: Pick<
    BitbucketWorkspace,
    'type' | 'uuid' | 'slug' | 'name' | 'links'
  >;
  links?: Links;
}

export interface BitbucketPullRequestEndpoint {
  repository?: Pick<
    BitbucketRepository,
    'type' | 'uuid' | 'full_name' | 'name' | 'links'
  >;
  branch?: { name: string };
  commit?: { hash: string; type?: string; links?: Links } | null;
}

export interface BitbucketParticipant {
  type: 'participant';
  user: BitbucketAccount;
  role: 'PARTICIPANT' | 'REVIEWER';
  approved: boolean;
  state?: 'approved' | 'changes_requested' | null;
  participated_on?: string | null;
}

export interface BitbucketPullRequest {
  type: 'pullrequest';
  id: number;
  title: string;
  state: 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
  draft?: boolean;
  author?: BitbucketAccount;
  source: BitbucketPullRequestEndpoint;
  destination: BitbucketPullRequestEndpoint;
  merge_commit?: { hash: string } | null;
  closed_by?: BitbucketAccount | null;
  reason?: string;
  summary?: { raw?: string; markup?: string; html?: string };
  close_source_branch?: boolean;
  comment_count?: number;
  task_count?: number;
  created_on: string;
  updated_on: string;
  /** Present on the list only when `fields=%2Bvalues.reviewers` asks for it. */
  reviewers?: BitbucketAccount[];
  /** Present on the list only when `fields=%2Bvalues.participants` asks for it. */
  participants?: BitbucketParticipant[];
  links?: Links;
}
