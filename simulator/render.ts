/**
 * Renders dataset records into the JSON shapes Bitbucket Cloud serves, following the recorded
 * responses in `../shared/bitbucket/recordings/` and the OpenAPI schemas: `type` on every
 * object, `links` with `self`/`html`/`avatar`, API links on the request's own host, HTML links
 * on bitbucket.org, braces in uuids URL-encoded inside links.
 */
import {
  Dataset,
  SimAccount,
  SimGroup,
  SimProject,
  SimPullRequest,
  SimRepository,
  SimWorkspace,
} from './model';

const HTML = 'https://bitbucket.org';

export interface RenderContext {
  /** e.g. `http://127.0.0.1:4010/2.0` — the request's own scheme and host. */
  api: string;
  dataset: Dataset;
  accountsById: Map<string, SimAccount>;
}

const href = (h: string) => ({ href: h });
const enc = (uuid: string) => encodeURIComponent(uuid);

export function renderAccount(
  ctx: RenderContext,
  account: SimAccount,
): Record<string, unknown> {
  const links = {
    self: href(`${ctx.api}/users/${enc(account.uuid)}`),
    avatar: href(
      `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${account.accountId}/128`,
    ),
    html: href(`${HTML}/${enc(account.uuid)}/`),
  };
  if (account.type === 'app_user') {
    return {
      display_name: account.displayName,
      links,
      type: 'app_user',
      uuid: account.uuid,
      account_id: account.accountId,
      account_status: account.accountStatus,
      kind: account.kind ?? 'access_token',
    };
  }
  return {
    display_name: account.displayName,
    links,
    type: 'user',
    uuid: account.uuid,
    account_id: account.accountId,
    nickname: account.nickname,
  };
}

export function accountRef(
  ctx: RenderContext,
  accountId: string,
): Record<string, unknown> {
  const account = ctx.accountsById.get(accountId);
  if (!account)
    throw new Error(`dataset references unknown account ${accountId}`);
  return renderAccount(ctx, account);
}

function workspaceLinks(ctx: RenderContext, ws: SimWorkspace) {
  return {
    avatar: href(`${HTML}/workspaces/${ws.slug}/avatar/?ts=1702560483`),
    html: href(`${HTML}/${ws.slug}/`),
    self: href(`${ctx.api}/workspaces/${ws.slug}`),
  };
}

export function workspaceRef(ctx: RenderContext, ws: SimWorkspace) {
  return {
    type: 'workspace',
    uuid: ws.uuid,
    name: ws.name,
    slug: ws.slug,
    links: workspaceLinks(ctx, ws),
  };
}

export function renderWorkspace(ctx: RenderContext, ws: SimWorkspace) {
  return {
    type: 'workspace',
    uuid: ws.uuid,
    name: ws.name,
    slug: ws.slug,
    is_private: ws.isPrivate,
    is_privacy_enforced: ws.isPrivacyEnforced,
    forking_mode: ws.forkingMode,
    links: {
      avatar: href(`${HTML}/workspaces/${ws.slug}/avatar/?ts=1702560483`),
      hooks: href(`${ctx.api}/workspaces/${ws.slug}/hooks`),
      html: href(`${HTML}/${ws.slug}/`),
      html_overview: href(`${HTML}/${ws.slug}/workspace/overview/`),
      members: href(`${ctx.api}/workspaces/${ws.slug}/members`),
      owners: href(
        `${ctx.api}/workspaces/${ws.slug}/members?q=permission%3D%22owner%22`,
      ),
      projects: href(`${ctx.api}/workspaces/${ws.slug}/projects`),
      repositories: href(`${ctx.api}/repositories/${ws.slug}`),
      snippets: href(`${ctx.api}/snippets/${ws.slug}`),
      self: href(`${ctx.api}/workspaces/${ws.slug}`),
    },
    created_on: ws.createdOn,
    updated_on: ws.updatedOn,
  };
}

export function renderMembership(
  ctx: RenderContext,
  ws: SimWorkspace,
  accountId: string,
) {
  const user = accountRef(ctx, accountId);
  return {
    type: 'workspace_membership',
    user,
    workspace: workspaceRef(ctx, ws),
    links: {
      self: href(
        `${ctx.api}/workspaces/${ws.slug}/members/${enc(String(user.uuid))}`,
      ),
    },
  };
}

