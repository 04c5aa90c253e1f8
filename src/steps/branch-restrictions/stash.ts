/**
 * What fetch-repos hands fetch-branch-restrictions through `jobState.setData`: the restrictions
 * it read (trimmed to what the graph keeps; about 54,000 of them at 20,000 repositories) and
 * what it could not read, so that only the later step fails for it.
 */
import { BitbucketBranchRestriction } from '../../bitbucket/types';

export const BRANCH_RESTRICTIONS_DATA_KEY = 'branch-restrictions';

/** One restriction, as the graph keeps it; exempt users and groups by id only. */
export interface StashedRestriction {
  id: number;
  kind: BitbucketBranchRestriction['kind'];
  branchMatchKind: BitbucketBranchRestriction['branch_match_kind'];
  pattern?: string;
  branchType?: string;
  value?: number;
  exemptUserUuids?: string[];
  exemptGroupSlugs?: string[];
}

export interface StashedRepo {
  /** The repository entity's `_key`. */
  key: string;
  uuid: string;
  fullName: string;
  restrictions: StashedRestriction[];
}

export interface BranchRestrictionStash {
  /** Repositories whose restrictions were read and that have at least one. */
  repos: StashedRepo[];
  /** Workspaces where the credential itself was refused (a scope, a revoked credential). */
  refusedWorkspaces: Array<{ workspace: string; message: string }>;
  /** Repositories whose user is not an admin, per workspace, with the first refusal. */
  notAdmin: Array<{ workspace: string; repositories: number; message: string }>;
  /** Repositories whose restrictions failed for another reason (already logged). */
  failed: string[];
}

export function stashRestriction(
  r: BitbucketBranchRestriction,
): StashedRestriction {
  const users = (r.users ?? []).map((u) => u.uuid);
  const groups = (r.groups ?? []).map((g) => g.slug);
  return {
    id: r.id,
    kind: r.kind,
    branchMatchKind: r.branch_match_kind,
    pattern: r.pattern ?? undefined,
    branchType:
      r.branch_match_kind === 'glob' ? undefined : r.branch_type || undefined,
    // The number of approvals, builds or commits behind; null for kinds without one.
    value: r.value ?? undefined,
    // Most restrictions exempt nobody: no empty arrays kept for them.
    ...(users.length > 0 ? { exemptUserUuids: users } : {}),
    ...(groups.length > 0 ? { exemptGroupSlugs: groups } : {}),
  };
}
