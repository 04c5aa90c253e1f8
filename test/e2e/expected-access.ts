/**
 * The access graph a dataset implies, computed from the rules in `../shared/docs/access-data.md`
 * and the issue alone (never from the integration's code): workspace roles, explicit project and
 * repository grants, effective repository access with every source it comes from, branch
 * restrictions with their exemptions, the main branch's posture and pull request approvals.
 * Keys and property names are those agreed in /work/notes/access-contract.md.
 */
import {
  Dataset,
  SimBranchingModel,
  SimBranchRestriction,
  SimPullRequest,
  SimRepository,
  SimWorkspace,
} from '../../simulator/model';

export interface AccessExpectOptions {
  workspaces: string[];
  /** INGEST_PERMISSIONS: roles, grants, restrictions and posture. */
  ingestPermissions: boolean;
  ingestPullRequests: boolean;
  /** Pull requests updated strictly after this instant are in the window. */
  windowStart: Date;
  /**
   * What the credentials could read (default both): access tokens alone read branch
   * restrictions but no permission endpoint.
   */
  readable?: { permissions: boolean; restrictions: boolean };
}

export interface ExpectedAccess {
  /** `_type` → sorted keys (only the types access data adds). */
  entities: Record<string, string[]>;
  /** Sorted `from|CLASS|to` signatures of the relationships access data adds. */
  relationships: string[];
  /** Signature → the access properties that relationship carries (existing ones included, e.g. HAS role). */
  relationshipProperties: Record<string, Record<string, unknown>>;
  /** Entity `_key` → the access properties it carries. */
  entityProperties: Record<string, Record<string, unknown>>;
}

export interface EffectiveAccess {
  accountId: string;
  permission: 'read' | 'write' | 'admin';
  /** The user's own non-`none` grant on the repository. */
  directPermission?: 'read' | 'write' | 'admin';
  via: string[];
}

const userKey = (uuid: string) => `bitbucket_user:${uuid}`;
const groupKey = (ws: SimWorkspace, slug: string) =>
  `bitbucket_group:${ws.uuid}:${slug}`;
export const restrictionKey = (repoUuid: string, id: number) =>
  `bitbucket_branch_restriction:${repoUuid}:${id}`;

const REPO_RANK: Record<string, number> = {
  none: 0,
  read: 1,
  write: 2,
  // Create-repo on a project is write on its repositories.
  'create-repo': 2,
  admin: 3,
};
const REPO_LEVELS = ['none', 'read', 'write', 'admin'] as const;
const PROJECT_RANK: Record<string, number> = {
  none: 0,
  read: 1,
  write: 2,
  'create-repo': 3,
  admin: 4,
};

function repoBooleans(rank: number) {
  return {
    readPermission: rank >= 1,
    writePermission: rank >= 2,
    adminPermission: rank >= 3,
  };
}

function projectBooleans(rank: number) {
  return {
    readPermission: rank >= 1,
    writePermission: rank >= 2,
    createRepoPermission: rank >= 3,
    adminPermission: rank >= 4,
  };
}

/**
 * Effective access of every user to one repository: the maximum over their direct grant, the
 * repository grants of their groups, their own project grant, their groups' project grants and
 * workspace ownership; `via` lists every source that grants anything, in a fixed order.
 */
