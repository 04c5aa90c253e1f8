/**
 * How the client fails when Bitbucket or the set-up misbehaves, through the simulator over real
 * HTTP: a dead endpoint ends in a bounded number of requests, a wrong URL is named at
 * validation, a cut body fails at the cut, and a 429 with Retry-After waits what it says.
 */
import http from 'http';
import { AddressInfo } from 'net';

import { BitbucketClient, ClientTuning } from '../../src/bitbucket/client';
import {
  CircuitOpenError,
  NotBitbucketError,
} from '../../src/bitbucket/errors';
import { ClientSettings, CredentialConfig } from '../../src/bitbucket/settings';
import { generateDataset } from '../../simulator/dataset';
import { RunningSimulator, startSimulator } from '../../simulator';
import { recordingLogger } from '../helpers/recording-logger';

const TOKEN_ENDPOINT = 'POST /site/oauth2/access_token';
const PR_ENDPOINT =
  'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests';
const CONSUMERS = [1, 2].map((n) => ({
  clientId: `failing-${n}`,
  secret: `s3cr3t-failing-${n}-zq`,
  scopes: ['account', 'project', 'repository', 'pullrequest'],
}));
const oauth = (n: number): CredentialConfig => ({
  kind: 'oauth',
  position: n,
  clientId: CONSUMERS[n - 1].clientId,
  clientSecret: CONSUMERS[n - 1].secret,
});

const FAST: Partial<ClientTuning> = {
  retryMinMs: 10,
  retryMaxMs: 50,
  cooldownBaseMs: 50,
  cooldownMaxMs: 200,
  waitLogEveryMs: 100,
  validationRetryMs: 10,
  breakerMinSpanMs: 100,
};

const dataset = generateDataset({ seed: 12, now: new Date(), size: 'small' });
const workspace = dataset.workspaces[0].slug;

