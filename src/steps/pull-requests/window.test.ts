import { pullRequestWindowStart, WINDOW_OVERLAP_MS } from './window';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('pullRequestWindowStart', () => {
  test('first run: now minus the look-back', () => {
    expect(
      pullRequestWindowStart({ now, lookbackMs: 24 * HOUR }).getTime(),
    ).toBe(now - DAY);
  });

  test('the last success was within the look-back: the look-back wins', () => {
    const lastSuccessfulStartedOn = now - 2 * HOUR;
    expect(
      pullRequestWindowStart({
        now,
        lookbackMs: 24 * HOUR,
        lastSuccessfulStartedOn,
      }).getTime(),
    ).toBe(now - DAY);
  });

  test('three days after the last success: back to that run, minus the overlap', () => {
    const lastSuccessfulStartedOn = now - 3 * DAY;
    expect(
      pullRequestWindowStart({
        now,
        lookbackMs: 24 * HOUR,
        lastSuccessfulStartedOn,
      }).getTime(),
    ).toBe(now - 3 * DAY - 10 * 60_000);
    expect(WINDOW_OVERLAP_MS).toBe(10 * 60_000);
  });

  test('a failed run in between does not move the window: the older success counts', () => {
    // Success 5 days ago, failure 1 day ago: executionHistory.lastSuccessful is the former.
    const window = pullRequestWindowStart({
      now,
      lookbackMs: 24 * HOUR,
      lastSuccessfulStartedOn: now - 5 * DAY,
    });
    expect(window.getTime()).toBe(now - 5 * DAY - WINDOW_OVERLAP_MS);
    expect(window.getTime()).toBeLessThan(now - DAY);
  });

  test('a last success within the overlap of the look-back edge still reaches further back', () => {
    // 23h55m ago: minus the 10 min overlap is 24h05m ago, earlier than the look-back.
    const lastSuccessfulStartedOn = now - DAY + 5 * 60_000;
    expect(
      pullRequestWindowStart({
        now,
        lookbackMs: 24 * HOUR,
        lastSuccessfulStartedOn,
      }).getTime(),
    ).toBe(now - DAY - 5 * 60_000);
  });

  test('a longer configured look-back is honoured', () => {
    expect(
      pullRequestWindowStart({
        now,
        lookbackMs: 7 * DAY,
        lastSuccessfulStartedOn: now - HOUR,
      }).toISOString(),
    ).toBe('2026-11-16T12:00:00.000Z');
  });
});
