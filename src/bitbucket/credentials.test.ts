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

describe('CredentialPool.token and invalidateToken', () => {
  test('a late 401 for a token already replaced does not throw the fresh one away', async () => {
    const pool = new CredentialPool([consumer(1)], policy);
    const [state] = pool.states;
    let grants = 0;
    const fetchToken = () =>
      Promise.resolve({
        accessToken: `token-${++grants}`,
        expiresInMs: 7_200_000,
      });
    const first = await pool.token(state, fetchToken, Date.now);
    expect(first).toBe('token-1');
    // Two requests went out with token-1 and both come back 401.
    pool.invalidateToken(state, 'Bearer token-1');
    expect(await pool.token(state, fetchToken, Date.now)).toBe('token-2');
    pool.invalidateToken(state, 'Bearer token-1');
    expect(await pool.token(state, fetchToken, Date.now)).toBe('token-2');
    expect(grants).toBe(2);
    // A 401 for the current token does refresh it.
    pool.invalidateToken(state, 'Bearer token-2');
    expect(await pool.token(state, fetchToken, Date.now)).toBe('token-3');
  });

  test('concurrent requests share one token fetch', async () => {
    const pool = new CredentialPool([consumer(1)], policy);
    const [state] = pool.states;
    let grants = 0;
    const fetchToken = async () => {
      await new Promise((r) => setTimeout(r, 10));
      return { accessToken: `token-${++grants}`, expiresInMs: 7_200_000 };
    };
    const tokens = await Promise.all(
      Array.from({ length: 5 }, () => pool.token(state, fetchToken, Date.now)),
    );
    expect(tokens).toEqual(Array(5).fill('token-1'));
    expect(grants).toBe(1);
  });
});
