import { CredentialState } from './credentials';

const policy = { baseMs: 5_000, maxMs: 300_000, floorMs: 1_000 };
const consumer = {
  kind: 'oauth' as const,
  position: 1,
  clientId: 'key-1',
  clientSecret: 'secret-1',
};

describe('CredentialState.rateLimited', () => {
  const now = 1_000_000;

  test('the first 429 learns the limit from the requests before it; later ones in flight add nothing', () => {
    const state = new CredentialState(consumer, policy);
    for (let i = 0; i < 10; i++)
      expect(state.tryAcquire(now - 60 + i)).toBe(true);
    // Enough admitted to make the 429 worth learning from.
    for (let i = 0; i < 5; i++) state.succeeded(now - 30, now - 60 + i);
    expect(state.rateLimited(now, now - 55, undefined)).toEqual({
      cooldownMs: 5_000,
      fresh: true,
    });
    // Every send not refused, until those in flight say they were refused too.
    expect(state.estimates.limit).toBe(9);
    for (let i = 1; i <= 4; i++) {
      expect(state.rateLimited(now + i * 10, now - 55 + i, undefined)).toEqual({
        cooldownMs: 5_000 - i * 10,
        fresh: false,
      });
    }
    expect(state.estimates.limit).toBe(5);
    expect(state.coolingUntil(now)).toBe(now + 5_000);
    // Only what was admitted still counts against the window.
    expect(state.budgetLeft(now)).toBe(0);
  });

  test('Retry-After is honoured as given, longer or shorter than the probe', () => {
    const state = new CredentialState(consumer, policy);
    expect(state.rateLimited(now, now, 3_600_000).cooldownMs).toBe(3_600_000);
    const other = new CredentialState(consumer, policy);
    expect(other.rateLimited(now, now, 2_000).cooldownMs).toBe(2_000);
  });

  test.each([
    ['Retry-After: 0', 0],
    ['a Retry-After date already past', -30_000],
  ])('%s still cools the credential for the floor', (_name, retryAfter) => {
    const state = new CredentialState(consumer, policy);
    expect(state.rateLimited(now, now, retryAfter).cooldownMs).toBe(1_000);
  });

  test('a success to a request sent before the limit does not end it', () => {
    const state = new CredentialState(consumer, policy);
    state.tryAcquire(now - 1);
    state.tryAcquire(now);
    state.rateLimited(now + 10, now, undefined);
    expect(state.succeeded(now + 11, now - 1)).toBe(false);
    expect(state.coolingUntil(now + 20)).toBeGreaterThan(now + 20);
  });

  test('an access token’s X-RateLimit-Limit spreads the load until a 429 tells the real limit', () => {
    const state = new CredentialState(consumer, policy);
    state.learnLimit(3);
    state.tryAcquire(now);
    expect(state.budgetLeft(now)).toBe(2);
  });
});
