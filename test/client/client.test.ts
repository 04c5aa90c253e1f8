import {
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationProviderRetriesExceededError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

import { BitbucketClient, ClientTuning } from '../../src/bitbucket/client';
import {
  BitbucketGoneError,
  BitbucketNotFoundError,
} from '../../src/bitbucket/errors';
import { ClientSettings, CredentialConfig } from '../../src/bitbucket/settings';
import { fixtureDataset } from '../../simulator/fixture';
import { generateDataset } from '../../simulator/dataset';
import {
  RunningSimulator,
  SimCredentials,
  SimulatorOptions,
  startSimulator,
} from '../../simulator';
import { recordingLogger } from '../helpers/recording-logger';

const SECRETS = ['s3cr3t-ONE-zq', 's3cr3t-TWO-zq', 's3cr3t-THREE-zq'];
const ACCESS_TOKEN = 'ATCTT3xFfGN0-workspace-token-zq';
const API_TOKEN = {
  email: 'sec@acme.test',
  token: 'ATATT3xFfGF0-api-token-zq',
};
const SIM_CREDENTIALS: SimCredentials = {
  oauth: SECRETS.map((secret, i) => ({
    clientId: `consumer-${i + 1}`,
    secret,
    scopes: ['account', 'project', 'repository', 'pullrequest'],
  })),
  accessTokens: [
    {
      token: ACCESS_TOKEN,
      scopes: ['account', 'project', 'repository', 'pullrequest'],
      workspace: 'acme',
    },
  ],
  apiTokens: [
    {
      ...API_TOKEN,
      scopes: [
        'read:workspace:bitbucket',
        'read:project:bitbucket',
        'read:repository:bitbucket',
        'read:pullrequest:bitbucket',
      ],
    },
  ],
};

const oauth = (n: number, secret = SECRETS[n - 1]): CredentialConfig => ({
  kind: 'oauth',
  position: n,
  clientId: `consumer-${n}`,
  clientSecret: secret,
});
const accessToken: CredentialConfig = {
  kind: 'access-token',
  position: 1,
  token: ACCESS_TOKEN,
};
const apiToken: CredentialConfig = {
  kind: 'api-token',
  position: 1,
  ...API_TOKEN,
};

const FAST: Partial<ClientTuning> = {
  retryMinMs: 10,
  retryMaxMs: 50,
  cooldownBaseMs: 50,
  cooldownMaxMs: 200,
  waitLogEveryMs: 100,
};

/** Everything in the fixture's window: PRs 51..60 of api.gateway, updated in the last 10 h. */
const SINCE = new Date(Date.parse('2026-11-23T12:00:00Z') - 11 * 3_600_000);
const PR_ENDPOINT =
  'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests';

describe('BitbucketClient against the simulator', () => {
  let sim: RunningSimulator;
  const start = async (options: Partial<SimulatorOptions> = {}) => {
    sim = await startSimulator({
      dataset: fixtureDataset(),
      credentials: SIM_CREDENTIALS,
      ...options,
    });
    return sim;
  };
  afterEach(() => sim?.close());

  const makeClient = (
    credentials: CredentialConfig[],
    settings: Partial<ClientSettings> = {},
    tuning: Partial<ClientTuning> = FAST,
  ) => {
    const { logger, lines } = recordingLogger();
    const client = new BitbucketClient(
      {
        apiBaseUrl: sim.apiBaseUrl,
        tokenUrl: sim.tokenUrl,
        credentials,
        maxConcurrency: 4,
        requestTimeoutMs: 2000,
        rateLimitMaxWaitMs: 60_000,
        ...settings,
      },
      logger,
      tuning,
    );
    return { client, lines };
  };

  /** Reads everything the collector reads; returns ids so runs can be compared. */
  const collectAll = async (client: BitbucketClient) => {
    const out = {
      members: [] as string[],
      projects: [] as string[],
      repos: [] as string[],
      prs: [] as number[],
    };
    await client.iterateWorkspaceMembers('acme', (m) => {
      out.members.push(m.user.uuid);
    });
    await client.iterateProjects('acme', (p) => {
      out.projects.push(p.key);
    });
    await client.iterateRepositories('acme', (r) => {
      out.repos.push(r.uuid);
    });
    for (const repo of out.repos) {
      await client.iteratePullRequests(
        'acme',
        repo,
        { updatedAfter: new Date(0), withParticipants: true },
        (pr) => {
          out.prs.push(pr.id);
        },
      );
    }
    return out;
  };

  const EXPECTED = {
    members: [
      '{11111111-1111-4111-8111-111111111111}',
      '{22222222-2222-4222-8222-222222222222}',
    ],
    projects: ['SEC'],
    repos: [
      '{aaaaaaaa-0000-4000-8000-000000000001}',
      '{aaaaaaaa-0000-4000-8000-000000000002}',
    ],
    // Newest first: 60..51 were updated hours ago, 1..50 weeks ago (1 most recently).
    prs: [
      ...Array.from({ length: 10 }, (_, i) => 60 - i),
      ...Array.from({ length: 50 }, (_, i) => i + 1),
    ],
  };

  it('collects members, projects, repositories and pull requests at the largest pagelen', async () => {
    await start();
    const { client } = makeClient([oauth(1)]);
    expect(await collectAll(client)).toEqual(EXPECTED);
    const stats = sim.stats();
    // One page each for members/projects/repos (pagelen 100), two PR pages of 50 for
    // api.gateway, one (empty) for infra_tools, one token request.
    expect(stats.byEndpoint).toEqual({
      'POST /site/oauth2/access_token': 1,
      'GET /2.0/workspaces/{workspace}/members': 1,
      'GET /2.0/workspaces/{workspace}/projects': 1,
      'GET /2.0/repositories/{workspace}': 1,
      [PR_ENDPOINT]: 3,
    });
    expect(client.getStats()).toMatchObject({
      totalCalls: 6,
      tokenRequests: 1,
      retries: 0,
    });
  });

  it('asks for the window with q=, all states, participants and reviewers', async () => {
    await start();
    const { client } = makeClient([oauth(1)]);
    const prs: Array<{
      id: number;
      participants?: unknown[];
      reviewers?: unknown[];
    }> = [];
    await client.iteratePullRequests(
      'acme',
      'api.gateway',
      { updatedAfter: SINCE, withParticipants: true },
      (pr) => {
        prs.push(pr);
      },
    );
    expect(prs.map((p) => p.id)).toEqual([
      60, 59, 58, 57, 56, 55, 54, 53, 52, 51,
    ]);
    expect(prs[0].participants).toHaveLength(2);
    expect(prs[0].reviewers).toHaveLength(1);
    const without: Array<{ participants?: unknown[] }> = [];
    await client.iteratePullRequests(
      'acme',
      'api.gateway',
      { updatedAfter: SINCE, withParticipants: false },
      (pr) => {
        without.push(pr);
      },
    );
    expect(without).toHaveLength(10);
    expect(without[0]).not.toHaveProperty('participants');
  });

  it('moves work off a rate-limited consumer to the others and loses nothing', async () => {
    await start({ rateLimit: { perCredential: { 'oauth:consumer-1': 1 } } });
    const { client } = makeClient([oauth(1), oauth(2), oauth(3)], {
      maxConcurrency: 1,
    });
    expect(await collectAll(client)).toEqual(EXPECTED);
    const stats = sim.stats();
    expect(stats.byEndpointStatus[`${PR_ENDPOINT} 200`]).toBe(3);
    expect(
      stats.byEndpointStatus['GET /2.0/workspaces/{workspace}/members 200'],
    ).toBe(1);
    expect(stats.byStatus['429']).toBeGreaterThanOrEqual(1);
    // Only the refused calls were repeated: 200s equal the pages the data needs.
    expect(stats.byStatus['200']).toBe(6);
    const byCredential = client.getStats().byCredential;
    expect(
      byCredential['OAuth consumer #1 (key consumer-1)'].rateLimited,
    ).toBeGreaterThanOrEqual(1);
    expect(
      byCredential['OAuth consumer #2 (key consumer-2)'].calls +
        byCredential['OAuth consumer #3 (key consumer-3)'].calls,
    ).toBeGreaterThanOrEqual(4);
  });

  it('waits for recovery when every consumer is limited, then completes', async () => {
    await start({ rateLimit: { limit: 2, windowMs: 400 } });
    const { client, lines } = makeClient([oauth(1), oauth(2)], {
      maxConcurrency: 1,
    });
    expect(await collectAll(client)).toEqual(EXPECTED);
    const stats = client.getStats();
    expect(stats.waitedMs).toBeGreaterThan(0);
    expect(stats.rateLimited).toBeGreaterThanOrEqual(1);
    expect(lines().some((l) => l.includes('are rate limited; waiting'))).toBe(
      true,
    );
  });

  it('fails with retries-exceeded, telling the user to add consumers, past the wait bound', async () => {
    await start({ rateLimit: { limit: 1, windowMs: 60_000 } });
    const { client, lines } = makeClient([oauth(1), oauth(2)], {
      rateLimitMaxWaitMs: 300,
    });
    const error = await collectAll(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationProviderRetriesExceededError);
    expect((error as Error).message).toMatch(
      /all 2 credential\(s\) that can serve it stayed rate limited/,
    );

    // The run has given up on the budget: a later request that finds every credential still
    // limited fails at once instead of waiting the bound again.
    const waits = () =>
      lines().filter((l) => l.includes('are rate limited; waiting')).length;
    const waitsBefore = waits();
    expect(waitsBefore).toBeGreaterThan(0);
    const waitedBefore = client.getStats().waitedMs;
    const again = await client
      .iterateProjects('acme', () => undefined)
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(IntegrationProviderRetriesExceededError);
    expect(waits()).toBe(waitsBefore);
    expect(client.getStats().waitedMs).toBe(waitedBefore);
    // The advice is given once per run, however many requests give up.
    expect(
      lines().filter((l) =>
        l.includes('ran out of Bitbucket rate-limit budget'),
      ),
    ).toHaveLength(1);
  });

  it('stops waiting only in the workspace whose credentials ran out', async () => {
    // One access token per workspace: token 1 (workspace A) runs out for good; token 2
    // (workspace B) is refused once, briefly, after A has given up, and B must still wait it out.
    const dataset = generateDataset({
      seed: 5,
      now: new Date(),
      size: 'tiny',
      workspaces: 2,
    });
    const [a, b] = dataset.workspaces.map((w) => w.slug);
    const tokens = ['ATCTT-ws-a-zq', 'ATCTT-ws-b-zq'];
    sim = await startSimulator({
      dataset,
      credentials: {
        accessTokens: tokens.map((token, i) => ({
          token,
          scopes: ['account', 'project', 'repository', 'pullrequest'],
          workspace: dataset.workspaces[i].slug,
        })),
      },
      rateLimit: { windowMs: 60_000, perCredential: { 'access-token:#1': 3 } },
      faults: {
        // Token 2's validation reads are its requests 1 and 2; the fourth is B's projects.
        rules: [
          {
            credential: 'access-token:#2',
            fault: 'rate-limit',
            nth: 4,
            times: 1,
          },
        ],
      },
    });
    const { client } = makeClient(
      tokens.map((token, i) => ({
        kind: 'access-token',
        position: i + 1,
        token,
      })),
      { rateLimitMaxWaitMs: 300 },
    );
    await client.verifyCredentials([a, b]);
    const failure = await client
      .iterateProjects(a, () => undefined)
      .then(() => client.iterateRepositories(a, () => undefined))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IntegrationProviderRetriesExceededError);
    expect((failure as Error).message).toContain(
      `all 1 credential(s) that can serve it stayed rate limited for the wait bound (0 s) in workspace "${a}"`,
    );

    const projects: string[] = [];
    await client.iterateWorkspaceMembers(b, () => undefined);
    await client.iterateProjects(b, (p) => {
      projects.push(p.key);
    });
    expect(projects.sort()).toEqual(
      dataset.workspaces[1].projects.map((p) => p.key).sort(),
    );
    expect(
      sim.stats().byEndpointStatus[
        'GET /2.0/workspaces/{workspace}/projects 429'
      ],
    ).toBe(1);
  });

  it('rejects a bad consumer among three by position, before any API call', async () => {
    await start();
    const { client } = makeClient([
      oauth(1),
      oauth(2, 'wrong-secret-zq'),
      oauth(3),
    ]);
    const error = await client
      .verifyCredentials(['acme'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthenticationError);
    expect((error as Error).message).toContain(
      'OAuth consumer #2 (key consumer-2)',
    );
    expect((error as Error).message).not.toContain('wrong-secret-zq');
    expect(sim.stats().total).toBe(3);
    expect(Object.keys(sim.stats().byEndpoint)).toEqual([
      'POST /site/oauth2/access_token',
    ]);
  });

  it('finds the credentials of a workspace configured by uuid or another case when the steps use its slug', async () => {
    await start();
    for (const configured of [
      '{99999999-9999-4999-8999-999999999999}',
      'ACME',
    ]) {
      const { client } = makeClient([oauth(1), accessToken]);
      const checks = await client.verifyCredentials([configured]);
      expect(checks.map((c) => c.workspaces)).toEqual([
        [configured],
        [configured],
      ]);
      // collectAll addresses the workspace as 'acme', the slug Bitbucket returns.
      expect(await collectAll(client)).toEqual(EXPECTED);
    }
  });

  it('checks a credential rate limited during validation at its first 404, and moves its work on', async () => {
    // An access token of another workspace (404 for acme) whose validation read got a 429:
    // it is kept for acme on trust, and its first 404 there must not pass for the resource's.
    await start({
      credentials: {
        ...SIM_CREDENTIALS,
        accessTokens: [
          {
            token: ACCESS_TOKEN,
            scopes: ['account', 'project', 'repository', 'pullrequest'],
            workspace: 'elsewhere',
          },
        ],
      },
      // The consumer runs out after its validation read and three listings, so the token,
      // with budget left on paper, gets the fourth.
      rateLimit: { windowMs: 500, perCredential: { 'oauth:consumer-1': 4 } },
      faults: {
        rules: [
          {
            endpoint: 'GET /2.0/workspaces/{workspace}',
            credential: 'access-token:#1',
            fault: 'rate-limit',
            nth: 1,
            times: 1,
          },
        ],
      },
    });
    const { client, lines } = makeClient([accessToken, oauth(1)]);
    const checks = await client.verifyCredentials(['acme']);
    expect(checks.map((c) => c.workspaces)).toEqual([['acme'], ['acme']]);
    await new Promise((r) => setTimeout(r, FAST.cooldownMaxMs));

    expect(await collectAll(client)).toEqual(EXPECTED);
    const stats = sim.stats();
    // One data request and one check, then never again.
    expect(stats.byEndpointStatus['GET /2.0/workspaces/{workspace} 404']).toBe(
      1,
    );
    expect(stats.byStatus['404']).toBe(2);
    expect(
      lines().filter((l) => l.includes('cannot read workspace')),
    ).toHaveLength(1);
  });

  it('refuses the same workspace configured twice under two names', async () => {
    await start();
    const { client, lines } = makeClient([oauth(1), oauth(2)]);
    const error = await client
      .verifyCredentials(['acme', '{99999999-9999-4999-8999-999999999999}'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationValidationError);
    expect((error as Error).message).toBe(
      'The same workspace is configured twice, as "acme" and as "{99999999-9999-4999-8999-999999999999}".',
    );
    // The configuration is at fault, not the two consumers.
    expect(lines().filter((l) => l.includes('failed validation'))).toEqual([]);
  });

  it('reports granted scopes for every credential kind', async () => {
    await start();
    const { client } = makeClient([oauth(1), accessToken, apiToken]);
    const checks = await client.verifyCredentials(['acme']);
    expect(checks.map((c) => [c.label, c.scopes])).toEqual([
      [
        'OAuth consumer #1 (key consumer-1)',
        ['account', 'project', 'repository', 'pullrequest'],
      ],
      ['access token #1', ['account', 'project', 'repository', 'pullrequest']],
      [
        'API token #1 (sec@acme.test)',
        [
          'read:workspace:bitbucket',
          'read:project:bitbucket',
          'read:repository:bitbucket',
          'read:pullrequest:bitbucket',
        ],
      ],
    ]);
  });

  it.each([
    ['workspace access token', accessToken],
    ['API token', apiToken],
  ] as Array<[string, CredentialConfig]>)(
    'a %s collects like an OAuth consumer',
    async (_name, credential) => {
      await start();
      const { client } = makeClient([credential]);
      expect(await collectAll(client)).toEqual(EXPECTED);
      expect(sim.stats().tokenRequests).toBe(0);
    },
  );

  it('refreshes an expired token once and carries on', async () => {
    await start({
      faults: {
        rules: [
          {
            endpoint: 'GET /2.0/repositories/{workspace}',
            fault: 'expire-token',
          },
        ],
      },
    });
    const { client } = makeClient([oauth(1)]);
    expect(await collectAll(client)).toEqual(EXPECTED);
    expect(sim.stats().tokenRequests).toBe(2);
  });

  it('carries on without a consumer deleted mid-run, and fails only when none is left', async () => {
    await start();
    const { client, lines } = makeClient([oauth(1), oauth(2), accessToken]);
    await client.getWorkspace('acme');
    expect(sim.stats().byCredential).toEqual({ 'oauth:consumer-1': 2 });
    sim.revokeConsumer('consumer-1');
    const tokensBefore = sim.stats().tokenRequests;
    expect(await collectAll(client)).toEqual(EXPECTED);
    // One refused refresh for the deleted consumer, one grant for consumer 2; no more.
    expect(sim.stats().tokenRequests - tokensBefore).toBe(2);
    expect(
      lines().some((l) =>
        l.includes('OAuth consumer #1 (key consumer-1) can no longer get'),
      ),
    ).toBe(true);

    sim.revokeConsumer('consumer-2');
    const alone = makeClient([oauth(1), oauth(2)]).client;
    await expect(alone.getWorkspace('acme')).rejects.toBeInstanceOf(
      IntegrationProviderAuthenticationError,
    );
  });

  it('refreshes a token before it expires', async () => {
    await start({ tokenTtlSeconds: 1 });
    const { client } = makeClient([oauth(1)]);
    await client.getWorkspace('acme');
    await new Promise((r) => setTimeout(r, 1100));
    await client.getWorkspace('acme');
    expect(sim.stats().tokenRequests).toBe(2);
    expect(sim.stats().byStatus).toEqual({ '200': 2 });
  });

  it.each([
    ['5xx bursts', { fault: 'server-error', times: 3 }],
    ['connection resets', { fault: 'reset', times: 2 }],
    ['stalled responses', { fault: 'stall', times: 1 }],
    ['truncated JSON', { fault: 'truncate', times: 2 }],
    [
      'a looping next',
      { fault: 'loop-next', times: 1, nth: 1, endpoint: PR_ENDPOINT },
    ],
  ] as const)('recovers from %s with the same result', async (_name, rule) => {
    await start({ faults: { stallMs: 5000, rules: [{ nth: 2, ...rule }] } });
    const { client } = makeClient([oauth(1)], { requestTimeoutMs: 300 });
    expect(await collectAll(client)).toEqual(EXPECTED);
    expect(client.getStats().retries).toBe(rule.times);
  });

  it('reports a next that keeps looping instead of following it forever', async () => {
    await start({
      faults: {
        rules: [{ endpoint: PR_ENDPOINT, fault: 'loop-next', times: Infinity }],
      },
    });
    const { client } = makeClient([oauth(1)], {}, { ...FAST, retries: 2 });
    const error = await client
      .iteratePullRequests(
        'acme',
        'api.gateway',
        { updatedAfter: new Date(0), withParticipants: false },
        () => undefined,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationProviderRetriesExceededError);
    expect((error as Error).message).toMatch(/next link repeats a page/);
    expect(sim.stats().byEndpoint[PR_ENDPOINT]).toBe(3);
  });

  describe('a listing that shrinks while it is read (offset paging shifts an item past the page boundary)', () => {
    /** Lists the 60 pull requests of the busy repository, deleting one at the start of each reading's first page. */
    const listDeleting = async (readingsToDeleteIn: number) => {
      await start();
      const { client, lines } = makeClient([oauth(1)]);
      const repo = sim.dataset.workspaces[0].repositories.find(
        (r) => r.pullRequests.length > 50,
      )!;
      const deleted: number[] = [];
      const ids: number[] = [];
      let readings = 0;
      const outcome = await client
        .iteratePullRequests(
          'acme',
          repo.uuid,
          { updatedAfter: new Date(0), withParticipants: false },
          (pr) => {
            // Each reading starts with the newest remaining pull request and ends with 50, the
            // oldest: delete the newest while page 1 is being processed.
            if (ids.length === 0 || ids.at(-1) === 50) {
              readings++;
              if (readings <= readingsToDeleteIn) {
                const at = repo.pullRequests.findIndex((p) => p.id === pr.id);
                deleted.push(
                  ...repo.pullRequests.splice(at, 1).map((p) => p.id),
                );
              }
            }
            ids.push(pr.id);
          },
        )
        .catch((e: unknown) => e);
      const remaining = repo.pullRequests.map((p) => p.id);
      return { outcome, ids, deleted, remaining, lines };
    };

    it('is read again from the start, and every remaining item is collected', async () => {
      const { outcome, ids, deleted, remaining, lines } = await listDeleting(1);
      expect(outcome).toBeUndefined();
      expect(deleted).toEqual([60]);
      expect(remaining).toHaveLength(59);
      const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
      expect(sorted(ids.filter((id) => id !== 60))).toEqual(sorted(remaining));
      // Two readings of two pages each; without the second, pull request 10 (the 51st) is lost.
      expect(sim.stats().byEndpoint[PR_ENDPOINT]).toBe(4);
      expect(
        lines().some((l) =>
          l.includes('went from 60 to 59 items while it was read'),
        ),
      ).toBe(true);
    });

    it('that shrinks again on the second reading is reported as incomplete', async () => {
      const { outcome, deleted } = await listDeleting(2);
      expect(deleted).toHaveLength(2);
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toMatch(
        /Incomplete listing: .* twice/,
      );
    });
  });

  it('reports a listing that ends short of its size instead of taking it as complete', async () => {
    await start({
      faults: {
        rules: [{ endpoint: PR_ENDPOINT, fault: 'short-page', nth: 2 }],
      },
    });
    const { client } = makeClient([oauth(1)]);
    const seen: number[] = [];
    const error = await client
      .iteratePullRequests(
        'acme',
        'api.gateway',
        { updatedAfter: new Date(0), withParticipants: false },
        (pr) => {
          seen.push(pr.id);
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /Incomplete listing: read 59 of the 60 items/,
    );
    expect(seen).toHaveLength(59);
  });

  it('never follows a next link to another host', async () => {
    await start({
      faults: { rules: [{ endpoint: PR_ENDPOINT, fault: 'foreign-next' }] },
    });
    const { client } = makeClient([oauth(1)]);
    const error = await client
      .iteratePullRequests(
        'acme',
        'api.gateway',
        { updatedAfter: new Date(0), withParticipants: false },
        () => undefined,
      )
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /Refusing to follow a next link to another host \(api\.example\.net\)/,
    );
    expect(sim.stats().byEndpoint[PR_ENDPOINT]).toBe(1);
  });

  it('gives up on persistent 5xx with retries-exceeded after the bound', async () => {
    await start({
      faults: { rules: [{ fault: 'server-error', times: Infinity }] },
    });
    const { client } = makeClient([oauth(1)], {}, { ...FAST, retries: 3 });
    await expect(client.getWorkspace('acme')).rejects.toBeInstanceOf(
      IntegrationProviderRetriesExceededError,
    );
    expect(sim.stats().byEndpoint['GET /2.0/workspaces/{workspace}']).toBe(4);
  });

  it('maps 403, 404 and 410 to typed errors without retrying', async () => {
    await start();
    const { client } = makeClient([oauth(1)]);
    await expect(client.getWorkspace('nope')).rejects.toBeInstanceOf(
      BitbucketNotFoundError,
    );
    sim.setGroupsApi('forbidden');
    await expect(client.listGroups('acme')).rejects.toBeInstanceOf(
      IntegrationProviderAuthorizationError,
    );
    sim.setGroupsApi('gone');
    await expect(client.listGroups('acme')).rejects.toBeInstanceOf(
      BitbucketGoneError,
    );
    expect(client.getStats().retries).toBe(0);
  });

  it('tries a request another credential may be allowed when one is refused', async () => {
    await start();
    // Access tokens cannot read /1.0/groups; in a mix, the OAuth consumer answers instead.
    for (const order of [
      [accessToken, oauth(1)],
      [oauth(1), accessToken],
    ]) {
      const { client } = makeClient(order);
      const groups = await client.listGroups('acme');
      expect(groups.map((g) => g.slug)).toEqual(['administrators']);
    }
    const alone = makeClient([accessToken]).client;
    await expect(alone.listGroups('acme')).rejects.toBeInstanceOf(
      IntegrationProviderAuthenticationError,
    );
  });

  it('lists groups from /1.0 as an array', async () => {
    await start();
    const { client } = makeClient([oauth(1)]);
    const groups = await client.listGroups('acme');
    expect(groups.map((g) => [g.slug, g.members.length])).toEqual([
      ['administrators', 1],
    ]);
  });

  it('keeps requests in flight within maxConcurrency', async () => {
    await start({ faults: { latencyMs: 50 } });
    const { client } = makeClient([oauth(1), oauth(2)], { maxConcurrency: 2 });
    await Promise.all(
      Array.from({ length: 10 }, () => client.getWorkspace('acme')),
    );
    expect(sim.stats().peakConcurrency).toBeLessThanOrEqual(2);
    expect(sim.stats().byEndpoint['GET /2.0/workspaces/{workspace}']).toBe(10);
  });

  it('counts the calls of each step apart while steps share the client at once, and logs to the step', async () => {
    await start({
      faults: {
        latencyMs: 20,
        rules: [
          {
            endpoint: 'GET /2.0/repositories/{workspace}',
            fault: 'server-error',
            nth: 1,
          },
        ],
      },
    });
    const { client, lines: runLines } = makeClient([oauth(1), oauth(2)]);
    const reposStep = recordingLogger();
    const projectsStep = recordingLogger();
    const repos: string[] = [];
    const projects: string[] = [];
    await Promise.all([
      client.measure('Repos', reposStep.logger, () =>
        client.iterateRepositories('acme', (r) => {
          repos.push(r.uuid);
        }),
      ),
      client.measure('Projects', projectsStep.logger, async () => {
        await client.iterateProjects('acme', (p) => {
          projects.push(p.uuid);
        });
        await client.getWorkspace('acme');
      }),
    ]);
    const logged = (lines: string[], label: string) => {
      const line = lines.find((l) => l.includes(`"${label}: `));
      if (!line) throw new Error(`no log line for ${label}`);
      const [fields] = JSON.parse(line.slice(line.indexOf(' ') + 1)) as [
        {
          bitbucketApi: {
            calls: number;
            retries: number;
            byEndpoint: Record<string, { calls: number }>;
          };
        },
      ];
      return fields.bitbucketApi;
    };
    const stats = sim.stats().byEndpoint;
    const reposLog = logged(reposStep.lines(), 'Repos');
    const projectsLog = logged(projectsStep.lines(), 'Projects');
    expect(Object.keys(reposLog.byEndpoint)).toEqual([
      'GET /2.0/repositories/{workspace}',
    ]);
    expect(reposLog.calls).toBe(stats['GET /2.0/repositories/{workspace}']);
    expect(reposLog.retries).toBe(1);
    expect(Object.keys(projectsLog.byEndpoint).sort()).toEqual([
      'GET /2.0/workspaces/{workspace}',
      'GET /2.0/workspaces/{workspace}/projects',
    ]);
    expect(projectsLog.calls).toBe(
      stats['GET /2.0/workspaces/{workspace}/projects'] +
        stats['GET /2.0/workspaces/{workspace}'],
    );
    expect(projectsLog.retries).toBe(0);
    expect(repos.length).toBeGreaterThan(0);
    expect(projects.length).toBeGreaterThan(0);
    expect(client.getStats().totalCalls).toBe(
      reposLog.calls + projectsLog.calls,
    );
    // The retry is told in the log of the step that made the call, not the run's.
    const retryLine = (lines: string[]) =>
      lines.some((l) => l.startsWith('warn') && l.includes('repositories'));
    expect(retryLine(reposStep.lines())).toBe(true);
    expect(retryLine(projectsStep.lines())).toBe(false);
    expect(retryLine(runLines())).toBe(false);
  });

  it('leaves no secret or token in logs or errors, even under faults', async () => {
    await start({
      rateLimit: { perCredential: { 'oauth:consumer-1': 1 } },
      faults: {
        stallMs: 5000,
        rules: [
          { fault: 'server-error', nth: 2 },
          { fault: 'truncate', nth: 4 },
          { fault: 'expire-token', nth: 6 },
          { fault: 'stall', nth: 7 },
        ],
      },
    });
    const { client, lines } = makeClient(
      [oauth(1), oauth(2), accessToken, apiToken],
      { requestTimeoutMs: 300 },
    );
    await client.measure('test', client.logger, () => collectAll(client));
    const failing = makeClient([oauth(3, 'bad-zq')]);
    const err = await failing.client
      .verifyCredentials(['acme'])
      .catch((e: unknown) => e as Error);
    const output = [
      ...lines(),
      ...failing.lines(),
      err instanceof Error ? `${err.name}: ${err.message}` : 'no error',
      JSON.stringify(client.getStats()),
    ].join('\n');
    expect(output.length).toBeGreaterThan(200);
    for (const secret of [
      ...SECRETS,
      'bad-zq',
      'workspace-token-zq',
      'api-token-zq',
      'sim-at-',
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
