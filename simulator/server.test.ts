import { fixtureDataset, ALICE } from './fixture';
import { RunningSimulator, startSimulator } from './server';

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

interface Page {
  values: Array<Record<string, unknown>>;
  pagelen: number;
  size: number;
  page: number;
  next?: string;
  previous?: string;
}

describe('Bitbucket Cloud simulator', () => {
  let sim: RunningSimulator;
  let token: string;

  const get = (
    path: string,
    auth = `Bearer ${token}`,
    init: RequestInit = {},
  ) =>
    fetch(path.startsWith('http') ? path : `${sim.url}${path}`, {
      ...init,
      headers: { Authorization: auth },
    });
  const getJson = async <T = Record<string, unknown>>(
    path: string,
    auth?: string,
  ) => {
    const res = await get(path, auth);
    return { status: res.status, body: (await res.json()) as T, res };
  };

  const fetchToken = async (
    id: string,
    secret: string,
    grant = 'client_credentials',
  ) =>
    fetch(sim.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: basic(id, secret),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: grant ? `grant_type=${grant}` : '',
    });

  beforeEach(async () => {
    sim = await startSimulator({
      dataset: fixtureDataset(),
      credentials: {
        oauth: [
          {
            clientId: 'full',
            secret: 's1',
            scopes: ['account', 'project', 'repository', 'pullrequest'],
          },
          {
            clientId: 'noprs',
            secret: 's2',
            scopes: ['account', 'project', 'repository'],
          },
          { clientId: 'implied', secret: 's3', scopes: ['pullrequest'] },
          {
            clientId: 'admins',
            secret: 's4',
            scopes: ['account', 'project:admin', 'repository:admin'],
          },
          { clientId: 'projects', secret: 's5', scopes: ['project'] },
        ],
        accessTokens: [
          {
            token: 'wat-1',
            scopes: ['account', 'project', 'repository', 'pullrequest'],
            workspace: 'acme',
          },
        ],
        apiTokens: [
          {
            email: 'a@x.test',
            token: 'ATAT1',
            scopes: ['read:workspace:bitbucket'],
          },
        ],
      },
    });
    const res = await fetchToken('full', 's1');
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterEach(() => sim.close());

  describe('OAuth token endpoint', () => {
    it('grants client credentials with space-separated scopes and expires_in', async () => {
      const res = await fetchToken('full', 's1');
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(200);
      expect(body).toMatchObject({
        scopes: 'account project repository pullrequest',
        token_type: 'bearer',
        expires_in: 7200,
        state: 'client_credentials',
      });
      expect(typeof body.access_token).toBe('string');
    });

    it('answers OAuth-style 400s for a bad secret and a missing grant', async () => {
      const bad = await fetchToken('full', 'wrong');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({
        error: 'unauthorized_client',
        error_description: 'Invalid OAuth client credentials',
      });
      const missing = await fetchToken('full', 's1', '');
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { error: string }).error).toBe(
        'invalid_request',
      );
    });
  });

  describe('OAuth refresh grant', () => {
    it('needs a refresh token issued to the same consumer', async () => {
      const granted = (await (await fetchToken('full', 's1')).json()) as {
        refresh_token: string;
      };
      const refresh = (id: string, secret: string, token: string) =>
        fetch(sim.tokenUrl, {
          method: 'POST',
          headers: {
            Authorization: basic(id, secret),
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(token)}`,
        });
      const ok = await refresh('full', 's1', granted.refresh_token);
      expect(ok.status).toBe(200);
      for (const [id, secret, token] of [
        ['full', 's1', 'bogus'],
        ['noprs', 's2', granted.refresh_token],
      ]) {
        const bad = await refresh(id, secret, token);
        expect(bad.status).toBe(400);
        expect(await bad.json()).toEqual({
          error: 'invalid_grant',
          error_description: 'Invalid refresh_token',
        });
      }
    });
  });

  describe('authentication', () => {
    it('rejects unknown and expired Bearer tokens with Bitbucket error JSON', async () => {
      const unknown = await getJson('/2.0/workspaces/acme', 'Bearer nope');
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual({
        type: 'error',
        error: {
          message:
            'Token is invalid, expired, or not supported for this endpoint.',
        },
      });
      sim.expireTokens();
      const expired = await getJson('/2.0/workspaces/acme');
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({
        type: 'error',
        error: { message: 'Access token expired.' },
      });
    });

    it('refuses a deleted consumer: no new token, issued tokens answer 401', async () => {
      expect((await get('/2.0/workspaces/acme')).status).toBe(200);
      sim.revokeConsumer('full');
      const issued = await getJson('/2.0/workspaces/acme');
      expect(issued.status).toBe(401);
      expect(issued.body).toEqual({
        type: 'error',
        error: {
          message:
            'Token is invalid, expired, or not supported for this endpoint.',
        },
      });
      const grant = await fetchToken('full', 's1');
      expect(grant.status).toBe(400);
      expect(await grant.json()).toEqual({
        error: 'unauthorized_client',
        error_description: 'Invalid OAuth client credentials',
      });
      // Other consumers are unaffected.
      expect((await fetchToken('noprs', 's2')).status).toBe(200);
    });

    it('accepts Basic email:api_token and rejects a wrong one with WWW-Authenticate', async () => {
      const ok = await getJson(
        '/2.0/workspaces/acme',
        basic('a@x.test', 'ATAT1'),
      );
      expect(ok.status).toBe(200);
      expect(ok.res.headers.get('x-credential-type')).toBe('api_token');
      const bad = await get('/2.0/workspaces/acme', basic('a@x.test', 'nope'));
      expect(bad.status).toBe(401);
      expect(bad.headers.get('www-authenticate')).toBe(
        'Basic realm="Bitbucket.org HTTP"',
      );
    });

    it('rejects tokens in the query string (CHANGE-3052)', async () => {
      const res = await fetch(
        `${sim.url}/2.0/workspaces/acme?access_token=${token}`,
      );
      expect(res.status).toBe(401);
    });

    it('serves workspace access tokens only for their own workspace', async () => {
      const ok = await get('/2.0/repositories/acme', 'Bearer wat-1');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit')).toBe('1000');
      const groups = await get('/1.0/groups/acme', 'Bearer wat-1');
      expect(groups.status).toBe(401);
    });
  });

  describe('endpoints', () => {
    it('answers 410 with the CHANGE-2770 body for GET /2.0/workspaces', async () => {
      const { status, body } = await getJson('/2.0/workspaces');
      expect(status).toBe(410);
      expect(body).toMatchObject({
        type: 'error',
        error: { message: 'CHANGE-2770 - Functionality has been deprecated' },
        data: {
          announcement_url:
            'https://developer.atlassian.com/cloud/bitbucket/changelog#CHANGE-2770',
        },
      });
    });

    it('serves a workspace by slug or uuid and 404s an unknown one', async () => {
      const bySlug = await getJson('/2.0/workspaces/acme');
      expect(bySlug.body).toMatchObject({
        type: 'workspace',
        slug: 'acme',
        is_private: true,
      });
      const byUuid = await getJson(
        `/2.0/workspaces/${encodeURIComponent('{99999999-9999-4999-8999-999999999999}')}`,
      );
      expect(byUuid.body.slug).toBe('acme');
      const missing = await getJson('/2.0/workspaces/nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        type: 'error',
        error: { message: "No workspace with identifier 'nope'." },
      });
    });

    it('serves /1.0/groups as a bare array with embedded members', async () => {
      const { status, body } = await getJson<unknown[]>('/1.0/groups/acme');
      expect(status).toBe(200);
      expect(Array.isArray(body)).toBe(true);
      expect(body[0]).toMatchObject({
        slug: 'administrators',
        owner: { is_team: true, account_id: null },
        members: [{ account_id: ALICE, display_name: 'Zoë Ångström' }],
      });
      sim.setGroupsApi('forbidden');
      expect((await get('/1.0/groups/acme')).status).toBe(403);
      sim.setGroupsApi('gone');
      expect((await get('/1.0/groups/acme')).status).toBe(410);
    });

    it('answers unknown API paths with Resource not found', async () => {
      const { status, body } = await getJson('/2.0/nothing/here');
      expect(status).toBe(404);
      expect((body as { error: { message: string } }).error.message).toBe(
        'Resource not found',
      );
    });
  });

  describe('paging', () => {
    it('pages with next built on the request host until the last page', async () => {
      const first = await getJson<Page>(
        '/2.0/workspaces/acme/members?pagelen=1',
      );
      expect(first.body).toMatchObject({ pagelen: 1, size: 2, page: 1 });
      expect(first.body.next).toBe(
        `${sim.url}/2.0/workspaces/acme/members?pagelen=1&page=2`,
      );
      const second = await getJson<Page>(first.body.next ?? '');
      expect(second.body.next).toBeUndefined();
      expect(second.body.previous).toBe(
        `${sim.url}/2.0/workspaces/acme/members?pagelen=1&page=1`,
      );
    });

    it('enforces the per-endpoint maximum pagelen (100; 50 for pull requests)', async () => {
      expect((await get('/2.0/repositories/acme?pagelen=100')).status).toBe(
        200,
      );
      const tooBig = await getJson('/2.0/repositories/acme?pagelen=101');
      expect(tooBig.status).toBe(400);
      expect(tooBig.body).toEqual({
        type: 'error',
        error: { message: 'Invalid pagelen' },
      });
      const prs = '/2.0/repositories/acme/api.gateway/pullrequests';
      expect((await get(`${prs}?pagelen=50`)).status).toBe(200);
      expect((await get(`${prs}?pagelen=51`)).status).toBe(400);
    });
  });

  describe('pull requests: state, q, sort, fields', () => {
    const prs = '/2.0/repositories/acme/api.gateway/pullrequests';

    it('defaults to OPEN, repeats state=, and ignores state= when q= is present', async () => {
      const open = await getJson<Page>(`${prs}?pagelen=50`);
      expect(open.body.size).toBe(20);
      const two = await getJson<Page>(
        `${prs}?pagelen=50&state=MERGED&state=DECLINED`,
      );
      expect(two.body.size).toBe(40);
      const withQ = await getJson<Page>(
        `${prs}?pagelen=50&state=OPEN&q=${encodeURIComponent('id > 0')}`,
      );
      expect(withQ.body.size).toBe(60);
    });

    it('filters with BBQL datetimes, AND/OR and parentheses, and sorts', async () => {
      const q = encodeURIComponent(
        'updated_on > 2026-11-23T02:30:00+00:00 AND (state = "MERGED" OR state = "OPEN")',
      );
      const { body } = await getJson<Page>(
        `${prs}?pagelen=50&sort=-updated_on&q=${q}`,
      );
      // PRs 51..60 are in the window; 51,52,54,55,57,58,60 are OPEN or MERGED; 51 is 10 h old.
      expect(body.values.map((v) => v.id)).toEqual([60, 58, 57, 55, 54, 52]);
      const ascending = await getJson<Page>(
        `${prs}?pagelen=50&sort=updated_on&q=${q}`,
      );
      expect(ascending.body.values.map((v) => v.id)).toEqual([
        52, 54, 55, 57, 58, 60,
      ]);
    });

    it('sorts on one filterable field only', async () => {
      for (const sort of ['updated_on,created_on', 'nonexistent', '-links']) {
        const res = await getJson(`${prs}?sort=${encodeURIComponent(sort)}`);
        expect([sort, res.status]).toEqual([sort, 400]);
      }
      expect((await get(`${prs}?sort=-updated_on`)).status).toBe(200);
    });

    it('rejects filters on participants and malformed queries with 400', async () => {
      const bad = await getJson(
        `${prs}?q=${encodeURIComponent('participants.approved = true')}`,
      );
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({
        type: 'error',
        error: {
          message: 'Field "participants.approved" does not support filtering',
        },
      });
      expect(
        (await get(`${prs}?q=${encodeURIComponent('state = ')}`)).status,
      ).toBe(400);
      // Datetimes are unquoted ISO-8601; a quoted one or a number is refused (strict reading).
      for (const q of [
        'updated_on > "2026-11-01T00:00:00"',
        'updated_on > 2026',
        'created_on IN ("2026-11-01")',
      ]) {
        expect((await get(`${prs}?q=${encodeURIComponent(q)}`)).status).toBe(
          400,
        );
      }
      expect(
        (
          await get(
            `${prs}?q=${encodeURIComponent('updated_on > 2026-11-01T00:00:00')}`,
          )
        ).status,
      ).toBe(200);
    });

    it('omits participants and reviewers on the list unless fields= adds them', async () => {
      const q = `q=${encodeURIComponent('id = 60')}`;
      const plain = await getJson<Page>(`${prs}?${q}`);
      expect(plain.body.values[0]).not.toHaveProperty('participants');
      expect(plain.body.values[0]).not.toHaveProperty('reviewers');
      const asked = await getJson<Page>(
        `${prs}?${q}&fields=%2Bvalues.participants,%2Bvalues.reviewers,-values.links`,
      );
      const item = asked.body.values[0];
      expect(item.reviewers).toEqual([
        expect.objectContaining({ nickname: 'bob' }),
      ]);
      expect(item.participants).toEqual([
        expect.objectContaining({
          role: 'REVIEWER',
          approved: true,
          state: 'approved',
        }),
        expect.objectContaining({
          role: 'PARTICIPANT',
          approved: false,
          state: 'changes_requested',
        }),
      ]);
      expect(item).not.toHaveProperty('links');
      expect(asked.body.size).toBe(1);
      // An unencoded `+` arrives as a space and selects nothing.
      const unencoded = await getJson<Page>(
        `${prs}?${q}&fields=+values.participants`,
      );
      expect(unencoded.body).toEqual({});
    });

    it('includes participants on a single pull request', async () => {
      const { body } = await getJson(`${prs}/60`);
      expect(body.participants).toHaveLength(2);
      expect(body.reviewers).toHaveLength(1);
    });

    it('applies fields= to single objects too', async () => {
      const repo = await getJson(
        '/2.0/repositories/acme/api.gateway?fields=uuid,full_name',
      );
      expect(Object.keys(repo.body).sort()).toEqual(['full_name', 'uuid']);
      const pr = await getJson(`${prs}/60?fields=id,-participants`);
      expect(pr.body).toEqual({ id: 60 });
      const ws = await getJson('/2.0/workspaces/acme?fields=-links');
      expect(ws.body).toHaveProperty('slug', 'acme');
      expect(ws.body).not.toHaveProperty('links');
    });
  });

  describe('scopes', () => {
    it('answers 403 with detail.required when a scope is missing, honouring implications', async () => {
      const res = await fetchToken('noprs', 's2');
      const t = ((await res.json()) as { access_token: string }).access_token;
      const denied = await getJson(
        '/2.0/repositories/acme/api.gateway/pullrequests',
        `Bearer ${t}`,
      );
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({
        type: 'error',
        error: {
          message:
            'Your credentials lack one or more required privilege scopes.',
          detail: {
            required: ['pullrequest'],
            granted: ['account', 'project', 'repository'],
          },
        },
      });
      const implied = await fetchToken('implied', 's3');
      const t2 = ((await implied.json()) as { access_token: string })
        .access_token;
      // pullrequest implies repository for OAuth consumers.
      expect((await get('/2.0/repositories/acme', `Bearer ${t2}`)).status).toBe(
        200,
      );
      expect(
        (await get('/2.0/workspaces/acme/members', `Bearer ${t2}`)).status,
      ).toBe(403);
      // Admin scopes do not imply read ones; project implies repository.
      const bearer = async (id: string, secret: string) =>
        `Bearer ${((await (await fetchToken(id, secret)).json()) as { access_token: string }).access_token}`;
      const admins = await bearer('admins', 's4');
      expect((await get('/2.0/repositories/acme', admins)).status).toBe(403);
      expect((await get('/2.0/workspaces/acme/projects', admins)).status).toBe(
        403,
      );
      const projects = await bearer('projects', 's5');
      expect((await get('/2.0/repositories/acme', projects)).status).toBe(200);
      const api = await getJson(
        '/2.0/repositories/acme',
        basic('a@x.test', 'ATAT1'),
      );
      expect(api.status).toBe(403);
      expect(api.body).toMatchObject({
        error: { detail: { required: ['read:repository:bitbucket'] } },
      });
    });
  });

  describe('rate limits', () => {
    it('answers plain-text 429 without Retry-After per credential on a rolling window', async () => {
      sim.setRateLimit({ limit: 2, windowMs: 300 });
      expect((await get('/2.0/workspaces/acme')).status).toBe(200);
      expect((await get('/2.0/workspaces/acme')).status).toBe(200);
      const limited = await get('/2.0/workspaces/acme');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toBe('text/plain');
      expect(limited.headers.get('retry-after')).toBeNull();
      expect(await limited.text()).toBe(
        'Rate limit for this resource has been exceeded',
      );
      // Another credential has its own budget.
      expect((await get('/2.0/repositories/acme', 'Bearer wat-1')).status).toBe(
        200,
      );
      await new Promise((r) => setTimeout(r, 350));
      expect((await get('/2.0/workspaces/acme')).status).toBe(200);
    });
  });

  describe('faults', () => {
    it('fails the nth call to an endpoint as scripted', async () => {
      sim.setFaults({
        rules: [
          {
            endpoint: 'GET /2.0/workspaces/{workspace}',
            nth: 2,
            times: 2,
            fault: 'server-error',
          },
        ],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await get('/2.0/workspaces/acme')).status);
      expect(statuses).toEqual([200, 500, 500, 200]);
    });

    it('resets connections, stalls, truncates bodies and loops next', async () => {
      sim.setFaults({ rules: [{ fault: 'reset' }] });
      await expect(get('/2.0/workspaces/acme')).rejects.toThrow();

      sim.setFaults({ stallMs: 5000, rules: [{ fault: 'stall' }] });
      await expect(
        get('/2.0/workspaces/acme', `Bearer ${token}`, {
          signal: AbortSignal.timeout(200),
        }),
      ).rejects.toThrow();

      sim.setFaults({ rules: [{ fault: 'truncate' }] });
      const truncated = await get('/2.0/workspaces/acme');
      expect(truncated.status).toBe(200);
      await expect(truncated.json()).rejects.toThrow();

      sim.setFaults({ rules: [{ fault: 'loop-next' }] });
      const looped = await getJson<Page>(
        '/2.0/workspaces/acme/members?pagelen=1',
      );
      expect(looped.body.next).toBe(
        `${sim.url}/2.0/workspaces/acme/members?pagelen=1&page=1`,
      );
    });

    it('injects seeded random 5xx at the configured rate, reproducibly', async () => {
      const run = async () => {
        sim.setFaults({ seed: 42, serverErrorRate: 0.3 });
        const out: number[] = [];
        for (let i = 0; i < 20; i++)
          out.push((await get('/2.0/workspaces/acme')).status);
        return out;
      };
      const a = await run();
      const b = await run();
      expect(a).toEqual(b);
      const errors = a.filter((s) => s === 500).length;
      expect(errors).toBeGreaterThan(0);
      expect(errors).toBeLessThan(20);
    });
  });

  describe('introspection', () => {
    it('counts requests by endpoint, credential and status, and peak concurrency', async () => {
      sim.resetStats();
      sim.setFaults({ latencyMs: 100 });
      await Promise.all([1, 2, 3, 4].map(() => get('/2.0/workspaces/acme')));
      await get('/2.0/workspaces/nope');
      const res = await fetch(`${sim.url}/_simulator/stats`);
      const stats = (await res.json()) as ReturnType<RunningSimulator['stats']>;
      expect(stats.byEndpoint['GET /2.0/workspaces/{workspace}']).toBe(5);
      expect(stats.byCredential['oauth:full']).toBe(5);
      expect(stats.byStatus).toEqual({ '200': 4, '404': 1 });
      expect(stats.peakConcurrency).toBeGreaterThanOrEqual(4);
    });
  });
});
