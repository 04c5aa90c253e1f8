/**
 * Defects a review found in the layered client, each reproduced through the simulator over
 * real HTTP: a project access token whose scopes validation could not read, and 429 bursts.
 */
import { BitbucketClient, ClientTuning } from '../../src/bitbucket/client';
import { ClientSettings, CredentialConfig } from '../../src/bitbucket/settings';
import { generateDataset } from '../../simulator/dataset';
import {
  RunningSimulator,
  SimulatorOptions,
  startSimulator,
} from '../../simulator';
import { recordingLogger } from '../helpers/recording-logger';

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
const ws = dataset.workspaces[0];
const projectKey = ws.repositories[0].projectKey;
const PROJECT_TOKEN = 'ATCTT-project-token-zq';
const projectToken: CredentialConfig = {
  kind: 'access-token',
  position: 1,
  token: PROJECT_TOKEN,
};

describe('the client after review', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  const start = async (options: Partial<SimulatorOptions>) => {
    sim = await startSimulator({ dataset, ...options });
    return sim;
  };
  const makeClient = (
    settings: Partial<ClientSettings>,
    tuning: Partial<ClientTuning> = FAST,
  ) => {
    const { logger, lines } = recordingLogger();
    const client = new BitbucketClient(
      {
        apiBaseUrl: sim!.apiBaseUrl,
        tokenUrl: sim!.tokenUrl,
        credentials: [projectToken],
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

  it('a project access token rate limited at validation never answers a workspace listing', async () => {
    await start({
      credentials: {
        accessTokens: [
          {
            token: PROJECT_TOKEN,
            scopes: ['project', 'repository', 'pullrequest'],
            workspace: ws.slug,
            project: projectKey,
          },
        ],
      },
      rateLimit: { limit: 1, windowMs: 3_000 },
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
    const { client, lines } = makeClient({});
    const [check] = await client.verifyCredentials([ws.slug]);
    expect(check.scopes).toBeUndefined();

    const listed: string[] = [];
    const outcome = await client
      .iterateRepositories(ws.slug, (r) => {
        listed.push(r.uuid);
      })
      .then(() => 'ok')
      .catch((e: unknown) => e);
    // Before the fix: 'ok' with only the project's repositories.
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toContain('"account"');
    expect(listed).toEqual([]);
    expect(
      lines().filter((l) => l.includes('it is no longer used')),
    ).toHaveLength(1);
  }, 30_000);

  it('a 429 burst through a one-request queue does not escalate the cool-down', async () => {
    const CONSUMER = {
      clientId: 'burst',
      secret: 's3cr3t-burst-zq',
      scopes: ['account'],
    };
    await start({
      credentials: { oauth: [CONSUMER] },
      rateLimit: { limit: 3, windowMs: 2_000 },
    });
    const { client, lines } = makeClient(
      {
        credentials: [
          {
            kind: 'oauth',
            position: 1,
            clientId: CONSUMER.clientId,
            clientSecret: CONSUMER.secret,
          },
        ],
        maxConcurrency: 1,
      },
      { ...FAST, cooldownBaseMs: 500, cooldownMaxMs: 8_000 },
    );
    await client.verifyCredentials([ws.slug]);
    const started = Date.now();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        client
          .get({
            endpoint: 'GET /2.0/workspaces/{workspace}',
            path: `/workspaces/${ws.slug}`,
            workspace: ws.slug,
          })
          .then(() => 'ok')
          .catch((e: unknown) => e),
      ),
    );
    const elapsedMs = Date.now() - started;
    expect(outcomes.every((o) => o === 'ok')).toBe(true);
    const cooldowns = lines()
      .filter((l) => l.includes('is rate limited for'))
      .map((l) => Number(/"cooldownMs":(\d+)/.exec(l)?.[1]));
    // A probe sent after each cool-down may double it: 500, 1000, 2000 ms at most before the
    // 2 s window frees the budget. Requests that waited in the queue must not (before the fix
    // they took it to the 8 s cap within milliseconds).
    expect(cooldowns.length).toBeGreaterThan(0);
    expect(Math.max(...cooldowns)).toBeLessThanOrEqual(2_000);
    // Measured, not asserted: the budget allows 9 calls in about 6 s.
    process.stdout.write(
      `burst: ${elapsedMs} ms, cool-downs ${cooldowns.join(', ')} ms, 429s ${sim!.stats().byStatus['429'] ?? 0}\n`,
    );
  }, 60_000);

  it('counts a failed grant that many requests wait on once in the token endpoint breaker', async () => {
    const CONSUMER = {
      clientId: 'shared',
      secret: 's3cr3t-shared-zq',
      scopes: ['account'],
    };
    await start({ credentials: { oauth: [CONSUMER] } });
    const { client } = makeClient(
      {
        credentials: [
          {
            kind: 'oauth',
            position: 1,
            clientId: CONSUMER.clientId,
            clientSecret: CONSUMER.secret,
          },
        ],
      },
      { ...FAST, breakerThreshold: 4, breakerMinSpanMs: 0 },
    );
    await client.verifyCredentials([ws.slug]);
    // Two grants fail, then the endpoint answers again: below the threshold of 4.
    sim!.setFaults({
      rules: [
        {
          endpoint: 'POST /site/oauth2/access_token',
          fault: 'server-error',
          times: 2,
        },
      ],
    });
    sim!.expireTokens();
    const injected = () =>
      Object.values(sim!.stats().faultsInjected).reduce((a, b) => a + b, 0);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () =>
        client
          .get({
            endpoint: 'GET /2.0/workspaces/{workspace}',
            path: `/workspaces/${ws.slug}`,
            workspace: ws.slug,
          })
          .then(() => 'ok')
          .catch((e: unknown) => (e as Error).message),
      ),
    );
    // Before the fix each waiting request counted the shared grant's failure again, opening
    // the breaker on two real failures.
    expect(outcomes).toEqual(Array(6).fill('ok'));
    expect(injected()).toBe(2);
  }, 30_000);

  it("counts validation's retries in the run's accounting", async () => {
    await start({
      credentials: {
        accessTokens: [
          {
            token: PROJECT_TOKEN,
            scopes: ['account', 'project', 'repository', 'pullrequest'],
          },
        ],
      },
      faults: {
        rules: [
          {
            endpoint: 'GET /2.0/workspaces/{workspace}',
            fault: 'server-error',
            nth: 1,
            times: 1,
          },
        ],
      },
    });
    const { client } = makeClient({});
    await client.verifyCredentials([ws.slug]);
    expect(client.getStats().retries).toBe(1);
  });
});
