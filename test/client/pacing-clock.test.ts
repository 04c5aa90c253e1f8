/**
 * The real Pacer on a synthetic clock at Bitbucket's documented budget (1,000 requests per
 * rolling hour): hours of pacing in milliseconds of test time, measured, never wall-clock.
 */
import { Pacer } from '../../src/bitbucket/pacing';
import { DEFAULT_TUNING } from '../../src/bitbucket/settings';
import { DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS } from '../../src/config/fields';
import { driveWindow, RollingWindow } from '../helpers/fake-window';

const HOUR = 3_600_000;
const MAX_WAIT_MS = DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS * 1000;
const shipped = () =>
  new Pacer({
    baseMs: DEFAULT_TUNING.cooldownBaseMs,
    maxMs: DEFAULT_TUNING.cooldownMaxMs,
    floorMs: DEFAULT_TUNING.retryAfterFloorMs,
  });

describe('pacing at 1,000 requests per rolling hour (fake clock)', () => {
  test.each([
    ['the documented hour', HOUR],
    ['an hour and 1 s', HOUR + 1_000],
    ['an hour and 30 s', HOUR + 30_000],
    ['an hour and 60 s', HOUR + 60_000],
  ])(
    'with a window of %s, no request waits as long as the default wait bound',
    (_, windowMs) => {
      const run = driveWindow(
        shipped(),
        new RollingWindow(1_000, windowMs),
        3_000,
      );
      process.stdout.write(
        `window ${windowMs} ms: longest wait ${run.longestWaitMs} ms, end ${run.end} ms, 429s ${run.refused}\n`,
      );
      // A probe at the hour (plus the answer margin) is admitted at a 1-hour window, so the
      // first 429's requests wait less than an hour; past it, probes step by a second, doubling,
      // so at up to 60 s over the wait stays within 90 s of the hour. Before, probes stepped
      // by up to 300 s past the hour (3,743 s here, up to 3,899 s of the 3,900 s bound).
      expect(run.longestWaitMs).toBeLessThan(HOUR + 90_000);
      expect(run.longestWaitMs).toBeLessThan(MAX_WAIT_MS - 120_000);
      expect(run.pacer.estimates.limit).toBeGreaterThanOrEqual(950);
    },
  );

  test('a limit first learned after hours just under it counts only the last hour', () => {
    const pacer = shipped();
    const server = new RollingWindow(1_000, HOUR);
    // Two hours at 990 an hour, each answered 100 ms later: no 429.
    const every = HOUR / 990;
    let t = 0;
    for (; t < 2 * HOUR; t += every) {
      expect(pacer.tryAcquire(t)).toBe(true);
      expect(server.admit(t + 50)).toBe(true);
      pacer.admitted(t + 100, t);
    }
    // Then a burst, one send a millisecond, until the first 429.
    for (; ; t += 1) {
      expect(pacer.tryAcquire(t)).toBe(true);
      if (!server.admit(t + 50)) break;
      pacer.admitted(t + 100, t);
    }
    pacer.refused(t + 100, t);
    const { limit, windowAbove } = pacer.estimates;
    // Before: the sends the log had not dropped yet were counted too (1,024 and over an hour).
    expect(limit).toBeLessThanOrEqual(1_000);
    expect(limit).toBeGreaterThanOrEqual(990);
    expect(windowAbove).toBeLessThanOrEqual(HOUR);
  });
});
