/**
 * A Bitbucket Cloud simulator on plain Node `http`: OAuth client credentials, Bearer and Basic
 * auth, the /2.0 endpoints the integration reads plus the legacy /1.0 groups list, paging,
 * `fields=`, BBQL `q=`, `sort=`, scopes, per-credential rolling rate limits, seeded faults and
 * an introspection endpoint. Behaviour follows `../shared/docs/bitbucket-cloud-api.md`.
 */
import * as http from 'http';
import { AddressInfo, Socket } from 'net';

import {
  BbqlError,
  bbqlFields,
  checkDatetimeLiterals,
  evaluateBbql,
  parseBbql,
} from './bbql';
import {
  ACCESS_FILTERABLE,
  ACCESS_PAGELEN,
  AccessSettings,
  accessRoutes,
} from './access-routes';
import { applyFields, parseFields } from './fields';
import { Dataset, SimAccount, SimRepository, SimWorkspace } from './model';
import {
  renderMembership,
  renderProject,
  renderPullRequest,
  renderRepository,
  renderV1Group,
  renderWorkspace,
  RenderContext,
} from './render';

export interface SimOAuthConsumer {
  clientId: string;
  secret: string;
  /** OAuth scope names, e.g. `account`, `repository:admin`. */
  scopes: string[];
}

export interface SimAccessToken {
  token: string;
  /** OAuth scope names (access tokens use the same names). */
  scopes: string[];
  /** The workspace the token belongs to; other workspaces answer 404. */
  workspace?: string;
  /**
   * A project access token: the key of its project. It sees that project and its
   * repositories only (others answer 404 or are left out of listings).
   */
  project?: string;
  /** A repository access token: the slug of its repository, the only one it sees. */
  repository?: string;
}

export interface SimApiToken {
  email: string;
  token: string;
  /** Granular scope names, e.g. `read:repository:bitbucket`. */
  scopes: string[];
}

export interface SimCredentials {
  oauth?: SimOAuthConsumer[];
  accessTokens?: SimAccessToken[];
  apiTokens?: SimApiToken[];
}

export const DEFAULT_CREDENTIALS: SimCredentials = {
  oauth: [
    {
      clientId: 'sim-client-id',
      secret: 'sim-client-secret',
      // What the docs ask of a consumer: the admin scopes read permissions and restrictions.
      scopes: [
        'account',
        'project',
        'repository',
        'pullrequest',
        'project:admin',
        'repository:admin',
      ],
    },
  ],
};

export type FaultKind =
  | 'server-error'
  | 'bad-gateway'
  | 'reset'
  | 'stall'
  | 'truncate'
  | 'cut'
  | 'loop-next'
  | 'short-page'
  | 'foreign-next'
  | 'rate-limit'
  | 'expire-token'
  | 'not-found'
  | 'forbidden'
  | 'gone';

export interface FaultRule {
  /** Endpoint label (`GET /2.0/repositories/{workspace}`) or `*`. */
  endpoint?: string;
  /** Only requests whose path contains this string. */
  pathIncludes?: string;
  /** Only requests made with this credential label (`oauth:<clientId>`, `access-token:#1`, `api-token:<email>`). */
  credential?: string;
  /** 1-based index among matching requests at which the fault starts (default 1). */
  nth?: number;
  /** How many consecutive matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  fault: FaultKind;
}

export interface FaultSettings {
  seed?: number;
  latencyMs?: number;
  serverErrorRate?: number;
  resetRate?: number;
  stallRate?: number;
  truncateRate?: number;
  /** How long a stalled response hangs before the simulator gives up on it (default 120 s). */
  stallMs?: number;
  rules?: FaultRule[];
}

export interface RateLimitSettings {
  /** Requests per credential per rolling window (default 1000). */
  limit: number;
  /** Window length (default one hour). */
  windowMs: number;
  /** Per-credential limits by credential label, overriding `limit`. */
  perCredential?: Record<string, number>;
  /**
   * Send `Retry-After` (seconds until the oldest request leaves the window) on a 429. Off by
   * default: no Cloud 429 has been observed with it, but clients are told to honour it.
   */
  retryAfter?: boolean;
}

export type GroupsApiMode = 'available' | 'forbidden' | 'gone';

export interface SimulatorOptions {
  dataset: Dataset;
  port?: number;
  host?: string;
  credentials?: SimCredentials;
  tokenTtlSeconds?: number;
  rateLimit?: Partial<RateLimitSettings>;
  faults?: FaultSettings;
  groupsApi?: GroupsApiMode;
  access?: AccessSettings;
}

