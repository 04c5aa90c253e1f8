/**
 * Access data for generated workspaces: owners, project and repository grants for users and
 * groups, branching models and branch restrictions of every kind the spec lists. Drawn from its
 * own seeded generator after the rest of the workspace exists, so the data of every other type
 * stays what it was before access data existed.
 */
import {
  BranchType,
  ProjectPermission,
  RepoPermission,
  SimBranchingModel,
  SimBranchRestriction,
  SimGroup,
  SimGroupGrant,
  SimRepository,
  SimUserGrant,
  SimWorkspace,
} from './model';

export interface AccessRng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  sample<T>(items: readonly T[], n: number): T[];
}

/** The 18 kinds of the spec's `branchrestriction.kind` enum. */
export const RESTRICTION_KINDS = [
  'push',
  'delete',
  'force',
  'restrict_merges',
  'require_tasks_to_be_completed',
  'require_approvals_to_merge',
  'require_review_group_approvals_to_merge',
  'require_default_reviewer_approvals_to_merge',
  'require_no_changes_requested',
  'require_passing_builds_to_merge',
  'require_commits_behind',
  'reset_pullrequest_approvals_on_change',
  'smart_reset_pullrequest_approvals',
  'reset_pullrequest_changes_requested_on_change',
  'require_all_dependencies_merged',
  'enforce_merge_checks',
  'allow_auto_merge_when_builds_pass',
  'require_all_comments_resolved',
] as const;

/** The kinds whose `value` means something (the spec's `value` description); the rest carry null, as recorded. */
const VALUED: Record<string, [number, number]> = {
  require_approvals_to_merge: [1, 3],
  require_default_reviewer_approvals_to_merge: [1, 2],
  require_passing_builds_to_merge: [1, 2],
  require_commits_behind: [1, 10],
};

/** Only these carry exempt users and groups. */
const EXEMPTING = new Set(['push', 'restrict_merges']);

const PROJECT_LEVELS: ProjectPermission[] = [
  'read',
  'write',
  'create-repo',
  'admin',
  'none',
];
const REPO_LEVELS: RepoPermission[] = ['read', 'write', 'admin', 'none'];

/** Bitbucket's default model: development follows the main branch, production off, four types. */
export const DEFAULT_BRANCHING_MODEL: SimBranchingModel = {
  development: { name: null, useMainbranch: true },
  production: null,
  branchTypes: [
    { kind: 'bugfix', prefix: 'bugfix/', enabled: true },
    { kind: 'feature', prefix: 'feature/', enabled: true },
    { kind: 'hotfix', prefix: 'hotfix/', enabled: true },
    { kind: 'release', prefix: 'release/', enabled: true },
  ],
};