describe('the client when Bitbucket or the set-up misbehaves', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const makeClient = (
    settings: Partial<ClientSettings> = {},
    tuning: Partial<ClientTuning> = FAST,
  ) => {
    const { logger, lines } = recordingLogger();
    const client = new BitbucketClient(
      {
        apiBaseUrl: sim?.apiBaseUrl ?? 'http://127.0.0.1:1/2.0',
        tokenUrl:
          sim?.tokenUrl ?? 'http://127.0.0.1:1/site/oauth2/access_token',
        credentials: [oauth(1)],
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

  const repositories = async (client: BitbucketClient) => {
    const uuids: string[] = [];
    await client.iterateRepositories(workspace, (r) => {
      uuids.push(r.uuid);
    });
    return uuids;
  };

  /** Every repository's pull requests, one after the other as the step reads them. */
  const pullRequestOutcomes = async (
    client: BitbucketClient,
    repos: string[],
  ) => {
    const outcomes: unknown[] = [];
    for (const repo of repos) {
      outcomes.push(
        await client
          .iteratePullRequests(
            workspace,
            repo,
            { updatedAfter: new Date(0), withParticipants: true },
            () => undefined,
          )
          .then(() => 'ok')
          .catch((e: unknown) => e),
      );
    }
    return outcomes;
  };

  it('a token endpoint that dies mid-run is given up after a bounded number of grants', async () => {
    sim = await startSimulator({ dataset, credentials: { oauth: CONSUMERS } });
    const { client } = makeClient();
    await client.verifyCredentials([workspace]);
    const repos = await repositories(client);
    expect(repos.length).toBeGreaterThanOrEqual(20);

    sim.setFaults({
      rules: [{ endpoint: TOKEN_ENDPOINT, fault: 'server-error', times: 1e9 }],
    });
    sim.expireTokens();
    const grantsBefore = sim.stats().tokenRequests;
    const outcomes = await pullRequestOutcomes(client, repos);

    expect(outcomes.every((o) => o !== 'ok')).toBe(true);
    const last = outcomes[outcomes.length - 1];
    expect(last).toBeInstanceOf(CircuitOpenError);
    expect((last as Error).message).toContain(TOKEN_ENDPOINT);
    expect((last as Error).message).toContain('last: 500');
    // One retry budget per request and a breaker: not (1 + retries)² grants per repository.
    expect(sim.stats().tokenRequests - grantsBefore).toBeLessThanOrEqual(8 + 1);
  });

  it('a pull request list that answers 5xx for every repository is given up after a bounded number of attempts', async () => {
    sim = await startSimulator({ dataset, credentials: { oauth: CONSUMERS } });
    const { client } = makeClient();
    await client.verifyCredentials([workspace]);
    const repos = await repositories(client);
    sim.setFaults({
      rules: [{ endpoint: PR_ENDPOINT, fault: 'server-error', times: 1e9 }],
    });
    const outcomes = await pullRequestOutcomes(client, repos);

    expect(outcomes.every((o) => o !== 'ok')).toBe(true);
    const last = outcomes[outcomes.length - 1];
    expect(last).toBeInstanceOf(CircuitOpenError);
    expect((last as Error).message).toContain(PR_ENDPOINT);
    expect(
      sim.stats().byEndpointStatus[`${PR_ENDPOINT} 500`],
    ).toBeLessThanOrEqual(8);
    // Other endpoints are still asked.
    expect(await repositories(client)).toEqual(repos);
  });

  it('an API that cannot be reached fails validation naming the API URL, after two quick retries', async () => {
    const { client } = makeClient({
      credentials: [
        { kind: 'access-token', position: 1, token: 'ATCTT-unreached-zq' },
      ],
    });
    const error = await client
      .verifyCredentials(['acme'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotBitbucketError);
    expect(error).toMatchObject({
      target: 'api',
      url: 'http://127.0.0.1:1/2.0',
      reason: 'ECONNREFUSED',
    });
  });

  it('a token URL that cannot be reached fails validation naming the token URL', async () => {
    sim = await startSimulator({ dataset, credentials: { oauth: CONSUMERS } });
    const { client } = makeClient({
      tokenUrl: 'http://127.0.0.1:1/site/oauth2/access_token',
    });
    const error = await client
      .verifyCredentials([workspace])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      target: 'token',
      url: 'http://127.0.0.1:1/site/oauth2/access_token',
    });
    expect(sim.stats().total).toBe(0);
  });

  it.each([
    [
      'an HTML 404 page',
      404,
      'text/html',
      '<html><body>Not Found</body></html>',
    ],
    [
      'a 404 without Bitbucket error JSON',
      404,
      'application/json',
      '{"message":"no route"}',
    ],
    [
      'an HTML 200 page',
      200,
      'text/html',
      '<!doctype html><title>Login</title>',
    ],
  ])(
    'a server that answers %s at the API URL is named at validation',
    async (_name, status, type, body) => {
      const other = http.createServer((_req, res) => {
        res.writeHead(status, { 'Content-Type': type });
        res.end(body);
      });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      try {
        const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/2.0`;
        const { client } = makeClient({
          apiBaseUrl: url,
          credentials: [
            { kind: 'access-token', position: 1, token: 'ATCTT-other-zq' },
          ],
        });
        const error = await client
          .verifyCredentials(['acme'])
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotBitbucketError);
        expect(error).toMatchObject({ target: 'api', url });
      } finally {
        await new Promise((r) => other.close(r));
      }
    },
  );

  it('a connection cut mid-body fails at the cut, not at the request timeout', async () => {
    sim = await startSimulator({ dataset, credentials: { oauth: CONSUMERS } });
    // A timeout far longer than this test may run: only noticing the cut lets it pass.
    const { client, lines } = makeClient({ requestTimeoutMs: 120_000 });
    await client.verifyCredentials([workspace]);
    sim.setFaults({
      rules: [{ endpoint: 'GET /2.0/repositories/{workspace}', fault: 'cut' }],
    });
    const repos = await repositories(client);
    expect(repos).toHaveLength(dataset.workspaces[0].repositories.length);
    expect(sim.stats().byStatus.cut).toBe(1);
    expect(lines().some((l) => l.includes('connection closed mid-body'))).toBe(
      true,
    );
  }, 20_000);

  it('a 429 burst with Retry-After waits what Bitbucket asks, once per limit, and loses nothing', async () => {
    sim = await startSimulator({
      dataset,
      credentials: { oauth: CONSUMERS },
      rateLimit: { limit: 12, windowMs: 2_000, retryAfter: true },
    });
    const { client, lines } = makeClient({ credentials: [oauth(1), oauth(2)] });
    await client.verifyCredentials([workspace]);
    const repos = await repositories(client);
    const outcomes = await pullRequestOutcomes(client, repos);
    expect(outcomes.every((o) => o === 'ok')).toBe(true);

    const stats = client.getStats();
    expect(stats.rateLimited).toBeGreaterThan(0);
    // Retry-After (1–2 s here) is taken as given, not the 50–200 ms backoff, and a 429 to a
    // request already in flight adds no line and no cool-down of its own.
    const cooldowns = lines()
      .filter((l) => l.includes('is rate limited for'))
      .map((l) => Number(/"cooldownMs":(\d+)/.exec(l)?.[1]));
    expect(cooldowns.length).toBeGreaterThan(0);
    expect(cooldowns.length).toBeLessThanOrEqual(stats.rateLimited);
    expect(Math.min(...cooldowns)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...cooldowns)).toBeLessThanOrEqual(2_000);
  }, 60_000);

  it('reads every page of a listing with one credential while it has budget', async () => {
    sim = await startSimulator({ dataset, credentials: { oauth: CONSUMERS } });
    const { client } = makeClient({ credentials: [oauth(1), oauth(2)] });
    await client.verifyCredentials([workspace]);
    const before = client.getStats().byCredential;
    const slugs: string[] = [];
    await client.list<{ slug: string }>(
      {
        endpoint: 'GET /2.0/repositories/{workspace}',
        path: `/repositories/${workspace}`,
        workspace,
        params: { pagelen: '10' },
      },
      (r) => {
        slugs.push(r.slug);
      },
    );
    expect(slugs).toHaveLength(dataset.workspaces[0].repositories.length);
    const after = client.getStats().byCredential;
    const used = Object.keys(after).filter(
      (label) => after[label].calls > (before[label]?.calls ?? 0),
    );
    expect(used).toHaveLength(1);
  });

  it('requests waiting on the same limit share one wait: one line at a time, wall time counted once', async () => {
    sim = await startSimulator({
      dataset,
      credentials: { oauth: CONSUMERS },
      rateLimit: { limit: 2, windowMs: 60_000 },
    });
    const { client, lines } = makeClient({
      credentials: [oauth(1)],
      rateLimitMaxWaitMs: 400,
    });
    await client.verifyCredentials([workspace]);
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        client
          .get({
            endpoint: 'GET /2.0/workspaces/{workspace}',
            path: `/workspaces/${workspace}`,
            workspace,
          })
          .catch((e: unknown) => e),
      ),
    );
    expect(outcomes.filter((o) => o instanceof Error).length).toBeGreaterThan(
      0,
    );
    const waitLines = lines().filter((l) =>
      l.includes('are rate limited; waiting'),
    );
    // At most one line per log period (100 ms) of the 400 ms bound, not one per request.
    expect(waitLines.length).toBeLessThanOrEqual(6);
    // Wall time, not the sum over five requests waiting side by side.
    expect(client.getStats().waitedMs).toBeLessThan(2 * 400);
    // One consumer: nothing to move the request to, and the log says so.
    const limited = lines().filter((l) => l.includes('is rate limited for'));
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.some((l) => l.includes('moving the request'))).toBe(false);
    expect(
      lines().filter((l) =>
        l.includes('ran out of Bitbucket rate-limit budget'),
      ),
    ).toHaveLength(1);
  });
});