export interface SimulatorStats {
  total: number;
  tokenRequests: number;
  byEndpoint: Record<string, number>;
  byCredential: Record<string, number>;
  byStatus: Record<string, number>;
  /** `label status` → count. */
  byEndpointStatus: Record<string, number>;
  peakConcurrency: number;
  faultsInjected: Record<string, number>;
}

export interface RunningSimulator {
  url: string;
  apiBaseUrl: string;
  tokenUrl: string;
  port: number;
  dataset: Dataset;
  stats(): SimulatorStats;
  resetStats(): void;
  setFaults(faults: FaultSettings): void;
  setRateLimit(rateLimit: Partial<RateLimitSettings>): void;
  setGroupsApi(mode: GroupsApiMode): void;
  expireTokens(): void;
  /** Deletes an OAuth consumer, as a workspace admin can: no new tokens, issued ones refused. */
  revokeConsumer(clientId: string): void;
  close(): Promise<void>;
}

interface Principal {
  label: string;
  kind: 'oauth' | 'access-token' | 'api-token';
  scopes: string[];
  workspace?: string;
  /** Project and repository access tokens: what they see inside their workspace. */
  project?: string;
  repository?: string;
  token?: IssuedToken;
}

interface IssuedToken {
  consumer: SimOAuthConsumer;
  expiresAt: number;
}

interface Route {
  label: string;
  /** OAuth/access-token scope and API-token scope; null = any authenticated caller. */
  scope: { oauth: string; granular: string } | null;
  handle: (req: SimRequest) => Reply;
}

interface SimRequest {
  url: URL;
  params: string[];
  principal: Principal;
  ctx: RenderContext;
  loopNext: boolean;
  fault?: FaultKind;
}

type Reply =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | {
      status: number;
      text: string;
      contentType: string;
      headers?: Record<string, string>;
    };

const RATE_LIMIT_TEXT = 'Rate limit for this resource has been exceeded';
const TOKEN_ENDPOINT = 'POST /site/oauth2/access_token';

function errorBody(message: string, detail?: unknown, data?: unknown) {
  const error: Record<string, unknown> = { message };
  if (detail !== undefined) error.detail = detail;
  if (data !== undefined) error.data = data;
  return data === undefined
    ? { type: 'error', error }
    : { type: 'error', error, data };
}

/**
 * OAuth scopes a granted scope implies, per the "Authentication methods" guide in the API spec:
 * `project`, `repository:write` and `pullrequest` imply `repository`; `pullrequest:write`
 * implies `pullrequest` and `repository:write`. `project:admin` and `repository:admin` do not
 * imply their read scopes, and no implication is documented for the others.
 */
const OAUTH_IMPLIES: Record<string, string[]> = {
  project: ['repository'],
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write'],
};

