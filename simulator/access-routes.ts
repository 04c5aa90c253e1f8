/**
 * The access endpoints: workspace permissions, explicit and effective repository permissions,
 * project permissions, branch restrictions and branching models, with the scopes, pagination
 * and refusals `../shared/docs/access-data.md` and the spec document. The server passes in its
 * own routing helpers, so paging, `fields=`, faults and accounting behave as everywhere else.
 */
import {
  effectivePermissions,
  projectGroupPermissions,
  projectUserPermissions,
  renderBranchingModel,
  renderBranchRestriction,
  renderPermissionMembership,
  renderRepositoryPermission,
  repositoryGroupPermissions,
  repositoryUserPermissions,
} from './access-render';
import { SimRepository, SimWorkspace } from './model';
import { RenderContext } from './render';

export interface AccessSettings {
  /**
   * Credential labels (`oauth:<clientId>`, `api-token:<email>`) whose user administers no
   * repository, project or workspace: admin-only endpoints answer them 403.
   */
  notAdmin?: string[];
}

/** Page sizes: defaults as recorded; maxima UNCONFIRMED except where noted (simulator/README.md). */
export const ACCESS_PAGELEN = {
  workspacePermissions: { def: 50, max: 100 },
  repositoryPermissions: { def: 10, max: 100 },
  permissionsConfig: { def: 10, max: 100 },
  // The legacy branch-restrictions documentation gave 50 as the maximum.
  branchRestrictions: { def: 10, max: 50 },
};

export const ACCESS_FILTERABLE: Record<string, RegExp> = {
  workspacePermissions:
    /^permission$|^user\.(uuid|account_id|nickname|display_name)$/,
  repositoryPermissions:
    /^permission$|^user\.(uuid|account_id|nickname|display_name)$|^repository\.(name|full_name|uuid)$/,
  // "This endpoint does not support BBQL features": every field is refused.
  permissionsConfig: /^$/,
  branchRestrictions: /^$/,
};

interface AccessRequest {
  url: URL;
  params: string[];
  principal: { kind: string; label: string };
  ctx: RenderContext;
}

interface AccessRoute<Req, Rep> {
  method: string;
  pattern: RegExp;
  route: {
    label: string;
    scope: { oauth: string; granular: string };
    handle: (req: Req) => Rep;
  };
}

export interface AccessHelpers<Req extends AccessRequest, Rep> {
  inWorkspace: (
    handle: (req: Req, ws: SimWorkspace) => Rep,
  ) => (req: Req) => Rep;
  inRepository: (
    handle: (req: Req, ws: SimWorkspace, repo: SimRepository) => Rep,
  ) => (req: Req) => Rep;
  paginate: (
    req: Req,
    kind: keyof typeof ACCESS_PAGELEN,
    items: unknown[],
    hidden: string[][],
  ) => Rep;
  single: (req: Req, json: Record<string, unknown>) => Rep;
  fail: (status: number, message: string) => Rep;
  settings: () => AccessSettings | undefined;
}

const ACCESS_TOKEN_REFUSAL =
  'Access tokens cannot be used to query repository, project or workspace permissions.';

