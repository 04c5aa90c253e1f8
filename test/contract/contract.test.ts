/**
 * The simulator keeps to the contract of the real API: every response it serves for the
 * integration's endpoints validates against the official OpenAPI spec (with the allowances in
 * ./openapi.ts), and its objects have the shape of the responses recorded from Bitbucket.
 */
import {
  ALLOWANCES,
  responseSchemaName,
  validateAgainstSpec,
  validateSchema,
} from './openapi';
import { recorded, recordedResponses, shapeOf } from './recordings';
import { fixtureDataset } from '../../simulator/fixture';
import {
  DEFAULT_CREDENTIALS,
  RunningSimulator,
  startSimulator,
} from '../../simulator';

const PR_LIST = '/repositories/{workspace}/{repo_slug}/pullrequests';

describe('the OpenAPI validator', () => {
  it('accepts the real recorded responses, with the documented allowances only', () => {
    const cases: Array<[RegExp, string]> = [
      [/^\/api\/2\.0\/workspaces\/[^/]+\/?$/, '/workspaces/{workspace}'],
      [
        /^\/api\/2\.0\/workspaces\/[^/]+\/members\/?$/,
        '/workspaces/{workspace}/members',
      ],
      [
        /^\/api\/2\.0\/workspaces\/[^/]+\/projects\/?$/,
        '/workspaces/{workspace}/projects',
      ],
      [/^\/api\/2\.0\/repositories\/[^/]+\/?$/, '/repositories/{workspace}'],
    ];
    for (const [pattern, template] of cases) {
      const responses = recordedResponses().filter(
        (r) =>
          r.method === 'GET' &&
          r.status === 200 &&
          pattern.test(new URL(r.url).pathname),
      );
      expect(responses.length).toBeGreaterThan(0);
      for (const r of responses) {
        expect([
          template,
          r.file,
          validateAgainstSpec('GET', template, 200, r.body),
        ]).toEqual([template, r.file, []]);
      }
    }
    expect(ALLOWANCES.length).toBe(8);
  });

  it('rejects a response that breaks the schema', () => {
    const workspace = recorded('GET', /^\/api\/2\.0\/workspaces\/[^/]+\/?$/)
      .body as Record<string, unknown>;
    expect(
      validateAgainstSpec('GET', '/workspaces/{workspace}', 200, {
        ...workspace,
        is_private: 'yes',
      }),
    ).not.toEqual([]);
    expect(
      validateSchema('paginated_pullrequests', {
        values: [],
        pagelen: 10,
        extra: true,
      }),
    ).not.toEqual([]);
    expect(validateSchema('error', { type: 'error', error: {} })).not.toEqual(
      [],
    );
  });
});

describe('simulator responses against the spec', () => {
  let sim: RunningSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startSimulator({
      dataset: fixtureDataset(),
      credentials: {
        oauth: [
          ...(DEFAULT_CREDENTIALS.oauth ?? []),
          {
            clientId: 'no-prs',
            secret: 'x',
            scopes: ['account', 'project', 'repository'],
          },
        ],
      },
    });
    token = await tokenFor('sim-client-id', 'sim-client-secret');
  });
  afterAll(() => sim?.close());

  async function tokenFor(id: string, secret: string): Promise<string> {
    const res = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    return ((await res.json()) as { access_token: string }).access_token;
  }

  const get = async (path: string, bearer = token) => {
    const res = await fetch(`${sim.apiBaseUrl}${path}`, {
      headers: { Authorization: `Bearer ${bearer}` },
    });
    return { res, status: res.status, body: await res.json() };
  };

  it.each([
    ['/workspaces/{workspace}', '/workspaces/acme'],
    ['/workspaces/{workspace}/members', '/workspaces/acme/members'],
    ['/workspaces/{workspace}/projects', '/workspaces/acme/projects'],
    ['/repositories/{workspace}', '/repositories/acme?pagelen=1'],
    ['/repositories/{workspace}/{repo_slug}', '/repositories/acme/infra_tools'],
    [
      PR_LIST,
      '/repositories/acme/api.gateway/pullrequests?pagelen=50&q=id%20%3E%200',
    ],
    [
      PR_LIST,
      '/repositories/acme/api.gateway/pullrequests?q=id%20%3D%2060&fields=%2Bvalues.participants,%2Bvalues.reviewers',
    ],
    [
      '/repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}',
      '/repositories/acme/api.gateway/pullrequests/60',
    ],
  ])('GET %s (%s) validates', async (template, path) => {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    expect(validateAgainstSpec('GET', template, 200, body)).toEqual([]);
  });

  it('serves error bodies the spec (with allowances) accepts', async () => {
    const notFound = await get('/workspaces/nope');
    expect(notFound.status).toBe(404);
    expect(
      validateAgainstSpec('GET', '/workspaces/{workspace}', 404, notFound.body),
    ).toEqual([]);
    const gone = await get('/workspaces');
    expect(gone.status).toBe(410);
    expect(validateSchema('error', gone.body)).toEqual([]);
    const badPagelen = await get(
      '/repositories/acme/api.gateway/pullrequests?pagelen=100',
    );
    expect(badPagelen.status).toBe(400);
    expect(validateSchema('error', badPagelen.body)).toEqual([]);
    const scopes = await get(
      '/repositories/acme/api.gateway/pullrequests',
      await tokenFor('no-prs', 'x'),
    );
    expect(scopes.status).toBe(403);
    expect(validateSchema('error', scopes.body)).toEqual([]);
    expect(
      responseSchemaName('GET', '/repositories/{workspace}/{repo_slug}', 404),
    ).toBe('error');
  });

  it('answers 429 in plain text, which the spec does not describe', async () => {
    await sim.close();
    sim = await startSimulator({
      dataset: fixtureDataset(),
      rateLimit: { limit: 1 },
    });
    token = await tokenFor('sim-client-id', 'sim-client-secret');
    await get('/workspaces/acme');
    const res = await fetch(`${sim.apiBaseUrl}/workspaces/acme`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe(
      'Rate limit for this resource has been exceeded',
    );
  });
});