export function teamOwner(ctx: RenderContext, ws: SimWorkspace) {
  return {
    display_name: ws.name,
    links: {
      self: href(`${ctx.api}/workspaces/${enc(ws.uuid)}`),
      avatar: href(`${HTML}/account/${ws.slug}/avatar/`),
      html: href(`${HTML}/${enc(ws.uuid)}/`),
    },
    type: 'team',
    uuid: ws.uuid,
    username: ws.slug,
  };
}

function projectLinks(ctx: RenderContext, ws: SimWorkspace, p: SimProject) {
  return {
    self: href(`${ctx.api}/workspaces/${ws.slug}/projects/${p.key}`),
    html: href(`${HTML}/${ws.slug}/workspace/projects/${p.key}`),
    avatar: href(
      `${HTML}/account/user/${ws.slug}/projects/${p.key}/avatar/32?ts=1702560511`,
    ),
  };
}

export function renderProject(
  ctx: RenderContext,
  ws: SimWorkspace,
  p: SimProject,
) {
  return {
    type: 'project',
    owner: teamOwner(ctx, ws),
    workspace: workspaceRef(ctx, ws),
    key: p.key,
    uuid: p.uuid,
    is_private: p.isPrivate,
    name: p.name,
    description: p.description,
    links: {
      ...projectLinks(ctx, ws, p),
      repositories: href(
        `${ctx.api}/repositories/${ws.slug}?q=project.key="${p.key}"`,
      ),
    },
    created_on: p.createdOn,
    updated_on: p.updatedOn,
    has_publicly_visible_repos: p.hasPubliclyVisibleRepos,
  };
}

export function repositoryRef(
  ctx: RenderContext,
  ws: SimWorkspace,
  r: SimRepository,
) {
  return {
    type: 'repository',
    full_name: `${ws.slug}/${r.slug}`,
    links: {
      self: href(`${ctx.api}/repositories/${ws.slug}/${r.slug}`),
      html: href(`${HTML}/${ws.slug}/${r.slug}`),
      avatar: href(`https://bytebucket.org/ravatar/${enc(r.uuid)}?ts=default`),
    },
    name: r.name,
    uuid: r.uuid,
  };
}

export function renderRepository(
  ctx: RenderContext,
  ws: SimWorkspace,
  r: SimRepository,
) {
  const api = `${ctx.api}/repositories/${ws.slug}/${r.slug}`;
  const project = ws.projects.find((p) => p.key === r.projectKey);
  const parent = r.parentUuid
    ? ws.repositories.find((x) => x.uuid === r.parentUuid)
    : null;
  return {
    type: 'repository',
    full_name: `${ws.slug}/${r.slug}`,
    links: {
      self: href(api),
      html: href(`${HTML}/${ws.slug}/${r.slug}`),
      avatar: href(`https://bytebucket.org/ravatar/${enc(r.uuid)}?ts=default`),
      pullrequests: href(`${api}/pullrequests`),
      commits: href(`${api}/commits`),
      forks: href(`${api}/forks`),
      watchers: href(`${api}/watchers`),
      branches: href(`${api}/refs/branches`),
      tags: href(`${api}/refs/tags`),
      downloads: href(`${api}/downloads`),
      source: href(`${api}/src`),
      clone: [
        {
          name: 'https',
          href: `https://${ws.slug}@bitbucket.org/${ws.slug}/${r.slug}.git`,
        },
        { name: 'ssh', href: `git@bitbucket.org:${ws.slug}/${r.slug}.git` },
      ],
      hooks: href(`${api}/hooks`),
    },
    name: r.name,
    slug: r.slug,
    description: r.description,
    scm: 'git',
    website: r.website,
    owner: teamOwner(ctx, ws),
    workspace: workspaceRef(ctx, ws),
    is_private: r.isPrivate,
    project: project
      ? {
          type: 'project',
          key: project.key,
          uuid: project.uuid,
          name: project.name,
          links: projectLinks(ctx, ws, project),
        }
      : undefined,
    fork_policy: r.forkPolicy,
    created_on: r.createdOn,
    updated_on: r.updatedOn,
    size: r.size,
    language: r.language,
    uuid: r.uuid,
    mainbranch: r.mainBranch ? { name: r.mainBranch, type: 'branch' } : null,
    override_settings: { default_merge_strategy: true, branching_model: true },
    parent: parent ? repositoryRef(ctx, ws, parent) : null,
    has_issues: r.hasIssues,
    has_wiki: r.hasWiki,
  };
}