export function addAccessData(
  ws: SimWorkspace,
  rng: AccessRng,
  workspaceIndex: number,
): void {
  const members = ws.memberAccountIds;
  // Large integers like Bitbucket's, unique across a dataset.
  const ids = { next: 45_370_000 + workspaceIndex * 10_000_000 };
  ensurePublicForkable(ws);
  const ownerCount = Math.min(
    5,
    Math.max(1, Math.round(Math.sqrt(members.length) / 3)),
  );
  // Owners come from the first dozen members so the demo's cut-down workspace keeps them;
  // the first member stays a plain member so every workspace has both roles.
  const candidates = members.slice(1, Math.max(ownerCount + 1, 12));
  ws.ownerAccountIds = rng.sample(candidates, ownerCount);
  for (const g of ws.groups) g.accountPrivilege = null;

  const empty = ws.groups.filter((g) => g.memberAccountIds.length === 0);
  // Granting a group reaches all its members, so grants go to team-sized groups (the smallest
  // when none is): effective access stays near a hundred users per repository at every size.
  const bySize = ws.groups
    .filter((g) => g.memberAccountIds.length > 0)
    .sort((a, b) => a.memberAccountIds.length - b.memberAccountIds.length);
  const teamSized = bySize.filter((g) => g.memberAccountIds.length <= 120);
  const small = teamSized.length > 0 ? teamSized : bySize.slice(0, 1);
  const wide = bySize[bySize.length - 1];
  const lastProject = ws.projects[ws.projects.length - 1];

  const levels = {
    projectUser: cycle(PROJECT_LEVELS, [0.35, 0.3, 0.1, 0.15, 0.1]),
    projectGroup: cycle(PROJECT_LEVELS, [0.35, 0.3, 0.1, 0.15, 0.1]),
    repoUser: cycle(REPO_LEVELS, [0.45, 0.35, 0.12, 0.08]),
    repoGroup: cycle(REPO_LEVELS, [0.45, 0.35, 0.12, 0.08]),
  };

  ws.projects.forEach((p, i) => {
    const users = few(rng, members, i < 2 ? 3 : rng.int(0, 2));
    p.userGrants = users.map((accountId) => ({
      accountId,
      permission: levels.projectUser(rng),
    }));
    const groups: SimGroup[] = [];
    if (i === 0) groups.push(...empty.slice(0, 1));
    // The widest group on the project that keeps no repository: a large grant that reaches
    // no repository, so it costs nothing in effective access.
    if (p === lastProject && wide && ws.projects.length > 1) groups.push(wide);
    if (small.length > 0 && (i === 1 || rng.chance(0.3)))
      groups.push(rng.pick(small));
    p.groupGrants = unique(groups).map((g) => ({
      groupSlug: g.slug,
      permission: levels.projectGroup(rng),
    }));
  });

  ws.repositories.forEach((r, i) => {
    const users = few(rng, members, i < 3 ? 2 : rng.int(0, 2));
    r.userGrants = users.map((accountId) => ({
      accountId,
      permission: levels.repoUser(rng),
    }));
    const groups: SimGroup[] = [];
    if (i === 0) groups.push(...empty.slice(0, 1));
    if (small.length > 0 && (i < 2 || rng.chance(0.7)))
      groups.push(rng.pick(small));
    r.groupGrants = unique(groups).map((g) => ({
      groupSlug: g.slug,
      permission: levels.repoGroup(rng),
    }));
    r.branchingModel = branchingModel(rng, i);
    r.branchRestrictions = restrictions(rng, ws, r, i, small, ids);
  });
}

/**
 * Every workspace gets a public repository that can be forked (what access reviews look for).
 * Only the smallest sizes lack one by construction; only they change.
 */
function ensurePublicForkable(ws: SimWorkspace): void {
  const repos = ws.repositories;
  if (repos.length === 0) return;
  let open = repos.filter((r) => !r.isPrivate);
  if (open.length === 0) {
    const last = repos[repos.length - 1];
    last.isPrivate = false;
    open = [last];
    const project = ws.projects.find((p) => p.key === last.projectKey);
    if (project) project.hasPubliclyVisibleRepos = true;
  }
  if (!open.some((r) => r.forkPolicy === 'allow_forks'))
    open[0].forkPolicy = 'allow_forks';
}

/** Hands out every level once, in order, before drawing by weight: each appears at every size. */
function cycle<T>(levels: readonly T[], weights: number[]) {
  let n = 0;
  return (rng: AccessRng): T => {
    if (n < levels.length) return levels[n++];
    let r = rng.next();
    for (let k = 0; k < levels.length; k++) {
      r -= weights[k];
      if (r < 0) return levels[k];
    }
    return levels[0];
  };
}

