/**
 * Hand-written response types of the access endpoints (roles, permissions, branch
 * restrictions), from the OpenAPI spec and the recordings `fetch-repo-permissions.har` and
 * `fetch-repo-branch-restrictions.har`. Fields the spec does not declare but the API returns
 * are marked; every field we do not read stays optional.
 */
import { BitbucketAccount, Links } from './types';

/** `GET /workspaces/{ws}/permissions`: a membership with the undeclared `permission`. */
export interface BitbucketWorkspacePermission {
  type: string;
  /** Undeclared in the spec: `owner`, `collaborator` (deprecated) or `member`. */
  permission?: string;
  user: BitbucketAccount;
  workspace?: { uuid: string; slug: string };
  links?: Links;
}

export type BitbucketRepositoryPermissionLevel =
  'read' | 'write' | 'admin' | 'none';
export type BitbucketProjectPermissionLevel =
  BitbucketRepositoryPermissionLevel | 'create-repo';

/** The group object the permissions-config endpoints embed. */
export interface BitbucketPermissionGroup {
  type?: string;
  slug: string;
  name?: string;
  full_slug?: string;
  workspace?: { uuid: string; slug: string };
  /** Undeclared; `null` in the recordings. */
  default_permission?: string | null;
  /** Undeclared; `null` in the recordings. */
  account_privilege?: string | null;
  links?: Links;
}

export interface BitbucketRepositoryUserPermission {
  type: string;
  permission: BitbucketRepositoryPermissionLevel;
  user: BitbucketAccount;
  links?: Links;
}

export interface BitbucketRepositoryGroupPermission {
  type: string;
  permission: BitbucketRepositoryPermissionLevel;
  group: BitbucketPermissionGroup;
  links?: Links;
}

export interface BitbucketProjectUserPermission {
  type: string;
  permission: BitbucketProjectPermissionLevel;
  user: BitbucketAccount;
  links?: Links;
}

export interface BitbucketProjectGroupPermission {
  type: string;
  permission: BitbucketProjectPermissionLevel;
  group: BitbucketPermissionGroup;
  links?: Links;
}

export interface BitbucketBranchRestriction {
  type: string;
  id: number;
  kind: string;
  branch_match_kind: string;
  /** Set when `branch_match_kind` is `branching_model`. */
  branch_type?: string;
  /** The glob when `branch_match_kind` is `glob`; may be empty otherwise. */
  pattern?: string;
  /** Approvals, builds or commits behind; `null` for kinds without a number. */
  value?: number | null;
  /** Exempt users and groups (only `push` and `restrict_merges` carry them). */
  users?: BitbucketAccount[];
  groups?: BitbucketPermissionGroup[];
  links?: Links;
}

export interface BitbucketBranchingModelBranch {
  name?: string | null;
  use_mainbranch?: boolean;
  enabled?: boolean;
  branch?: { name?: string } | null;
}

export interface BitbucketBranchingModel {
  type?: string;
  development?: BitbucketBranchingModelBranch | null;
  production?: BitbucketBranchingModelBranch | null;
  branch_types?: Array<{ kind: string; prefix: string; enabled?: boolean }>;
  links?: Links;
}