function expandOAuthScopes(scopes: string[]): Set<string> {
  const out = new Set<string>();
  const visit = (s: string) => {
    if (out.has(s)) return;
    out.add(s);
    for (const i of OAUTH_IMPLIES[s] ?? []) visit(i);
  };
  scopes.forEach(visit);
  return out;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAGELEN = {
  members: { def: 50, max: 100 },
  projects: { def: 50, max: 100 },
  repositories: { def: 10, max: 100 },
  pullrequests: { def: 10, max: 50 },
  ...ACCESS_PAGELEN,
};

const FILTERABLE: Record<string, RegExp> = {
  members: /^user\.(nickname|account_id|uuid)$|^permission$/,
  projects: /^(key|name|uuid|is_private|created_on|updated_on)$/,
  repositories:
    /^(name|slug|full_name|uuid|is_private|language|fork_policy|created_on|updated_on|project\.(key|uuid|name)|parent\.(uuid|full_name))$/,
  pullrequests:
    /^(id|title|description|state|draft|created_on|updated_on|comment_count|task_count|(author|reviewers|closed_by)\.(uuid|account_id|nickname|display_name)|(source|destination)\.(branch\.name|repository\.(full_name|uuid|name)|commit\.hash))$/,
  ...ACCESS_FILTERABLE,
};

export function startSimulator(
  options: SimulatorOptions,
): Promise<RunningSimulator> {
  const dataset = options.dataset;
  const credentials = options.credentials ?? DEFAULT_CREDENTIALS;
  const ttlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
  let rateLimit: RateLimitSettings = {
    limit: 1000,
    windowMs: 3_600_000,
    ...options.rateLimit,
  };
  let faults: FaultSettings = options.faults ?? {};
  let random = mulberry32(faults.seed ?? 1);
  let groupsApi: GroupsApiMode = options.groupsApi ?? 'available';
  const accountsById = new Map(dataset.accounts.map((a) => [a.accountId, a]));

  const tokens = new Map<string, IssuedToken>();
  let tokenCounter = 0;
  const revokedConsumers = new Set<string>();
  /** Refresh tokens issued, by the consumer they belong to. */
  const refreshTokens = new Map<string, string>();
  const usage = new Map<string, number[]>();
  const ruleHits = new Map<FaultRule, number>();
  const sockets = new Set<Socket>();
  const stallTimers = new Set<NodeJS.Timeout>();

  let stats: SimulatorStats;
  let inflight = 0;
  const resetStats = () => {
    stats = {
      total: 0,
      tokenRequests: 0,
      byEndpoint: {},
      byCredential: {},
      byStatus: {},
      byEndpointStatus: {},
      peakConcurrency: 0,
      faultsInjected: {},
    };
  };
  resetStats();
  const bump = (rec: Record<string, number>, key: string) => {
    rec[key] = (rec[key] ?? 0) + 1;
  };

  const findWorkspace = (id: string): SimWorkspace | undefined =>
    dataset.workspaces.find(
      (w) => w.slug === id.toLowerCase() || w.uuid === id,
    );
  const findRepo = (ws: SimWorkspace, id: string): SimRepository | undefined =>
    ws.repositories.find((r) => r.slug === id.toLowerCase() || r.uuid === id);

  const workspaceNotFound = (id: string): Reply => ({
    status: 404,
    json: errorBody(`No workspace with identifier '${id}'.`),
  });

  /** The request's workspace (`params[0]`), or the 404 the real API gives for an unknown or foreign one. */
  const workspaceFor = (req: SimRequest): SimWorkspace | Reply => {
    const id = req.params[0];
    const ws = findWorkspace(id);
    // Access tokens see only their own workspace.
    if (
      !ws ||
      (req.principal.workspace && req.principal.workspace !== ws.slug)
    ) {
      return workspaceNotFound(id);
    }
    return ws;
  };

  /** A handler for a path under `{workspace}`: an unknown or foreign workspace is a 404. */
  const inWorkspace =
    (handle: (req: SimRequest, ws: SimWorkspace) => Reply) =>
    (req: SimRequest): Reply => {
      const ws = workspaceFor(req);
      return 'status' in ws ? ws : handle(req, ws);
    };

  /** A handler for a path under `{workspace}/{repo_slug}`: an unknown repository is a 404. */
  /** Whether a project or repository access token reaches `repo` (everyone else does). */
  const reaches = (p: Principal, repo: SimRepository): boolean =>
    (p.project === undefined || repo.projectKey === p.project) &&
    (p.repository === undefined || repo.slug === p.repository);

  const inRepository = (
    handle: (req: SimRequest, ws: SimWorkspace, repo: SimRepository) => Reply,
  ) =>
    inWorkspace((req, ws) => {
      const repo = findRepo(ws, req.params[1]);
      return repo && reaches(req.principal, repo)
        ? handle(req, ws, repo)
        : repoNotFound(ws, req.params[1]);
    });

  /** One object, with `fields=` applied as on every endpoint. */
  const single = (req: SimRequest, json: Record<string, unknown>): Reply => ({
    status: 200,
    json: applyFields(
      json,
      [],
      parseFields(req.url.searchParams.get('fields')),
    ),
  });

  function paginate(
    req: SimRequest,
    kind: keyof typeof PAGELEN,
    items: unknown[],
    hidden: string[][],
  ): Reply {
    const params = req.url.searchParams;
    const limits = PAGELEN[kind];
    const pagelenRaw = params.get('pagelen');
    const pagelen = pagelenRaw === null ? limits.def : Number(pagelenRaw);
    if (!Number.isInteger(pagelen) || pagelen < 1 || pagelen > limits.max) {
      return { status: 400, json: errorBody('Invalid pagelen') };
    }
    const pageRaw = params.get('page');
    const page = pageRaw === null ? 1 : Number(pageRaw);
    if (!Number.isInteger(page) || page < 1) {
      return { status: 400, json: errorBody('Invalid page') };
    }
    let filtered = items;
    const q = params.get('q');
    if (q !== null && q.trim() !== '') {
      try {
        const tree = parseBbql(q);
        for (const field of bbqlFields(tree)) {
          if (!FILTERABLE[kind].test(field)) {
            return {
              status: 400,
              json: errorBody(`Field "${field}" does not support filtering`),
            };
          }
        }
        checkDatetimeLiterals(tree);
        filtered = filtered.filter((item) => evaluateBbql(tree, item));
      } catch (err) {
        if (err instanceof BbqlError) {
          return { status: 400, json: errorBody('Invalid query', err.message) };
        }
        throw err;
      }
    }
    const sort = params.get('sort');
    if (sort) {
      const desc = sort.startsWith('-');
      const field = desc ? sort.slice(1) : sort;
      // One field only, and only one that can be filtered ("Filter and sort API objects").
      // Bitbucket answers 400 Bad Request; the message here is the simulator's own.
      if (field.includes(',') || !FILTERABLE[kind].test(field)) {
        return {
          status: 400,
          json: errorBody(`Field "${field}" does not support sorting`),
        };
      }
      const path = field.split('.');
      const get = (o: unknown) =>
        path.reduce<unknown>(
          (v, k) =>
            v && typeof v === 'object'
              ? (v as Record<string, unknown>)[k]
              : undefined,
          o,
        ) as string | number | undefined;
      filtered = [...filtered].sort((a, b) => {
        const x = get(a);
        const y = get(b);
        if (x === y) return 0;
        if (x === undefined || x === null) return 1;
        if (y === undefined || y === null) return -1;
        return (x < y ? -1 : 1) * (desc ? -1 : 1);
      });
    }
    const start = (page - 1) * pagelen;
    const values = filtered.slice(start, start + pagelen);
    const pageUrl = (n: number) => {
      const u = new URL(req.url.toString());
      u.searchParams.set('page', String(n));
      return u.toString();
    };
    // A page that silently lost an item (what a proxy or a consistency glitch would produce).
    if (req.fault === 'short-page') values.pop();
    const body: Record<string, unknown> = {
      values,
      pagelen,
      size: filtered.length,
      page,
    };
    if (start + pagelen < filtered.length) {
      body.next = req.loopNext ? pageUrl(page) : pageUrl(page + 1);
      if (req.fault === 'foreign-next') {
        body.next = `https://api.example.net${new URL(String(body.next)).pathname}?page=${page + 1}`;
      }
    }
    if (page > 1) body.previous = pageUrl(page - 1);
    return {
      status: 200,
      json: applyFields(body, hidden, parseFields(params.get('fields'))),
    };
  }

  const routes: Array<{ method: string; pattern: RegExp; route: Route }> = [
    {
      method: 'GET',
      pattern: /^\/2\.0\/workspaces\/?$/,
      route: {
        label: 'GET /2.0/workspaces',
        scope: null,
        handle: () => {
          const data = {
            announcement_url:
              'https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770',
          };
          return {
            status: 410,
            json: errorBody(
              'CHANGE-2770 - Functionality has been deprecated',
              'Please read the changelog entry for more details.',
              data,
            ),
          };
        },
      },
    },
    {
      method: 'GET',
      pattern: /^\/2\.0\/workspaces\/([^/]+)\/?$/,
      route: {
        label: 'GET /2.0/workspaces/{workspace}',
        scope: { oauth: '', granular: 'read:workspace:bitbucket' },
        handle: inWorkspace((req, ws) =>
          single(req, renderWorkspace(req.ctx, ws)),
        ),
      },
    },
    {
      method: 'GET',
      pattern: /^\/2\.0\/workspaces\/([^/]+)\/members\/?$/,
      route: {
        label: 'GET /2.0/workspaces/{workspace}/members',
        scope: { oauth: 'account', granular: 'read:workspace:bitbucket' },
        handle: inWorkspace((req, ws) =>
          paginate(
            req,
            'members',
            ws.memberAccountIds.map((id) => renderMembership(req.ctx, ws, id)),
            [],
          ),
        ),
      },
    },
    {
      method: 'GET',
      pattern: /^\/2\.0\/workspaces\/([^/]+)\/projects\/?$/,
      route: {
        label: 'GET /2.0/workspaces/{workspace}/projects',
        scope: { oauth: 'project', granular: 'read:project:bitbucket' },
        handle: inWorkspace((req, ws) =>
          paginate(
            req,
            'projects',
            ws.projects
              .filter(
                (p) =>
                  req.principal.project === undefined ||
                  p.key === req.principal.project,
              )
              .map((p) => renderProject(req.ctx, ws, p)),
            [],
          ),
        ),
      },
    },
    {
      method: 'GET',
      pattern: /^\/2\.0\/repositories\/([^/]+)\/?$/,
      route: {
        label: 'GET /2.0/repositories/{workspace}',
        scope: { oauth: 'repository', granular: 'read:repository:bitbucket' },
        handle: inWorkspace((req, ws) =>
          paginate(
            req,
            'repositories',
            ws.repositories
              .filter((r) => reaches(req.principal, r))
              .map((r) => renderRepository(req.ctx, ws, r)),
            [],
          ),
        ),
      },
    },
    {
      method: 'GET',
      pattern: /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/?$/,
      route: {
        label: 'GET /2.0/repositories/{workspace}/{repo_slug}',
        scope: { oauth: 'repository', granular: 'read:repository:bitbucket' },
        handle: inRepository((req, ws, repo) =>
          single(req, renderRepository(req.ctx, ws, repo)),
        ),
      },
    },
    {
      method: 'GET',
      pattern: /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/pullrequests\/?$/,
      route: {
        label: 'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests',
        scope: { oauth: 'pullrequest', granular: 'read:pullrequest:bitbucket' },
        handle: inRepository((req, ws, repo) => {
          const params = req.url.searchParams;
          // `state=` is ignored when `q=` is present (verified live, khipu/khbb 2026-10-05).
          const states = params.has('q')
            ? null
            : params.getAll('state').length > 0
              ? params.getAll('state').map((s) => s.toUpperCase())
              : ['OPEN'];
          const items = repo.pullRequests
            .filter((pr) => states === null || states.includes(pr.state))
            .sort((a, b) => b.id - a.id)
            .map((pr) => renderPullRequest(req.ctx, ws, repo, pr));
          return paginate(req, 'pullrequests', items, [
            ['values', 'participants'],
            ['values', 'reviewers'],
          ]);
        }),
      },
    },
    {
      method: 'GET',
      pattern:
        /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/pullrequests\/(\d+)\/?$/,
      route: {
        label:
          'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
        scope: { oauth: 'pullrequest', granular: 'read:pullrequest:bitbucket' },
        handle: inRepository((req, ws, repo) => {
          const pr = repo.pullRequests.find(
            (p) => p.id === Number(req.params[2]),
          );
          if (!pr)
            return { status: 404, json: errorBody('Pull request not found') };
          return single(req, renderPullRequest(req.ctx, ws, repo, pr));
        }),
      },
    },
    {
      method: 'GET',
      pattern: /^\/1\.0\/groups\/([^/]+)\/?$/,
      route: {
        label: 'GET /1.0/groups/{workspace}',
        // Observed `X-Accepted-OAuth-Scopes: account`; the API-token scope is UNCONFIRMED,
        // and read:workspace:bitbucket is the closest granular equivalent.
        scope: { oauth: 'account', granular: 'read:workspace:bitbucket' },
        handle: (req) => {
          if (req.principal.kind === 'access-token') {
            // Access tokens "can't … query … permissions" and are not known to reach 1.0.
            return {
              status: 401,
              json: errorBody(
                'Token is invalid, expired, or not supported for this endpoint.',
              ),
            };
          }
          if (groupsApi === 'forbidden')
            return { status: 403, json: errorBody('Forbidden') };
          if (groupsApi === 'gone') {
            return {
              status: 410,
              json: errorBody(
                'Resource removed',
                'This API is no longer supported.\n\nFor information about its removal, please refer to the deprecation notice at: https://developer.atlassian.com/cloud/bitbucket/deprecation-notice-v1-apis/',
              ),
            };
          }
          const ws = workspaceFor(req);
          if ('status' in ws) return ws;
          return {
            status: 200,
            json: ws.groups.map((g) => renderV1Group(req.ctx, ws, g)),
          };
        },
      },
    },
    ...accessRoutes({
      inWorkspace,
      inRepository,
      paginate,
      single,
      fail: (status, message): Reply => ({ status, json: errorBody(message) }),
      settings: () => options.access,
    }),
  ];

  function repoNotFound(ws: SimWorkspace, id: string): Reply {
    return {
      status: 404,
      json: errorBody(`Repository ${ws.slug}/${id} not found`),
    };
  }

  function authenticate(
    req: http.IncomingMessage,
    url: URL,
  ): Principal | Reply {
    if (url.searchParams.has('access_token')) {
      // CHANGE-3052: tokens in the query string are rejected.
      return {
        status: 401,
        json: errorBody('Access token in query parameter is not supported.'),
      };
    }
    const header = req.headers.authorization ?? '';
    const basicHeaders = {
      'WWW-Authenticate': 'Basic realm="Bitbucket.org HTTP"',
    };
    if (header.startsWith('Bearer ')) {
      const value = header.slice(7).trim();
      const issued = tokens.get(value);
      if (issued) {
        if (revokedConsumers.has(issued.consumer.clientId)) {
          return {
            status: 401,
            json: errorBody(
              'Token is invalid, expired, or not supported for this endpoint.',
            ),
          };
        }
        if (Date.now() >= issued.expiresAt) {
          return { status: 401, json: errorBody('Access token expired.') };
        }
        return {
          label: `oauth:${issued.consumer.clientId}`,
          kind: 'oauth',
          scopes: issued.consumer.scopes,
          token: issued,
        };
      }
      const index = (credentials.accessTokens ?? []).findIndex(
        (t) => t.token === value,
      );
      if (index >= 0) {
        const t = (credentials.accessTokens ?? [])[index];
        return {
          label: `access-token:#${index + 1}`,
          kind: 'access-token',
          scopes: t.scopes,
          workspace: t.workspace,
          project: t.project,
          repository: t.repository,
        };
      }
      return {
        status: 401,
        json: errorBody(
          'Token is invalid, expired, or not supported for this endpoint.',
        ),
      };
    }
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      const user = decoded.slice(0, sep);
      const pass = decoded.slice(sep + 1);
      const t = (credentials.apiTokens ?? []).find(
        (a) => a.email === user && a.token === pass,
      );
      if (t)
        return {
          label: `api-token:${t.email}`,
          kind: 'api-token',
          scopes: t.scopes,
        };
      return {
        status: 401,
        json: errorBody('Invalid credentials.'),
        headers: basicHeaders,
      };
    }
    return {
      status: 401,
      json: errorBody('Authentication required.'),
      headers: basicHeaders,
    };
  }

  function scopeHeaders(p: Principal): Record<string, string> {
    const headers: Record<string, string> = {
      'X-OAuth-Scopes': p.scopes.join(', '),
    };
    if (p.kind === 'oauth') {
      headers['X-Credential-Type'] = 'oauth2';
      headers['X-Consumer-Client-Id'] = p.label.slice('oauth:'.length);
    } else if (p.kind === 'api-token') {
      headers['X-Credential-Type'] = 'api_token';
    }
    return headers;
  }

  function checkScope(route: Route, p: Principal): Reply | undefined {
    if (!route.scope) return undefined;
    if (p.kind === 'api-token') {
      if (p.scopes.includes(route.scope.granular)) return undefined;
      return {
        status: 403,
        json: errorBody(
          'Your credentials lack one or more required privilege scopes.',
          {
            required: [route.scope.granular],
            granted: p.scopes,
          },
        ),
      };
    }
    if (
      route.scope.oauth === '' ||
      expandOAuthScopes(p.scopes).has(route.scope.oauth)
    ) {
      return undefined;
    }
    return {
      status: 403,
      json: errorBody(
        'Your credentials lack one or more required privilege scopes.',
        {
          required: [route.scope.oauth],
          granted: p.scopes,
        },
      ),
    };
  }

  /** Rolling-window admission; returns false when the credential is over its limit. */
  function admit(label: string): boolean {
    const now = Date.now();
    const limit = rateLimit.perCredential?.[label] ?? rateLimit.limit;
    const used = (usage.get(label) ?? []).filter(
      (t) => t > now - rateLimit.windowMs,
    );
    if (used.length >= limit) {
      usage.set(label, used);
      return false;
    }
    used.push(now);
    usage.set(label, used);
    return true;
  }

  /** Seconds until `label`'s oldest request in the window leaves it. */
  function retryAfterSeconds(label: string): number {
    const oldest = (usage.get(label) ?? [])[0] ?? Date.now();
    return Math.max(
      1,
      Math.ceil((oldest + rateLimit.windowMs - Date.now()) / 1000),
    );
  }

  /**
   * The token endpoint fails only by scripted rules that name it, so random fault rates (and
   * the fault matrix built on them) keep their sequence.
   */
  function tokenFault(): FaultKind | undefined {
    const rules = (faults.rules ?? []).filter(
      (r) => r.endpoint === TOKEN_ENDPOINT,
    );
    for (const rule of rules) {
      const hit = (ruleHits.get(rule) ?? 0) + 1;
      ruleHits.set(rule, hit);
      const nth = rule.nth ?? 1;
      if (hit >= nth && hit < nth + (rule.times ?? 1)) return rule.fault;
    }
    return undefined;
  }

  function pickFault(
    label: string,
    path: string,
    credential: string,
  ): FaultKind | undefined {
    for (const rule of faults.rules ?? []) {
      if (rule.endpoint && rule.endpoint !== '*' && rule.endpoint !== label)
        continue;
      if (rule.pathIncludes && !path.includes(rule.pathIncludes)) continue;
      if (rule.credential && rule.credential !== credential) continue;
      const hit = (ruleHits.get(rule) ?? 0) + 1;
      ruleHits.set(rule, hit);
      const nth = rule.nth ?? 1;
      const times = rule.times ?? 1;
      if (hit >= nth && hit < nth + times) return rule.fault;
    }
    const r = random();
    let acc = 0;
    for (const [rate, kind] of [
      [faults.serverErrorRate, 'server-error'],
      [faults.resetRate, 'reset'],
      [faults.stallRate, 'stall'],
      [faults.truncateRate, 'truncate'],
    ] as Array<[number | undefined, FaultKind]>) {
      acc += rate ?? 0;
      if (r < acc) return kind;
    }
    return undefined;
  }

  function send(
    res: http.ServerResponse,
    reply: Reply,
    extra: Record<string, string> = {},
  ) {
    const headers = { ...extra, ...(reply.headers ?? {}) };
    if ('json' in reply) {
      const body = JSON.stringify(reply.json);
      res.writeHead(reply.status, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    } else {
      res.writeHead(reply.status, {
        ...headers,
        'Content-Type': reply.contentType,
        'Content-Length': Buffer.byteLength(reply.text),
      });
      res.end(reply.text);
    }
  }

  function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  async function handleToken(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) {
    stats.tokenRequests++;
    const body = new URLSearchParams(await readBody(req));
    const header = req.headers.authorization ?? '';
    let clientId = body.get('client_id') ?? '';
    let secret = body.get('client_secret') ?? '';
    if (header.startsWith('Basic ')) {
      const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      clientId = decoded.slice(0, sep);
      secret = decoded.slice(sep + 1);
    }
    const oauthError = (status: number, error: string, description: string) =>
      send(res, { status, json: { error_description: description, error } });
    const grant = body.get('grant_type');
    if (!grant)
      return oauthError(
        400,
        'invalid_request',
        'Missing grant_type parameter.',
      );
    if (grant !== 'client_credentials' && grant !== 'refresh_token') {
      return oauthError(
        400,
        'unsupported_grant_type',
        `Unsupported grant type: ${grant}`,
      );
    }
    const consumer = (credentials.oauth ?? []).find(
      (c) =>
        c.clientId === clientId &&
        c.secret === secret &&
        !revokedConsumers.has(c.clientId),
    );
    if (!consumer)
      return oauthError(
        400,
        'unauthorized_client',
        'Invalid OAuth client credentials',
      );
    if (
      grant === 'refresh_token' &&
      refreshTokens.get(body.get('refresh_token') ?? '') !== consumer.clientId
    ) {
      // The refresh grant needs a refresh token this consumer was issued.
      return oauthError(400, 'invalid_grant', 'Invalid refresh_token');
    }
    bump(stats.byCredential, `oauth:${consumer.clientId}`);
    const accessToken = `sim-at-${++tokenCounter}-${Math.random().toString(36).slice(2)}`;
    tokens.set(accessToken, { consumer, expiresAt: Date.now() + ttlMs });
    const refreshToken = `sim-rt-${tokenCounter}-${Math.random().toString(36).slice(2)}`;
    refreshTokens.set(refreshToken, consumer.clientId);
    send(res, {
      status: 200,
      json: {
        access_token: accessToken,
        scopes: consumer.scopes.join(' '),
        token_type: 'bearer',
        expires_in: Math.round(ttlMs / 1000),
        state: grant,
        refresh_token: refreshToken,
      },
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const host = req.headers.host ?? `127.0.0.1`;
    const url = new URL(req.url ?? '/', `http://${host}`);
    const method = req.method ?? 'GET';

    if (url.pathname === '/_simulator/stats') {
      return send(res, { status: 200, json: stats });
    }

    stats.total++;
    if (faults.latencyMs)
      await new Promise((r) => setTimeout(r, faults.latencyMs));

    if (method === 'POST' && url.pathname === '/site/oauth2/access_token') {
      bump(stats.byEndpoint, TOKEN_ENDPOINT);
      const fault = tokenFault();
      if (fault) bump(stats.faultsInjected, fault);
      if (fault === 'server-error')
        return send(res, {
          status: 500,
          json: errorBody('Something went wrong'),
        });
      if (fault === 'reset') return req.socket.destroy();
      return handleToken(req, res);
    }

    const match = routes.find(
      (r) => r.method === method && r.pattern.test(url.pathname),
    );
    const label = match?.route.label ?? `${method} (unknown)`;
    bump(stats.byEndpoint, label);
    const finish = (reply: Reply, extra?: Record<string, string>) => {
      bump(stats.byStatus, String(reply.status));
      bump(stats.byEndpointStatus, `${label} ${reply.status}`);
      send(res, reply, extra);
    };

    if (!match) {
      return finish({
        status: 404,
        json: errorBody(
          'Resource not found',
          "There is no API hosted at this URL.\n\nFor information about our API's, please refer to the documentation at: https://developer.atlassian.com/bitbucket/api/2/reference/",
        ),
      });
    }

    const auth = authenticate(req, url);
    if (!('label' in auth)) return finish(auth);
    const principal = auth;
    bump(stats.byCredential, principal.label);

    const fault = pickFault(label, url.pathname, principal.label);
    if (fault) bump(stats.faultsInjected, fault);
    if (fault === 'expire-token' && principal.token) {
      principal.token.expiresAt = 0;
      return finish({ status: 401, json: errorBody('Access token expired.') });
    }

    if (fault === 'rate-limit' || !admit(principal.label)) {
      return finish({
        status: 429,
        text: RATE_LIMIT_TEXT,
        contentType: 'text/plain',
        ...(rateLimit.retryAfter
          ? {
              headers: {
                'Retry-After': String(retryAfterSeconds(principal.label)),
              },
            }
          : {}),
      });
    }

    const headers = scopeHeaders(principal);
    if (match.route.scope?.oauth) {
      headers['X-Accepted-OAuth-Scopes'] = match.route.scope.oauth;
    }
    if (
      principal.kind === 'access-token' &&
      url.pathname.startsWith('/2.0/repositories')
    ) {
      headers['X-RateLimit-Limit'] = String(
        rateLimit.perCredential?.[principal.label] ?? rateLimit.limit,
      );
      headers['X-RateLimit-Resource'] = 'api';
    }

    const denied = checkScope(match.route, principal);
    if (denied) return finish(denied, headers);

    switch (fault) {
      case 'server-error':
        return finish({ status: 500, json: errorBody('Something went wrong') });
      case 'bad-gateway':
        return finish({
          status: 502,
          text: '<html><body>Bad Gateway</body></html>',
          contentType: 'text/html',
        });
      case 'not-found':
        return finish(
          { status: 404, json: errorBody('Repository not found') },
          headers,
        );
      case 'forbidden':
        return finish({ status: 403, json: errorBody('Forbidden') }, headers);
      case 'gone':
        return finish(
          { status: 410, json: errorBody('Resource removed') },
          headers,
        );
      case 'reset':
        bump(stats.byStatus, 'reset');
        req.socket.destroy();
        return;
      case 'stall': {
        bump(stats.byStatus, 'stall');
        const timer = setTimeout(() => {
          stallTimers.delete(timer);
          req.socket.destroy();
        }, faults.stallMs ?? 120_000);
        stallTimers.add(timer);
        return;
      }
      default:
        break;
    }

    const ctx: RenderContext = {
      api: `http://${host}/2.0`,
      dataset,
      accountsById,
    };
    const reply = match.route.handle({
      url,
      params: (url.pathname.match(match.pattern) ?? [])
        .slice(1)
        .map(decodeURIComponent),
      principal,
      ctx,
      loopNext: fault === 'loop-next',
      fault,
    });

    if (fault === 'cut' && 'json' in reply) {
      // The connection drops mid-body: Content-Length promises more than ever arrives.
      const body = JSON.stringify(reply.json);
      bump(stats.byStatus, 'cut');
      res.writeHead(reply.status, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      setTimeout(() => req.socket.destroy(), 50);
      return;
    }
    if (fault === 'truncate' && 'json' in reply) {
      const body = JSON.stringify(reply.json);
      bump(stats.byStatus, 'truncated');
      res.writeHead(reply.status, {
        ...headers,
        'Content-Type': 'application/json; charset=utf-8',
      });
      res.end(body.slice(0, Math.floor(body.length / 2)));
      return;
    }
    finish(reply, headers);
  }

  const server = http.createServer((req, res) => {
    inflight++;
    stats.peakConcurrency = Math.max(stats.peakConcurrency, inflight);
    let done = false;
    const release = () => {
      if (!done) {
        done = true;
        inflight--;
      }
    };
    res.on('close', release);
    res.on('finish', release);
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        send(res, {
          status: 500,
          json: errorBody('Simulator error', String(err)),
        });
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        apiBaseUrl: `${url}/2.0`,
        tokenUrl: `${url}/site/oauth2/access_token`,
        port,
        dataset,
        stats: () => JSON.parse(JSON.stringify(stats)) as SimulatorStats,
        resetStats,
        setFaults: (f) => {
          faults = f;
          random = mulberry32(f.seed ?? 1);
          ruleHits.clear();
        },
        setRateLimit: (r) => {
          rateLimit = { ...rateLimit, ...r };
          usage.clear();
        },
        setGroupsApi: (mode) => {
          groupsApi = mode;
        },
        expireTokens: () => {
          for (const t of tokens.values()) t.expiresAt = 0;
        },
        revokeConsumer: (clientId) => {
          revokedConsumers.add(clientId);
        },
        close: () =>
          new Promise<void>((done) => {
            for (const t of stallTimers) clearTimeout(t);
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

export type { SimAccount };
