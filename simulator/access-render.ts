/**
 * Renders access records (memberships with their permission, explicit and effective grants,
 * branch restrictions, branching models) into the JSON shapes of the spec and of the recordings
 * `fetch-repo-permissions.har` and `fetch-repo-branch-restrictions.har`, undeclared fields
 * (`default_permission`, `account_privilege`, `full_slug`) included.
 */
import { DEFAULT_BRANCHING_MODEL } from './access-dataset';
import {
  RepoPermission,
  SimBranchRestriction,
  SimGroup,
  SimProject,
  SimRepository,
  SimWorkspace,
} from './model';
import {
  accountRef,
  renderMembership,
  RenderContext,
  repositoryRef,
  teamOwner,
  workspaceRef,
} from './render';

const HTML = 'https://bitbucket.org';
const href = (h: string) => ({ href: h });

export function renderPermissionMembership(
  ctx: RenderContext,
  ws: SimWorkspace,
  accountId: string,
) {
  const owners = ws.ownerAccountIds ?? [];
  return {
    ...renderMembership(ctx, ws, accountId),
    permission: owners.includes(accountId) ? 'owner' : 'member',
  };
}

/** A 2.0 group object as embedded in permission and restriction answers (recorded shape). */
export function renderGroupRef(
  ctx: RenderContext,
  ws: SimWorkspace,
  g: SimGroup,
) {
  return {
    type: 'group',
    owner:
      g.owner.kind === 'team'
        ? teamOwner(ctx, ws)
        : accountRef(ctx, g.owner.accountId),
    workspace: workspaceRef(ctx, ws),
    slug: g.slug,
    full_slug: `${ws.slug}:${g.slug}`,
    name: g.name,
    default_permission: g.permission,
    email_forwarding_disabled: g.emailForwardingDisabled,
    links: {
      self: href(
        `${ctx.api.replace(/\/2\.0$/, '/1.0')}/groups/${ws.slug}/${g.slug}`,
      ),
      html: href(`${HTML}/${ws.slug}/workspace/settings/groups/${g.slug}`),
    },
    account_privilege: g.accountPrivilege ?? null,
  };
}

function groupBySlug(ws: SimWorkspace, slug: string): SimGroup {
  const g = ws.groups.find((x) => x.slug === slug);
  if (!g) throw new Error(`dataset grants unknown group ${slug}`);
  return g;
}

export function repositoryUserPermissions(
  ctx: RenderContext,
  ws: SimWorkspace,
  r: SimRepository,
) {
  const base = `${ctx.api}/repositories/${ws.slug}/${r.slug}/permissions-config`;
  return (r.userGrants ?? []).map((grant) => ({
    type: 'repository_user_permission',
    permission: grant.permission,
    user: accountRef(ctx, grant.accountId),
    links: { self: href(`${base}/users/${grant.accountId}`) },
  }));
}

export function repositoryGroupPermissions(
  ctx: RenderContext,
  ws: SimWorkspace,
  r: SimRepository,
) {
  const base = `${ctx.api}/repositories/${ws.slug}/${r.slug}/permissions-config`;
  return (r.groupGrants ?? []).map((grant) => ({
    type: 'repository_group_permission',
    permission: grant.permission,
    group: renderGroupRef(ctx, ws, groupBySlug(ws, grant.groupSlug)),
    links: { self: href(`${base}/groups/${grant.groupSlug}`) },
  }));
}

export function projectUserPermissions(
  ctx: RenderContext,
  ws: SimWorkspace,
  p: SimProject,
) {
  const base = `${ctx.api}/workspaces/${ws.slug}/projects/${p.key}/permissions-config`;
  return (p.userGrants ?? []).map((grant) => ({
    type: 'project_user_permission',
    permission: grant.permission,
    user: accountRef(ctx, grant.accountId),
    links: { self: href(`${base}/users/${grant.accountId}`) },
  }));
}

export function projectGroupPermissions(
  ctx: RenderContext,
  ws: SimWorkspace,
  p: SimProject,
) {
  const base = `${ctx.api}/workspaces/${ws.slug}/projects/${p.key}/permissions-config`;
  return (p.groupGrants ?? []).map((grant) => ({
    type: 'project_group_permission',
    permission: grant.permission,
    group: renderGroupRef(ctx, ws, groupBySlug(ws, grant.groupSlug)),
    links: { self: href(`${base}/groups/${grant.groupSlug}`) },
  }));
}

