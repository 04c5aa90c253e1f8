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

  test('without Retry-After: each probe refused again doubles the cool-down, up to the cap', () => {
    const state = new CredentialState(consumer);
    const waits: number[] = [];
    let t = now;
    for (let i = 0; i < 8; i++) {
      // Each probe is sent after the previous cool-down ended.
      const { cooldownMs } = state.rateLimited(t, t, undefined, policy);
      waits.push(cooldownMs);
      t += cooldownMs + 1;
    }
    expect(waits).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000,
    ]);
    state.succeeded(t);
    expect(state.rateLimited(t + 1, t + 1, undefined, policy).cooldownMs).toBe(
      5_000,
    );
  });

  test('429s to requests sent before the limit was known do not escalate it', () => {
    const state = new CredentialState(consumer);
    expect(state.rateLimited(now, now - 50, undefined, policy)).toEqual({
      cooldownMs: 5_000,
      fresh: true,
    });
    for (let i = 1; i <= 4; i++) {
      expect(
        state.rateLimited(now + i * 10, now - 40 + i, undefined, policy),
      ).toEqual({ cooldownMs: 5_000 - i * 10, fresh: false });
    }
    expect(state.coolingUntil()).toBe(now + 5_000);
  });

  test('Retry-After is honoured as given, longer or shorter than the backoff', () => {
    const state = new CredentialState(consumer);
    expect(state.rateLimited(now, now, 3_600_000, policy).cooldownMs).toBe(
      3_600_000,
    );
    const other = new CredentialState(consumer);
    expect(other.rateLimited(now, now, 2_000, policy).cooldownMs).toBe(2_000);
  });

  test.each([
    ['Retry-After: 0', 0],
    ['a Retry-After date already past', -30_000],
  ])('%s still cools the credential for the floor', (_name, retryAfter) => {
    const state = new CredentialState(consumer);
    expect(state.rateLimited(now, now, retryAfter, policy).cooldownMs).toBe(
      1_000,
    );
  });

  test('a success to a request sent before the limit does not reset the escalation', () => {
    const state = new CredentialState(consumer);
    state.rateLimited(now, now, undefined, policy);
    state.succeeded(now - 1);
    expect(
      state.rateLimited(now + 6_000, now + 5_500, undefined, policy).cooldownMs,
    ).toBe(10_000);
  });
});