export function effectiveAccess(
  ws: SimWorkspace,
  repo: SimRepository,
): EffectiveAccess[] {
  const project = ws.projects.find((p) => p.key === repo.projectKey);
  const membersOf = new Map(ws.groups.map((g) => [g.slug, g.memberAccountIds]));
  const found = new Map<
    string,
    { rank: number; via: string[]; direct?: number }
  >();
  const grant = (accountId: string, level: string, source: string) => {
    const rank = REPO_RANK[level];
    if (!rank) return;
    const entry = found.get(accountId) ?? { rank: 0, via: [] };
    entry.rank = Math.max(entry.rank, rank);
    if (!entry.via.includes(source)) entry.via.push(source);
    found.set(accountId, entry);
    return entry;
  };
  const bySlug = <T extends { groupSlug: string }>(grants: T[] = []) =>
    [...grants].sort((a, b) => (a.groupSlug < b.groupSlug ? -1 : 1));

  for (const g of repo.userGrants ?? []) {
    const entry = grant(g.accountId, g.permission, 'direct');
    if (entry) entry.direct = REPO_RANK[g.permission];
  }
  for (const g of bySlug(repo.groupGrants)) {
    for (const id of membersOf.get(g.groupSlug) ?? [])
      grant(id, g.permission, `group:${g.groupSlug}`);
  }
  for (const g of project?.userGrants ?? [])
    grant(g.accountId, g.permission, 'project');
  for (const g of bySlug(project?.groupGrants)) {
    for (const id of membersOf.get(g.groupSlug) ?? [])
      grant(id, g.permission, `project-group:${g.groupSlug}`);
  }
  for (const id of ws.ownerAccountIds ?? [])
    grant(id, 'admin', 'workspace-owner');

  const order = (source: string) =>
    source === 'direct'
      ? 0
      : source.startsWith('group:')
        ? 1
        : source === 'project'
          ? 2
          : source.startsWith('project-group:')
            ? 3
            : 4;
  return [...found.entries()].map(([accountId, e]) => ({
    accountId,
    permission: REPO_LEVELS[e.rank] as EffectiveAccess['permission'],
    ...(e.direct
      ? {
          directPermission: REPO_LEVELS[
            e.direct
          ] as EffectiveAccess['directPermission'],
        }
      : {}),
    via: [...e.via].sort(
      (a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0),
    ),
  }));
}

/** Bitbucket's glob as the contract reads it: `*` is any run of characters, the rest literal. */
export function globMatches(pattern: string, branch: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(branch);
}

const DEFAULT_MODEL: SimBranchingModel = {
  development: { name: null, useMainbranch: true },
  production: null,
  branchTypes: ['bugfix', 'feature', 'hotfix', 'release'].map((kind) => ({
    kind: kind as 'bugfix',
    prefix: `${kind}/`,
    enabled: true,
  })),
};

/** Whether a restriction reaches the repository's main branch `main`. */
export function appliesToMainBranch(
  b: SimBranchRestriction,
  main: string,
  model: SimBranchingModel = DEFAULT_MODEL,
): boolean {
  if (b.branchMatchKind === 'glob') return globMatches(b.pattern, main);
  const branchOf = (t: { name: string | null; useMainbranch: boolean }) =>
    t.useMainbranch ? main : t.name;
  switch (b.branchType) {
    case 'production':
      return model.production !== null && branchOf(model.production) === main;
    case 'development':
      return branchOf(model.development) === main;
    case undefined:
      return false;
    default: {
      const type = model.branchTypes.find((t) => t.kind === b.branchType);
      return !!type && type.enabled && main.startsWith(type.prefix);
    }
  }
}

export function mainBranchPosture(repo: SimRepository) {
  const main = repo.mainBranch;
  if (!main) return undefined;
  const applying = (repo.branchRestrictions ?? []).filter((b) =>
    appliesToMainBranch(b, main, repo.branchingModel),
  );
  const any = (kind: string) => applying.some((b) => b.kind === kind);
  const most = (kind: string) =>
    Math.max(
      0,
      ...applying.filter((b) => b.kind === kind).map((b) => b.value ?? 0),
    );
  return {
    mainBranchPushRestricted: any('push'),
    mainBranchForcePushBlocked: any('force'),
    mainBranchDeleteBlocked: any('delete'),
    mainBranchRequiredApprovals: most('require_approvals_to_merge'),
    mainBranchRequiredPassingBuilds: most('require_passing_builds_to_merge'),
    mainBranchRequiresNoChangesRequested: any('require_no_changes_requested'),
    mainBranchResetsApprovalsOnChange: any(
      'reset_pullrequest_approvals_on_change',
    ),
  };
}