export function accessRoutes<Req extends AccessRequest, Rep>(
  h: AccessHelpers<Req, Rep>,
): Array<AccessRoute<Req, Rep>> {
  /** Permission endpoints: "You can't use an access token to … query … permissions". */
  const noAccessTokens =
    (handle: (req: Req) => Rep) =>
    (req: Req): Rep =>
      req.principal.kind === 'access-token'
        ? h.fail(403, ACCESS_TOKEN_REFUSAL)
        : handle(req);
  /** Admin-only endpoints, once the resource exists, with the spec's 403 description. */
  const adminOnly =
    <A extends unknown[]>(what: string, handle: (req: Req, ...a: A) => Rep) =>
    (req: Req, ...a: A): Rep =>
      h.settings()?.notAdmin?.includes(req.principal.label)
        ? h.fail(403, `The requesting user isn't an admin of the ${what}.`)
        : handle(req, ...a);

  const ws = '([^/]+)';
  const route = (
    pattern: string,
    label: string,
    scope: [string, string],
    handle: (req: Req) => Rep,
  ): AccessRoute<Req, Rep> => ({
    method: 'GET',
    pattern: new RegExp(`^/2\\.0/${pattern}/?$`),
    route: {
      label: `GET /2.0/${label}`,
      scope: { oauth: scope[0], granular: scope[1] },
      handle,
    },
  });

  const inProject = (
    handle: (req: Req, ws: SimWorkspace, key: string) => Rep,
  ) =>
    h.inWorkspace((req, w) => {
      const key = req.params[1];
      const project = w.projects.find(
        (p) => p.key.toLowerCase() === key.toLowerCase() || p.uuid === key,
      );
      return project
        ? handle(req, w, project.key)
        : h.fail(404, `Project ${w.slug}/${key} not found`);
    });

  return [
    route(
      `workspaces/${ws}/permissions`,
      'workspaces/{workspace}/permissions',
      ['account', 'read:workspace:bitbucket'],
      noAccessTokens(
        h.inWorkspace((req, w) =>
          h.paginate(
            req,
            'workspacePermissions',
            w.memberAccountIds.map((id) =>
              renderPermissionMembership(req.ctx, w, id),
            ),
            [],
          ),
        ),
      ),
    ),
    route(
      `workspaces/${ws}/permissions/repositories`,
      'workspaces/{workspace}/permissions/repositories',
      ['account', 'read:repository:bitbucket'],
      noAccessTokens(
        h.inWorkspace(
          adminOnly('workspace', (req, w) =>
            h.paginate(
              req,
              'repositoryPermissions',
              pageOnly(
                req,
                w.repositories.flatMap((r) =>
                  effectivePermissions(w, r).map((g) => ({ r, g })),
                ),
                ({ r, g }) => renderRepositoryPermission(req.ctx, w, r, g),
              ),
              [],
            ),
          ),
        ),
      ),
    ),
    route(
      `workspaces/${ws}/permissions/repositories/([^/]+)`,
      'workspaces/{workspace}/permissions/repositories/{repo_slug}',
      ['repository', 'read:repository:bitbucket'],
      noAccessTokens(
        h.inRepository(
          adminOnly('repository', (req, w, r) =>
            h.paginate(
              req,
              'repositoryPermissions',
              effectivePermissions(w, r).map((g) =>
                renderRepositoryPermission(req.ctx, w, r, g),
              ),
              [],
            ),
          ),
        ),
      ),
    ),
    route(
      `repositories/${ws}/([^/]+)/permissions-config/users`,
      'repositories/{workspace}/{repo_slug}/permissions-config/users',
      ['repository:admin', 'read:repository:bitbucket'],
      noAccessTokens(
        h.inRepository(
          adminOnly('repository', (req, w, r) =>
            h.paginate(
              req,
              'permissionsConfig',
              repositoryUserPermissions(req.ctx, w, r),
              [],
            ),
          ),
        ),
      ),
    ),
    route(
      `repositories/${ws}/([^/]+)/permissions-config/groups`,
      'repositories/{workspace}/{repo_slug}/permissions-config/groups',
      ['repository:admin', 'read:repository:bitbucket'],
      noAccessTokens(
        h.inRepository(
          adminOnly('repository', (req, w, r) =>
            h.paginate(
              req,
              'permissionsConfig',
              repositoryGroupPermissions(req.ctx, w, r),
              [],
            ),
          ),
        ),
      ),
    ),
    route(
      `workspaces/${ws}/projects/([^/]+)/permissions-config/users`,
      'workspaces/{workspace}/projects/{project_key}/permissions-config/users',
      ['project:admin', 'read:project:bitbucket'],
      noAccessTokens(
        inProject(
          adminOnly('project', (req, w, key) =>
            h.paginate(
              req,
              'permissionsConfig',
              projectUserPermissions(req.ctx, w, projectOf(w, key)),
              [],
            ),
          ),
        ),
      ),
    ),
    route(
      `workspaces/${ws}/projects/([^/]+)/permissions-config/groups`,
      'workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
      ['project:admin', 'read:project:bitbucket'],
      noAccessTokens(
        inProject(
          adminOnly('project', (req, w, key) =>
            h.paginate(
              req,
              'permissionsConfig',
              projectGroupPermissions(req.ctx, w, projectOf(w, key)),
              [],
            ),
          ),
        ),
      ),
    ),
    route(
      `repositories/${ws}/([^/]+)/branch-restrictions`,
      'repositories/{workspace}/{repo_slug}/branch-restrictions',
      ['repository:admin', 'admin:repository:bitbucket'],
      // Access tokens can read branch restrictions; only the admin rule applies.
      h.inRepository(
        adminOnly('repository', (req, w, r) => {
          const kind = req.url.searchParams.get('kind');
          const pattern = req.url.searchParams.get('pattern');
          const items = (r.branchRestrictions ?? [])
            .filter((b) => kind === null || b.kind === kind)
            .filter((b) => pattern === null || b.pattern === pattern)
            // Newest first, as recorded.
            .sort((a, b) => b.id - a.id)
            .map((b) => renderBranchRestriction(req.ctx, w, r, b));
          return h.paginate(req, 'branchRestrictions', items, []);
        }),
      ),
    ),
    route(
      `repositories/${ws}/([^/]+)/branching-model`,
      'repositories/{workspace}/{repo_slug}/branching-model',
      ['repository', 'read:repository:bitbucket'],
      h.inRepository((req, w, r) =>
        h.single(
          req,
          renderBranchingModel(
            req.ctx,
            w,
            r,
            'branching_model',
            'branching-model',
          ),
        ),
      ),
    ),
    route(
      `repositories/${ws}/([^/]+)/effective-branching-model`,
      'repositories/{workspace}/{repo_slug}/effective-branching-model',
      ['repository', 'read:repository:bitbucket'],
      h.inRepository((req, w, r) =>
        h.single(
          req,
          renderBranchingModel(
            req.ctx,
            w,
            r,
            'effective_repo_branching_model',
            'effective-branching-model',
          ),
        ),
      ),
    ),
  ];
}

/**
 * The workspace-wide listing runs to a million entries at 20,000 repositories: without `q=` or
 * `sort=` only the requested page needs rendering (the rest stay placeholders the pager never
 * shows; `size` still counts them).
 */
function pageOnly<T>(
  req: AccessRequest,
  items: T[],
  render: (item: T) => unknown,
): unknown[] {
  const params = req.url.searchParams;
  if (params.has('q') || params.has('sort')) return items.map(render);
  const pagelen = Number(
    params.get('pagelen') ?? ACCESS_PAGELEN.repositoryPermissions.def,
  );
  const page = Number(params.get('page') ?? 1);
  const start = (page - 1) * pagelen;
  const out = new Array<unknown>(items.length).fill(null);
  if (Number.isInteger(start) && start >= 0) {
    for (let i = start; i < Math.min(items.length, start + pagelen); i++)
      out[i] = render(items[i]);
  }
  return out;
}

function projectOf(ws: SimWorkspace, key: string) {
  const p = ws.projects.find((x) => x.key === key);
  if (!p) throw new Error(`project ${key} vanished`);
  return p;
}
