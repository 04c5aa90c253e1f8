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

  /** A credential cooling down for `ms` (as a 429 asking for it leaves it). */
  function cooling(position: number, ms: number): CredentialState {
    const state = new CredentialState(
      { kind: 'oauth', position, clientId: `k${position}`, clientSecret: 's' },
      policy,
    );
    const now = Date.now();
    expect(state.tryAcquire(now)).toBe(true);
    state.rateLimited(now, now, ms);
    return state;
  }

  test('a request whose own credential frees sooner does not sit out the shared wait', async () => {
    const consumer = cooling(1, 30_000);
    const token = cooling(2, 2_000);
    const limiter = limiterFor([consumer, token]);
    const started = Date.now();
    // The consumer's request opens the workspace's wait; the token's joins it.
    const first = limiter.acquire(target, new Set([token]), { ms: 0 });
    const joiner = limiter.acquire(target, new Set([consumer]), { ms: 0 });
    let got: CredentialState | undefined;
    void joiner.then((s) => (got = s));
    await jest.advanceTimersByTimeAsync(2_100);
    // Before: it woke only with the consumer's 30 s.
    expect(got).toBe(token);
    expect(Date.now() - started).toBeLessThan(3_000);
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(first).resolves.toBe(consumer);
  });

  test('a request near its wait bound gives up at the bound, not at the end of the shared wait', async () => {
    const consumer = cooling(1, 30_000);
    const limiter = limiterFor([consumer], 60_000);
    const first = limiter.acquire(target, new Set(), { ms: 0 });
    const late = limiter.acquire(target, new Set(), { ms: 59_000 });
    let outcome: unknown;
    void late.then(
      () => (outcome = 'acquired'),
      (e: unknown) => (outcome = e),
    );
    void first.catch(() => undefined);
    await jest.advanceTimersByTimeAsync(1_100);
    // Before: it overshot its bound by the rest of the 30 s wait.
    expect(outcome).toBeInstanceOf(Error);
    await jest.advanceTimersByTimeAsync(30_000);
  });
});
