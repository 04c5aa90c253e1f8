/**
 * The access endpoints keep to the contract of the real API: the recorded permission and
 * branch-restriction answers validate against the spec (with the allowances in ./openapi.ts),
 * the simulator's answers validate too, and its objects have the recorded shapes, undeclared
 * fields (`default_permission`, `account_privilege`, `full_slug`) included.
 */
import { validateAgainstSpec, validateSchema } from './openapi';
import { recorded, recordedResponses, shapeOf } from './recordings';
import { fixtureDataset } from '../../simulator/fixture';
import { generateDataset } from '../../simulator/dataset';
import { RunningSimulator, startSimulator } from '../../simulator';

const REPO_USERS =
  '/repositories/{workspace}/{repo_slug}/permissions-config/users';
const REPO_GROUPS =
  '/repositories/{workspace}/{repo_slug}/permissions-config/groups';
const RESTRICTIONS =
  '/repositories/{workspace}/{repo_slug}/branch-restrictions';

const RECORDED: Array<[string, RegExp]> = [
  [
    REPO_USERS,
    /^\/api\/2\.0\/repositories\/[^/]+\/[^/]+\/permissions-config\/users\/?$/,
  ],
  [
    REPO_GROUPS,
    /^\/api\/2\.0\/repositories\/[^/]+\/[^/]+\/permissions-config\/groups\/?$/,
  ],
  [
    RESTRICTIONS,
    /^\/api\/2\.0\/repositories\/[^/]+\/[^/]+\/branch-restrictions\/?$/,
  ],
];

const SCOPES = [
  'account',
  'project',
  'repository',
  'pullrequest',
  'project:admin',
  'repository:admin',
];

describe('recorded access answers against the spec', () => {
  it.each(RECORDED)(
    '%s validates, every recorded page',
    (template, pattern) => {
      const responses = recordedResponses().filter(
        (r) =>
          r.method === 'GET' &&
          r.status === 200 &&
          pattern.test(new URL(r.url).pathname),
      );
      expect(responses.length).toBeGreaterThan(0);
      for (const r of responses) {
        expect([
          r.url,
          validateAgainstSpec('GET', template, 200, r.body),
        ]).toEqual([r.url, []]);
      }
    },
  );

  it('still rejects a restriction that breaks the schema', () => {
    const page = recorded('GET', RECORDED[2][1]).body as {
      values: Array<Record<string, unknown>>;
    };
    expect(
      validateSchema('branchrestriction', { ...page.values[0], value: 'two' }),
    ).not.toEqual([]);
    expect(
      validateSchema('branchrestriction', {
        ...page.values[0],
        kind: 'push_harder',
      }),
    ).not.toEqual([]);
  });
});