export function approvalPosture(pr: SimPullRequest) {
  const approvers = pr.participants
    .filter((p) => p.approved)
    .map((p) => p.accountId);
  const approvedByNonAuthor = approvers.some((id) => id !== pr.authorAccountId);
  return {
    approvalCount: approvers.length,
    approvedByNonAuthor,
    selfApproved: approvers.includes(pr.authorAccountId),
    mergedWithoutApproval: pr.state === 'MERGED' && !approvedByNonAuthor,
  };
}

export function restrictionProperties(b: SimBranchRestriction) {
  return {
    // The data model types an entity `id` as a string.
    id: String(b.id),
    kind: b.kind,
    branchMatchKind: b.branchMatchKind,
    ...(b.branchType ? { branchType: b.branchType } : {}),
    ...(b.pattern !== '' ? { pattern: b.pattern } : {}),
    ...(b.value !== null ? { value: b.value } : {}),
  };
}

export function expectedAccess(
  dataset: Dataset,
  options: AccessExpectOptions,
): ExpectedAccess {
  const readable = options.readable ?? {
    permissions: true,
    restrictions: true,
  };
  const permissions = options.ingestPermissions && readable.permissions;
  const restrictions = options.ingestPermissions && readable.restrictions;
  const accounts = new Map(dataset.accounts.map((a) => [a.accountId, a]));
  const uuidOf = (accountId: string) => {
    const account = accounts.get(accountId);
    if (!account) throw new Error(`unknown account ${accountId}`);
    return account.uuid;
  };
  const entities: Record<string, Set<string>> = {};
  const relationships = new Set<string>();
  const relationshipProperties: Record<string, Record<string, unknown>> = {};
  const entityProperties: Record<string, Record<string, unknown>> = {};
  const relate = (
    from: string,
    verb: string,
    to: string,
    props?: Record<string, unknown>,
    existing = false,
  ) => {
    const signature = `${from}|${verb}|${to}`;
    if (!existing) relationships.add(signature);
    if (props) relationshipProperties[signature] = props;
  };
  const setProps = (key: string, props: Record<string, unknown>) => {
    entityProperties[key] = { ...entityProperties[key], ...props };
  };

  for (const slug of options.workspaces) {
    const ws = dataset.workspaces.find((w) => w.slug === slug);
    if (!ws) throw new Error(`dataset has no workspace ${slug}`);
    const wsKey = `bitbucket_workspace:${ws.uuid}`;
    const members = new Set(ws.memberAccountIds);
    const memberKey = (accountId: string) => {
      if (!members.has(accountId))
        throw new Error(`access data names non-member ${accountId}`);
      return userKey(uuidOf(accountId));
    };

    if (permissions) {
      const owners = new Set(ws.ownerAccountIds ?? []);
      for (const id of ws.memberAccountIds) {
        const role = owners.has(id) ? 'owner' : 'member';
        // The HAS edge itself is part of the base graph; only its `role` is access data.
        relate(wsKey, 'HAS', memberKey(id), { role }, true);
        if (role === 'owner') relate(memberKey(id), 'MANAGES', wsKey);
        const key = memberKey(id);
        const roles = (entityProperties[key]?.workspaceRoles ?? []) as string[];
        setProps(key, {
          workspaceRoles: [...roles, `${ws.slug}:${role}`].sort(),
        });
      }
      for (const p of ws.projects) {
        const pKey = `bitbucket_project:${p.uuid}`;
        for (const g of p.userGrants ?? []) {
          if (g.permission === 'none') continue;
          relate(pKey, 'ALLOWS', memberKey(g.accountId), {
            permission: g.permission,
            ...projectBooleans(PROJECT_RANK[g.permission]),
          });
        }
        for (const g of p.groupGrants ?? []) {
          if (g.permission === 'none') continue;
          relate(pKey, 'ALLOWS', groupKey(ws, g.groupSlug), {
            permission: g.permission,
            ...projectBooleans(PROJECT_RANK[g.permission]),
          });
        }
      }
    }

    for (const r of ws.repositories) {
      const rKey = `bitbucket_repo:${r.uuid}`;
      setProps(rKey, { public: !r.isPrivate });
      if (permissions) {
        for (const g of r.groupGrants ?? []) {
          if (g.permission === 'none') continue;
          relate(rKey, 'ALLOWS', groupKey(ws, g.groupSlug), {
            permission: g.permission,
            ...repoBooleans(REPO_RANK[g.permission]),
          });
        }
        for (const e of effectiveAccess(ws, r)) {
          relate(rKey, 'ALLOWS', memberKey(e.accountId), {
            permission: e.permission,
            ...repoBooleans(REPO_RANK[e.permission]),
            ...(e.directPermission
              ? { directPermission: e.directPermission }
              : {}),
            via: e.via.join(','),
            // Access a review would remove by taking the user out of groups.
            onlyViaGroups: e.via.every((v) => /^(project-)?group:/.test(v)),
          });
        }
      }
      if (restrictions) {
        for (const b of r.branchRestrictions ?? []) {
          const bKey = restrictionKey(r.uuid, b.id);
          (entities.bitbucket_branch_restriction ??= new Set()).add(bKey);
          setProps(bKey, restrictionProperties(b));
          relate(rKey, 'HAS', bKey);
          for (const id of b.userAccountIds)
            relate(bKey, 'ALLOWS', memberKey(id));
          for (const slug of b.groupSlugs)
            relate(bKey, 'ALLOWS', groupKey(ws, slug));
        }
        const posture = mainBranchPosture(r);
        if (posture) setProps(rKey, posture);
      }
      if (!options.ingestPullRequests) continue;
      for (const pr of r.pullRequests) {
        if (Date.parse(pr.updatedOn) <= options.windowStart.getTime()) continue;
        setProps(
          `bitbucket_pullrequest:${r.uuid}:${pr.id}`,
          approvalPosture(pr),
        );
      }
    }
  }

  return {
    entities: Object.fromEntries(
      Object.entries(entities).map(([type, keys]) => [type, [...keys].sort()]),
    ),
    relationships: [...relationships].sort(),
    relationshipProperties,
    entityProperties,
  };
}

