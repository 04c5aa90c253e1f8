import {
  BitbucketBranchingModel,
  BitbucketBranchRestriction,
} from '../../bitbucket/types';

/** A glob as Bitbucket matches branch names: `*` is any run of characters, the rest literal. */
export function globMatches(pattern: string, branch: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`).test(branch);
}

function modelBranch(
  mainBranch: string,
  branch: BitbucketBranchingModel['development'],
): string | undefined {
  if (!branch) return undefined;
  if (branch.use_mainbranch) return mainBranch;
  return branch.branch?.name ?? branch.name ?? undefined;
}

/** Whether a restriction applies to the main branch; branching-model ones need the model. */
export function appliesToBranch(
  restriction: BitbucketBranchRestriction,
  mainBranch: string,
  model: BitbucketBranchingModel | undefined,
): boolean {
  if (restriction.branch_match_kind === 'glob')
    return globMatches(restriction.pattern ?? '', mainBranch);
  if (restriction.branch_match_kind !== 'branching_model' || !model)
    return false;
  const type = restriction.branch_type;
  if (type === 'production') {
    const production = model.production;
    return (
      // The branching model lists production and branch types only while they are enabled.
      !!production && modelBranch(mainBranch, production) === mainBranch
    );
  }
  if (type === 'development')
    return modelBranch(mainBranch, model.development) === mainBranch;
  return (model.branch_types ?? []).some(
    (t) => t.kind === type && !!t.prefix && mainBranch.startsWith(t.prefix),
  );
}

export function needsBranchingModel(
  restrictions: BitbucketBranchRestriction[],
): boolean {
  return restrictions.some((r) => r.branch_match_kind === 'branching_model');
}

/**
 * The main branch's protection, from every restriction that applies to it. Call it only when
 * the restrictions were read: unread restrictions leave these properties unset, never false.
 */
export function mainBranchPosture(
  restrictions: BitbucketBranchRestriction[],
  mainBranch: string,
  model: BitbucketBranchingModel | undefined,
) {
  const applying = restrictions.filter((r) =>
    appliesToBranch(r, mainBranch, model),
  );
  const has = (kind: string) => applying.some((r) => r.kind === kind);
  const most = (kind: string) =>
    Math.max(
      0,
      ...applying.filter((r) => r.kind === kind).map((r) => r.value ?? 0),
    );
  return {
    mainBranchPushRestricted: has('push'),
    mainBranchForcePushBlocked: has('force'),
    mainBranchDeleteBlocked: has('delete'),
    mainBranchRequiredApprovals: most('require_approvals_to_merge'),
    mainBranchRequiredPassingBuilds: most('require_passing_builds_to_merge'),
    mainBranchRequiresNoChangesRequested: has('require_no_changes_requested'),
    mainBranchResetsApprovalsOnChange: has(
      'reset_pullrequest_approvals_on_change',
    ),
  };
}

export type MainBranchPosture = ReturnType<typeof mainBranchPosture>;
