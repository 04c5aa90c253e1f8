import { CredentialPool } from './credentials';

const policy = { baseMs: 5_000, maxMs: 300_000 };
const consumer = (n: number) => ({
  kind: 'oauth' as const,
  position: n,
  clientId: `key-${n}`,
  clientSecret: `secret-${n}`,
});

describe('CredentialPool.rateLimited', () => {
  const now = 1_000_000;

  test('without Retry-After: the backoff, doubling on each consecutive 429 up to the cap', () => {
    const pool = new CredentialPool([consumer(1)], policy);
    const [state] = pool.states;
    const waits = Array.from({ length: 8 }, () => pool.rateLimited(state, now));
    expect(waits).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
    pool.succeeded(state);
    expect(pool.rateLimited(state, now)).toBe(5_000);
  });

  test('a longer Retry-After is honoured', () => {
    const pool = new CredentialPool([consumer(1)], policy);
    const [state] = pool.states;
    expect(pool.rateLimited(state, now, 3_600_000)).toBe(3_600_000);
    expect(state.cooldownUntil).toBe(now + 3_600_000);
  });

  test.each([
    ['Retry-After: 0', 0],
    ['a Retry-After date already past', -30_000],
    ['a Retry-After shorter than the backoff', 1_000],
  ])('%s still cools the credential for the backoff', (_name, retryAfter) => {
    const pool = new CredentialPool([consumer(1), consumer(2)], policy);
    const [first, second] = pool.states;
    expect(pool.rateLimited(first, now, retryAfter)).toBe(5_000);
    // The next request goes to the other credential, not straight back to the limited one.
    expect(pool.pick(now)).toEqual({ state: second });
    expect(pool.pick(now, new Set([second]))).toEqual({
      retryAt: now + 5_000,
    });
  });
});