describe('simulator objects have the shape of the real recordings', () => {
  let sim: RunningSimulator;
  let token: string;
  let tokenBody: Record<string, unknown>;

  beforeAll(async () => {
    sim = await startSimulator({ dataset: fixtureDataset() });
    const res = await fetch(sim.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('sim-client-id:sim-client-secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    tokenBody = (await res.json()) as Record<string, unknown>;
    token = String(tokenBody.access_token);
  });
  afterAll(() => sim?.close());

  const served = async (path: string) => {
    const res = await fetch(`${sim.url}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { headers: res.headers, body: await res.json() };
  };

  /** Every key path the real object has, the simulator's has too, with the same JSON type. */
  function expectSameShape(real: unknown, simulated: unknown) {
    const realShape = shapeOf(real);
    const simShape = shapeOf(simulated);
    const mismatches: string[] = [];
    for (const [path, type] of realShape) {
      const simType = simShape.get(path);
      if (simType === undefined) {
        // An empty array or a null in the simulator's data cannot show what is inside it.
        const parent = path.replace(/(\[\]|\.[^.[\]]+)$/, '');
        if (parent !== path && simShape.get(parent) === 'null') continue;
        if (
          path.includes('[]') &&
          [...simShape.keys()].every(
            (k) => !k.startsWith(path.split('[]')[0] + '[]'),
          )
        )
          continue;
        mismatches.push(`${path}: missing`);
      } else if (simType !== type && type !== 'null' && simType !== 'null') {
        mismatches.push(`${path}: ${type} recorded, ${simType} served`);
      }
    }
    expect(mismatches).toEqual([]);
  }

  const first = (body: unknown) => (body as { values: unknown[] }).values[0];
  const envelopeKeys = (body: unknown) =>
    Object.keys(body as object)
      .filter((k) => k !== 'next' && k !== 'previous')
      .sort();

  it.each([
    [
      'workspace',
      /^\/api\/2\.0\/workspaces\/[^/]+\/?$/,
      '/2.0/workspaces/acme',
      false,
      'x',
    ],
    [
      'members',
      /^\/api\/2\.0\/workspaces\/[^/]+\/members\/?$/,
      '/2.0/workspaces/acme/members',
      true,
      'account',
    ],
    [
      'projects',
      /^\/api\/2\.0\/workspaces\/[^/]+\/projects\/?$/,
      '/2.0/workspaces/acme/projects',
      true,
      'project',
    ],
    [
      'repositories',
      /^\/api\/2\.0\/repositories\/[^/]+\/?$/,
      '/2.0/repositories/acme',
      true,
      'repository',
    ],
  ] as Array<[string, RegExp, string, boolean, string]>)(
    '%s',
    async (_name, pattern, path, paginated, acceptedScope) => {
      const real = recorded('GET', pattern);
      const sim = await served(path);
      if (paginated) {
        expect(envelopeKeys(sim.body)).toEqual(envelopeKeys(real.body));
        expectSameShape(first(real.body), first(sim.body));
        expect(sim.headers.get('x-accepted-oauth-scopes')).toBe(
          real.headers['x-accepted-oauth-scopes'],
        );
        expect(sim.headers.get('x-accepted-oauth-scopes')).toBe(acceptedScope);
      } else {
        expectSameShape(real.body, sim.body);
      }
      for (const linked of [paginated ? first(sim.body) : sim.body]) {
        const links = (linked as { links: Record<string, { href: string }> })
          .links;
        expect(links.self.href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/2\.0\//);
      }
      expect(sim.headers.get('content-type')).toBe(
        real.headers['content-type'],
      );
      expect(sim.headers.get('x-credential-type')).toBe(
        real.headers['x-credential-type'],
      );
      expect(sim.headers.get('x-oauth-scopes')).toMatch(
        /^[a-z:]+(, [a-z:]+)*$/,
      );
      expect(real.headers['x-oauth-scopes']).toMatch(/^[a-z:]+(, [a-z:]+)*$/);
    },
  );

  it('/1.0/groups: a bare array of groups with embedded members, as recorded', async () => {
    const real = recorded('GET', /^\/api\/1\.0\/groups\/[^/]+\/?$/);
    const sim = await served('/1.0/groups/acme');
    expect(Array.isArray(sim.body)).toBe(true);
    const realGroup = (real.body as unknown[]).find(
      (g) => (g as { members: unknown[] }).members.length > 0,
    );
    expectSameShape(realGroup, (sim.body as unknown[])[0]);
    expect(sim.headers.get('x-accepted-oauth-scopes')).toBe(
      real.headers['x-accepted-oauth-scopes'],
    );
  });

  it('the token response has the recorded keys', () => {
    const real = recordedResponses().find(
      (r) => r.method === 'POST' && r.url.includes('/site/oauth2/access_token'),
    );
    expect(Object.keys(tokenBody).sort()).toEqual(
      Object.keys(real?.body as object).sort(),
    );
    expect(typeof tokenBody.scopes).toBe('string');
    expect(tokenBody.expires_in).toBe(
      (real?.body as { expires_in: number }).expires_in,
    );
  });
});