/** The base graph plus the access additions, as `expectedGraph` writes it. */
export function mergeExpected(
  base: { entities: Record<string, string[]>; relationships: string[] },
  access: ExpectedAccess,
): { entities: Record<string, string[]>; relationships: string[] } {
  const entities: Record<string, string[]> = { ...base.entities };
  for (const [type, keys] of Object.entries(access.entities))
    entities[type] = [...new Set([...(entities[type] ?? []), ...keys])].sort();
  return {
    entities,
    relationships: [
      ...new Set([...base.relationships, ...access.relationships]),
    ].sort(),
  };
}

/** Relationship counts by kind for one workspace, one repository at a time (for large datasets). */
export function countAccess(ws: SimWorkspace): Record<string, number> {
  const counts: Record<string, number> = {
    'repo ALLOWS user': 0,
    'repo ALLOWS group': 0,
    'project ALLOWS user': 0,
    'project ALLOWS group': 0,
    'repo HAS restriction': 0,
    'restriction ALLOWS user|group': 0,
    'user MANAGES workspace': ws.ownerAccountIds?.length ?? 0,
  };
  for (const p of ws.projects) {
    counts['project ALLOWS user'] += (p.userGrants ?? []).filter(
      (g) => g.permission !== 'none',
    ).length;
    counts['project ALLOWS group'] += (p.groupGrants ?? []).filter(
      (g) => g.permission !== 'none',
    ).length;
  }
  for (const r of ws.repositories) {
    counts['repo ALLOWS user'] += effectiveAccess(ws, r).length;
    counts['repo ALLOWS group'] += (r.groupGrants ?? []).filter(
      (g) => g.permission !== 'none',
    ).length;
    counts['repo HAS restriction'] += r.branchRestrictions?.length ?? 0;
    for (const b of r.branchRestrictions ?? [])
      counts['restriction ALLOWS user|group'] +=
        b.userAccountIds.length + b.groupSlugs.length;
  }
  return counts;
}