const RANK: Record<string, number> = {
  none: 0,
  read: 1,
  write: 2,
  'create-repo': 2,
  admin: 3,
};
const LEVEL: RepoPermission[] = ['none', 'read', 'write', 'admin'];

/**
 * Effective access as the `/permissions/repositories` endpoints describe it: the highest level
 * a user has. Whether Bitbucket counts project grants and workspace ownership here is
 * UNCONFIRMED; the simulator counts them, as the product's permission pages do.
 */
export function effectivePermissions(
  ws: SimWorkspace,
  r: SimRepository,
): Array<{ accountId: string; permission: RepoPermission }> {
  const best = new Map<string, number>();
  const raise = (accountId: string, level: string) => {
    const rank = RANK[level] ?? 0;
    if (rank > (best.get(accountId) ?? 0)) best.set(accountId, rank);
  };
  const groupMembers = (slug: string) =>
    ws.groups.find((g) => g.slug === slug)?.memberAccountIds ?? [];
  const project = ws.projects.find((p) => p.key === r.projectKey);
  for (const grant of [...(r.userGrants ?? []), ...(project?.userGrants ?? [])])
    raise(grant.accountId, grant.permission);
  for (const grant of [
    ...(r.groupGrants ?? []),
    ...(project?.groupGrants ?? []),
  ]) {
    for (const id of groupMembers(grant.groupSlug)) raise(id, grant.permission);
  }
  for (const id of ws.ownerAccountIds ?? []) raise(id, 'admin');
  return ws.memberAccountIds
    .filter((id) => (best.get(id) ?? 0) > 0)
    .map((accountId) => ({
      accountId,
      permission: LEVEL[best.get(accountId) ?? 0],
    }));
}

export function renderRepositoryPermission(
  ctx: RenderContext,
  ws: SimWorkspace,
  r: SimRepository,
  grant: { accountId: string; permission: RepoPermission },
) {
  return {
    type: 'repository_permission',
    user: accountRef(ctx, grant.accountId),
    repository: repositoryRef(ctx, ws, r),
    permission: grant.permission,
  };
}

export function renderBranchRestriction(
  ctx: RenderContext,
  ws: SimWorkspace,
  r: SimRepository,
  b: SimBranchRestriction,
) {
  return {
    id: b.id,
    kind: b.kind,
    value: b.value,
    branch_match_kind: b.branchMatchKind,
    ...(b.branchType ? { branch_type: b.branchType } : {}),
    type: 'branchrestriction',
    users: b.userAccountIds.map((id) => accountRef(ctx, id)),
    pattern: b.pattern,
    groups: b.groupSlugs.map((slug) =>
      renderGroupRef(ctx, ws, groupBySlug(ws, slug)),
    ),
    links: {
      self: href(
        `${ctx.api}/repositories/${ws.slug}/${r.slug}/branch-restrictions/${b.id}`,
      ),
    },
  };
}

/** A stable fake commit hash for a branch, so answers repeat exactly. */
function hashOf(text: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 40; round++) {
    for (const ch of `${round}:${text}`) {
      h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 40);
}

export function renderBranchingModel(
  ctx: RenderContext,
  ws: SimWorkspace,
  r: SimRepository,
  type: 'branching_model' | 'effective_repo_branching_model',
  path: 'branching-model' | 'effective-branching-model',
) {
  const model = r.branchingModel ?? DEFAULT_BRANCHING_MODEL;
  // `branch` is present only when the branch exists: the main branch of a non-empty
  // repository, and (in this dataset) every explicitly named branch.
  const target = (t: { name: string | null; useMainbranch: boolean }) => {
    const name = t.useMainbranch ? r.mainBranch : t.name;
    return {
      name,
      ...(name
        ? {
            branch: {
              type: 'branch',
              name,
              target: { type: 'commit', hash: hashOf(`${r.uuid}/${name}`) },
            },
          }
        : {}),
      use_mainbranch: t.useMainbranch,
    };
  };
  return {
    type,
    development: target(model.development),
    ...(model.production ? { production: target(model.production) } : {}),
    branch_types: model.branchTypes
      .filter((b) => b.enabled)
      .map((b) => ({ kind: b.kind, prefix: b.prefix })),
    links: {
      self: href(`${ctx.api}/repositories/${ws.slug}/${r.slug}/${path}`),
    },
  };
}