/** `n` distinct items without copying `items` (members run to tens of thousands). */
function few<T>(rng: AccessRng, items: readonly T[], n: number): T[] {
  const picked = new Set<number>();
  const count = Math.min(n, items.length);
  while (picked.size < count) picked.add(rng.int(0, items.length - 1));
  return [...picked].map((i) => items[i]);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function branchingModel(
  rng: AccessRng,
  index: number,
): SimBranchingModel | undefined {
  const variant = index < 3 ? index : rng.int(0, 9);
  if (variant === 1) {
    // Git-flow: development on `develop`, production on the main branch.
    return {
      development: { name: 'develop', useMainbranch: false },
      production: { name: null, useMainbranch: true },
      branchTypes: DEFAULT_BRANCHING_MODEL.branchTypes,
    };
  }
  if (variant === 2) {
    // Production on its own branch; hotfix disabled, a custom feature prefix.
    return {
      development: { name: null, useMainbranch: true },
      production: { name: 'production', useMainbranch: false },
      branchTypes: [
        { kind: 'bugfix', prefix: 'fix/', enabled: true },
        { kind: 'feature', prefix: 'feat/', enabled: true },
        { kind: 'hotfix', prefix: 'hotfix/', enabled: false },
        { kind: 'release', prefix: 'release/', enabled: true },
      ],
    };
  }
  return undefined;
}

interface Spec {
  kind: string;
  match: { glob: string } | { type: BranchType };
}

function restrictions(
  rng: AccessRng,
  ws: SimWorkspace,
  repo: SimRepository,
  index: number,
  small: SimGroup[],
  ids: { next: number },
): SimBranchRestriction[] {
  const main = repo.mainBranch ?? 'main';
  const specs: Spec[] = [];
  const glob = (kind: string, pattern: string) =>
    specs.push({ kind, match: { glob: pattern } });
  const model = (kind: string, type: BranchType) =>
    specs.push({ kind, match: { type } });
  if (index === 0) {
    // Every kind on the main branch, as the recorded repository has them.
    for (const kind of RESTRICTION_KINDS) glob(kind, main);
  } else if (index === 1) {
    // Every kind through the branching model, across the branch types.
    // `push` lands on release branches, so this repository's main branch stays open to pushes.
    const types: BranchType[] = [
      'release',
      'production',
      'development',
      'hotfix',
      'feature',
      'bugfix',
    ];
    RESTRICTION_KINDS.forEach((kind, k) => model(kind, types[k % 6]));
  } else {
    const tier = index === 2 ? 1 : rng.int(0, 9);
    if (tier <= 3) {
      // A protected main branch: by name, by `*`, or by a glob that also matches it.
      const pattern = rng.pick([main, main, '*', `${main.slice(0, 2)}*`]);
      glob('push', pattern);
      glob('force', pattern);
      if (rng.chance(0.7)) glob('delete', pattern);
      if (rng.chance(0.6)) glob('require_approvals_to_merge', pattern);
      if (rng.chance(0.4)) glob('require_passing_builds_to_merge', pattern);
      if (rng.chance(0.3)) glob('require_no_changes_requested', pattern);
      if (rng.chance(0.3))
        glob('reset_pullrequest_approvals_on_change', pattern);
    } else if (tier <= 5) {
      // Protection through the branching model.
      model('push', 'production');
      model(rng.pick(['force', 'delete'] as const), 'development');
      model('require_approvals_to_merge', rng.pick(['production', 'release']));
      if (rng.chance(0.5)) model('restrict_merges', 'release');
    } else if (tier === 6) {
      // Rules that never reach the main branch.
      glob('force', 'release/*');
      glob('delete', 'hotfix/*');
      glob('require_approvals_to_merge', 'release/*');
    }
    // tiers 7–9: no restrictions at all.
  }
  return specs.map(({ kind, match }) => {
    const range = VALUED[kind];
    const exempt = EXEMPTING.has(kind);
    // The first repository's push rule always exempts a user and a group.
    const sure = index === 0 && kind === 'push';
    return {
      id: ids.next++,
      kind,
      branchMatchKind: 'glob' in match ? 'glob' : 'branching_model',
      pattern: 'glob' in match ? match.glob : '',
      ...('type' in match ? { branchType: match.type } : {}),
      value: range ? rng.int(range[0], range[1]) : null,
      userAccountIds: exempt
        ? few(rng, ws.memberAccountIds, sure ? 1 : rng.int(0, 2))
        : [],
      groupSlugs:
        exempt && small.length > 0 && (sure || rng.chance(0.5))
          ? [rng.pick(small).slug]
          : [],
    };
  });
}

/**
 * Keeps access data pointing only at current members and existing groups (the demo cuts a
 * workspace down after generating it).
 */
export function pruneAccessData(ws: SimWorkspace): void {
  const members = new Set(ws.memberAccountIds);
  const groups = new Set(ws.groups.map((g) => g.slug));
  const users = <P>(grants: SimUserGrant<P>[] | undefined) =>
    grants?.filter((g) => members.has(g.accountId));
  const groupGrants = <P>(grants: SimGroupGrant<P>[] | undefined) =>
    grants?.filter((g) => groups.has(g.groupSlug));
  ws.ownerAccountIds = ws.ownerAccountIds?.filter((id) => members.has(id));
  for (const p of ws.projects) {
    p.userGrants = users(p.userGrants);
    p.groupGrants = groupGrants(p.groupGrants);
  }
  for (const r of ws.repositories) {
    r.userGrants = users(r.userGrants);
    r.groupGrants = groupGrants(r.groupGrants);
    for (const b of r.branchRestrictions ?? []) {
      b.userAccountIds = b.userAccountIds.filter((id) => members.has(id));
      b.groupSlugs = b.groupSlugs.filter((slug) => groups.has(slug));
    }
  }
}