describe('simulator access answers', () => {
  let sim: RunningSimulator;
  let token: string;

  async function start(dataset = fixtureDataset()) {
    sim = await startSimulator({
      dataset,
      credentials: {
        oauth: [{ clientId: 'c', secret: 's', scopes: SCOPES }],
      },
    });
    const res = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('c:s').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  }
  afterEach(() => sim?.close());

  const served = async (path: string) => {
    const res = await fetch(`${sim.apiBaseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: res.status, headers: res.headers, body: await res.json() };
  };

  const CASES: Array<[string, string]> = [
    ['/workspaces/{workspace}/permissions', '/workspaces/acme/permissions'],
    [
      '/workspaces/{workspace}/permissions/repositories',
      '/workspaces/acme/permissions/repositories',
    ],
    [
      '/workspaces/{workspace}/permissions/repositories/{repo_slug}',
      '/workspaces/acme/permissions/repositories/api.gateway',
    ],
    [REPO_USERS, '/repositories/acme/api.gateway/permissions-config/users'],
    [REPO_USERS, '/repositories/acme/infra_tools/permissions-config/users'],
    [REPO_GROUPS, '/repositories/acme/api.gateway/permissions-config/groups'],
    [
      '/workspaces/{workspace}/projects/{project_key}/permissions-config/users',
      '/workspaces/acme/projects/SEC/permissions-config/users',
    ],
    [
      '/workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
      '/workspaces/acme/projects/SEC/permissions-config/groups',
    ],
    [RESTRICTIONS, '/repositories/acme/api.gateway/branch-restrictions'],
    [RESTRICTIONS, '/repositories/acme/api.gateway/branch-restrictions?page=2'],
    [
      '/repositories/{workspace}/{repo_slug}/branching-model',
      '/repositories/acme/api.gateway/branching-model',
    ],
    [
      '/repositories/{workspace}/{repo_slug}/branching-model',
      '/repositories/acme/infra_tools/branching-model',
    ],
    [
      '/repositories/{workspace}/{repo_slug}/effective-branching-model',
      '/repositories/acme/api.gateway/effective-branching-model',
    ],
  ];

  it.each(CASES)('GET %s (%s) validates', async (template, path) => {
    await start();
    const { status, body } = await served(path);
    expect(status).toBe(200);
    expect(validateAgainstSpec('GET', template, 200, body)).toEqual([]);
  });

  it('every restriction, grant and model of a generated workspace validates', async () => {
    const dataset = generateDataset({
      seed: 4,
      now: '2026-11-23T12:00:00Z',
      size: 'small',
    });
    await start(dataset);
    const ws = dataset.workspaces[0];
    for (const r of ws.repositories) {
      const base = `/repositories/${ws.slug}/${r.slug}`;
      for (const [template, path] of [
        [RESTRICTIONS, `${base}/branch-restrictions?pagelen=50`],
        [REPO_USERS, `${base}/permissions-config/users?pagelen=100`],
        [REPO_GROUPS, `${base}/permissions-config/groups?pagelen=100`],
        [
          '/repositories/{workspace}/{repo_slug}/branching-model',
          `${base}/branching-model`,
        ],
      ]) {
        const { status, body } = await served(path);
        expect([path, status]).toEqual([path, 200]);
        expect([path, validateAgainstSpec('GET', template, 200, body)]).toEqual(
          [path, []],
        );
      }
    }
    for (const p of ws.projects) {
      for (const kind of ['users', 'groups']) {
        const { body } = await served(
          `/workspaces/${ws.slug}/projects/${p.key}/permissions-config/${kind}?pagelen=100`,
        );
        expect(
          validateAgainstSpec(
            'GET',
            `/workspaces/{workspace}/projects/{project_key}/permissions-config/${kind}`,
            200,
            body,
          ),
        ).toEqual([]);
      }
    }
  });

  /** Every key path the real object has, the simulator's has too, with the same JSON type. */
  function expectSameShape(real: unknown, simulated: unknown) {
    const simShape = shapeOf(simulated);
    const mismatches: string[] = [];
    for (const [path, type] of shapeOf(real)) {
      const simType = simShape.get(path);
      if (simType === undefined) mismatches.push(`${path}: missing`);
      else if (simType !== type && type !== 'null' && simType !== 'null')
        mismatches.push(`${path}: ${type} recorded, ${simType} served`);
    }
    expect(mismatches).toEqual([]);
  }

  const values = (body: unknown) =>
    (body as { values: Array<Record<string, unknown>> }).values;

  it.each([
    [
      'permissions-config/users',
      REPO_USERS,
      'api.gateway/permissions-config/users',
    ],
    [
      'permissions-config/groups',
      REPO_GROUPS,
      'api.gateway/permissions-config/groups',
    ],
  ])(
    '%s has the recorded shape, envelope and accepted scope',
    async (_name, template, path) => {
      await start();
      const pattern = RECORDED.find(([t]) => t === template)?.[1] as RegExp;
      const real = recorded('GET', pattern);
      const sim = await served(`/repositories/acme/${path}`);
      expect(Object.keys(sim.body as object).sort()).toEqual(
        Object.keys(real.body as object).sort(),
      );
      expectSameShape(values(real.body)[0], values(sim.body)[0]);
      expect(sim.headers.get('x-accepted-oauth-scopes')).toBe(
        real.headers['x-accepted-oauth-scopes'],
      );
    },
  );

  it('branch restrictions have the recorded shape, page size and order', async () => {
    await start();
    const pages = recordedResponses().filter(
      (r) => r.status === 200 && RECORDED[2][1].test(new URL(r.url).pathname),
    );
    const real = pages.flatMap((p) => values(p.body));
    const first = await served(
      '/repositories/acme/api.gateway/branch-restrictions',
    );
    const second = await served(
      '/repositories/acme/api.gateway/branch-restrictions?page=2',
    );
    const sim = [...values(first.body), ...values(second.body)];
    // The same page size by default, and the same newest-first order.
    expect((first.body as { pagelen: number }).pagelen).toBe(
      (pages[0].body as { pagelen: number }).pagelen,
    );
    const ids = (list: Array<Record<string, unknown>>) =>
      list.map((v) => Number(v.id));
    expect(ids(real)).toEqual([...ids(real)].sort((a, b) => b - a));
    expect(ids(sim)).toEqual([...ids(sim)].sort((a, b) => b - a));
    // A rule with an exempt user, one with an exempt group, one without either.
    for (const pick of [
      (v: Record<string, unknown>) => (v.users as unknown[]).length > 0,
      (v: Record<string, unknown>) => (v.groups as unknown[]).length > 0,
      (v: Record<string, unknown>) => v.value === null,
      (v: Record<string, unknown>) => typeof v.value === 'number',
    ]) {
      expectSameShape(real.find(pick), sim.find(pick));
    }
    expect(Object.keys(real[0]).sort()).toEqual(
      Object.keys(sim.find((v) => v.branch_match_kind === 'glob') ?? {}).sort(),
    );
    expect(first.headers.get('x-accepted-oauth-scopes')).toBe(
      pages[0].headers['x-accepted-oauth-scopes'],
    );
  });
});