export function renderV1Group(
  ctx: RenderContext,
  ws: SimWorkspace,
  g: SimGroup,
) {
  const v1User = (a: SimAccount) => ({
    is_staff: false,
    is_active: a.accountStatus === 'active',
    is_team: false,
    display_name: a.displayName,
    account_id: a.accountId,
    uuid: a.uuid,
    avatar: `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${a.accountId}/128`,
    nickname: a.nickname,
    resource_uri: `/api/1.0/users/${enc(a.uuid)}`,
  });
  const owner =
    g.owner.kind === 'team'
      ? {
          avatar: `${HTML}/account/${ws.slug}/avatar/?ts=1702560484`,
          resource_uri: `/!api/1.0/users/${enc(ws.uuid)}`,
          uuid: ws.uuid,
          display_name: ws.name,
          account_id: null,
          nickname: ws.slug,
          is_team: true,
        }
      : (() => {
          const a = ctx.accountsById.get(g.owner.accountId);
          if (!a) throw new Error(`group owner ${g.owner.accountId} unknown`);
          return { ...v1User(a) };
        })();
  return {
    auto_add: g.autoAdd,
    email_forwarding_disabled: g.emailForwardingDisabled,
    name: g.name,
    owner,
    permission: g.permission,
    slug: g.slug,
    members: g.memberAccountIds.map((id) => {
      const a = ctx.accountsById.get(id);
      if (!a) throw new Error(`group member ${id} unknown`);
      return v1User(a);
    }),
  };
}

export function renderPullRequest(
  ctx: RenderContext,
  ws: SimWorkspace,
  repo: SimRepository,
  pr: SimPullRequest,
) {
  const api = `${ctx.api}/repositories/${ws.slug}/${repo.slug}/pullrequests/${pr.id}`;
  const sourceRepo =
    ws.repositories.find((r) => r.uuid === pr.sourceRepositoryUuid) ?? repo;
  // The spec's pull request commit is `{hash}` and nothing else.
  const commit = (hash: string) => ({ hash: hash.slice(0, 12) });
  return {
    comment_count: pr.commentCount,
    task_count: pr.taskCount,
    type: 'pullrequest',
    id: pr.id,
    title: pr.title,
    rendered: {
      title: {
        raw: pr.title,
        markup: 'markdown',
        html: `<p>${pr.title}</p>`,
      },
      description: {
        raw: pr.description,
        markup: 'markdown',
        html: `<p>${pr.description}</p>`,
      },
    },
    state: pr.state,
    draft: pr.draft,
    merge_commit: pr.mergeCommit ? { hash: pr.mergeCommit.slice(0, 12) } : null,
    close_source_branch: pr.closeSourceBranch,
    closed_by: pr.closedByAccountId
      ? accountRef(ctx, pr.closedByAccountId)
      : null,
    author: accountRef(ctx, pr.authorAccountId),
    reason: pr.reason,
    created_on: pr.createdOn,
    updated_on: pr.updatedOn,
    destination: {
      branch: { name: pr.destinationBranch },
      commit: commit(pr.destinationCommit),
      repository: repositoryRef(ctx, ws, repo),
    },
    source: {
      branch: { name: pr.sourceBranch },
      commit: commit(pr.sourceCommit),
      repository: repositoryRef(ctx, ws, sourceRepo),
    },
    reviewers: pr.reviewerAccountIds.map((id) => accountRef(ctx, id)),
    participants: pr.participants.map((p) => ({
      type: 'participant',
      user: accountRef(ctx, p.accountId),
      role: p.role,
      approved: p.approved,
      state: p.state,
      participated_on: p.participatedOn,
    })),
    links: {
      self: href(api),
      html: href(`${HTML}/${ws.slug}/${repo.slug}/pull-requests/${pr.id}`),
      commits: href(`${api}/commits`),
      approve: href(`${api}/approve`),
      diff: href(
        `${ctx.api}/repositories/${ws.slug}/${repo.slug}/diff/${pr.sourceCommit.slice(0, 12)}..${pr.destinationCommit.slice(0, 12)}`,
      ),
      diffstat: href(
        `${ctx.api}/repositories/${ws.slug}/${repo.slug}/diffstat/${pr.sourceCommit.slice(0, 12)}..${pr.destinationCommit.slice(0, 12)}`,
      ),
      comments: href(`${api}/comments`),
      activity: href(`${api}/activity`),
      merge: href(`${api}/merge`),
      decline: href(`${api}/decline`),
    },
    summary: {
      raw: pr.description,
      markup: 'markdown',
      html: `<p>${pr.description}</p>`,
    },
  };
}
