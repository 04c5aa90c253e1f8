/**
 * The rate limiter's own decisions on a fake clock (jest's timers and `Date.now`): which
 * answers teach the pacing, and how requests share a wait for a workspace.
 */
import { Headers } from 'node-fetch';

import { Accounting } from '../../src/bitbucket/accounting';
import { CredentialState } from '../../src/bitbucket/credentials';
import { RateLimiter } from '../../src/bitbucket/ratelimit';
import { Routing } from '../../src/bitbucket/routing';
import { Sent } from '../../src/bitbucket/transport';
import { recordingLogger } from '../helpers/recording-logger';

const policy = { baseMs: 5_000, maxMs: 300_000, floorMs: 1_000 };
const target = {
  endpoint: 'GET /2.0/workspaces/{workspace}',
  workspace: 'acme',
};
const answer = (status: number): Sent => ({
  status,
  statusText: '',
  headers: new Headers(),
  body: '',
});

function limiterFor(states: CredentialState[], maxWaitMs = 3_900_000) {
  const { logger } = recordingLogger();
  return new RateLimiter(
    new Routing(states),
    { maxWaitMs, logEveryMs: 30_000 },
    new Accounting(),
    () => logger,
  );
}

/** A credential that learned its limit (10) from a 429 and has its first window probe out. */
function probing(limiter: RateLimiter, state: CredentialState): number {
  const t0 = Date.now();
  for (let i = 0; i < 10; i++) expect(state.tryAcquire(t0 + i)).toBe(true);
  for (let i = 0; i < 5; i++)
    limiter.answered(state, target, t0 + i, answer(200));
  jest.setSystemTime(t0 + 20);
  limiter.answered(state, target, t0 + 9, answer(429));
  expect(state.estimates.limit).toBe(9);
  const probeAt = state.coolingUntil(Date.now());
  jest.setSystemTime(probeAt);
  expect(state.tryAcquire(probeAt)).toBe(true);
  // One probe at a time: nobody else may go until its answer.
  expect(state.coolingUntil(probeAt)).toBe(Infinity);
  return probeAt;
}

describe('RateLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  test.each([503, 500, 401])(
    'a %i to a window probe frees the probe and teaches no window',
    (status) => {
      const state = new CredentialState(
        { kind: 'oauth', position: 1, clientId: 'k', clientSecret: 's' },
        policy,
      );
      const limiter = limiterFor([state]);
      const probeAt = probing(limiter, state);
      jest.setSystemTime(probeAt + 100);
      limiter.answered(state, target, probeAt, answer(status));
      // Taken as admitted, it would have set the window to the probe's few seconds.
      expect(state.estimates.windowMs).toBeUndefined();
      expect(state.estimates.limit).toBe(9);
      expect(state.coolingUntil(Date.now())).toBeLessThan(Infinity);
    },
  );

  test.each([200, 404])('a %i to a window probe is admitted', (status) => {
    const state = new CredentialState(
      { kind: 'oauth', position: 1, clientId: 'k', clientSecret: 's' },
      policy,
    );
    const limiter = limiterFor([state]);
    const probeAt = probing(limiter, state);
    jest.setSystemTime(probeAt + 100);
    limiter.answered(state, target, probeAt, answer(status));
    expect(state.estimates.windowMs).toBeDefined();
  });
});
