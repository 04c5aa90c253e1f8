/**
 * A credential whose window is not Bitbucket's documented hour, through the simulator over real
 * HTTP: the client learns the limit and the window from its 429s and paces itself, so a burst
 * of requests finishes without a flood of 429s and without waiting an hour.
 */
import { BitbucketClient } from '../../src/bitbucket/client';
import { generateDataset } from '../../simulator/dataset';
import { RunningSimulator, startSimulator } from '../../simulator';
import { recordingLogger } from '../helpers/recording-logger';

const dataset = generateDataset({ seed: 12, now: new Date(), size: 'small' });
const ws = dataset.workspaces[0];
const CONSUMER = {
  clientId: 'paced',
  secret: 's3cr3t-paced-zq',
  scopes: ['account'],
};

function pacedClient(apiBaseUrl: string, tokenUrl: string, maxConcurrency = 8) {
  const { logger, lines } = recordingLogger();
  // The shipped tuning: the run must not depend on a cool-down shortened for tests.
  const client = new BitbucketClient(
    {
      apiBaseUrl,
      tokenUrl,
      credentials: [
        {
          kind: 'oauth',
          position: 1,
          clientId: CONSUMER.clientId,
          clientSecret: CONSUMER.secret,
        },
      ],
      maxConcurrency,
      requestTimeoutMs: 5_000,
      rateLimitMaxWaitMs: 60_000,
    },
    logger,
  );
  return { client, lines };
}

function readWorkspace(client: BitbucketClient, times: number) {
  return Promise.all(
    Array.from({ length: times }, () =>
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
}

describe('pacing a credential by its learned limit and window', () => {
  let sim: RunningSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('150 requests at 20 per rolling second: all answered, few 429s', async () => {
    sim = await startSimulator({
      dataset,
      credentials: { oauth: [CONSUMER] },
      rateLimit: { limit: 20, windowMs: 1_000 },
    });
    const { client, lines } = pacedClient(sim.apiBaseUrl, sim.tokenUrl);
    await client.verifyCredentials([ws.slug]);
    const started = Date.now();
    const outcomes = await readWorkspace(client, 150);
    const elapsedMs = Date.now() - started;
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    const refused = sim.stats().byStatus['429'] ?? 0;
    process.stdout.write(`paced: ${elapsedMs} ms, 429s ${refused}\n`);
    // Worst case by design: the first burst's requests in flight (8), a refused window probe
    // or two (each tests a window 1 s longer), up to 7 refused tests narrowing the window to
    // 1 % (halving ~1 s), a refused limit probe after 2, 3 and 5 windows (spacing doubles),
    // and a jitter correction or two: about 23. 10–15 measured; before, a rush on every freed
    // slot took 56 here (and 36 s), so 30 still tells the two apart on a loaded machine.
    expect(refused).toBeLessThanOrEqual(30);
    // One line when the credential is first limited, not one per probe.
    expect(
      lines().filter((l) => l.includes('is rate limited for')),
    ).toHaveLength(1);
    // Measured, not asserted: the budget allows 151 calls in 7 s.
  }, 120_000);

  it('a stray 429 after 3 requests does not pace the rest of the run', async () => {
    // Bitbucket's documented budget, far from reached; one 429 on the 4th read of the
    // workspace, as a burst protection or a proxy may answer.
    sim = await startSimulator({
      dataset,
      credentials: { oauth: [CONSUMER] },
      faults: {
        rules: [
          {
            endpoint: 'GET /2.0/workspaces/{workspace}',
            nth: 4,
            fault: 'rate-limit',
          },
        ],
      },
    });
    // One request at a time, so the stray 429 is answered before the 5th admission (it must
    // be, to teach no limit) however loaded the machine: with 8 in flight, 5 successes may
    // come back first, and a limit of about 8 would be learned instead.
    const { client } = pacedClient(sim.apiBaseUrl, sim.tokenUrl, 1);
    await client.verifyCredentials([ws.slug]);
    const outcomes = await readWorkspace(client, 300);
    expect(outcomes.filter((o) => o !== 'ok')).toEqual([]);
    const { rateLimited, waits } = client.getStats();
    process.stdout.write(`stray: 429s ${rateLimited}, waits ${waits}\n`);
    expect(rateLimited).toBe(1);
    // The stray's cool-down and its probe; before: a wait for nearly every slot once L was 3
    // (measured at 8 in flight: 290 without either fix, 119 with limit probes alone; one at a
    // time, 73 when a first 429 always teaches a limit).
    expect(waits).toBeLessThanOrEqual(3);
  }, 120_000);
});
