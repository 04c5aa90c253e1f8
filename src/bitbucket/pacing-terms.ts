/**
 * The terms of `./pacing`: its policy, the constants its estimates move by, and what it tells
 * its caller. Apart so the pacing itself stays readable in one file.
 */

export interface PacingPolicy {
  /** The least time between two probes (or before the first), so nothing spins. */
  baseMs: number;
  /** The longest step between two probes. */
  maxMs: number;
  /** The least a `Retry-After` is taken as, so `0` or a past date never spins. */
  floorMs: number;
}

/** A probe that failed lets the next one test a window this much longer (above the floor). */
const GROWTH = 1.25;
/** The window is narrowed down only while its bounds are further apart than this fraction. */
export const PRECISION = 0.01;
/** What a second correction within one window leaves of L. */
export const CUT = 0.75;
/**
 * A first 429 with fewer requests admitted before it than this teaches no limit: Bitbucket
 * documents 1,000 an hour, so such a 429 is more likely a burst protection, a proxy or a blip,
 * and a limit learned from it would pace the run far too slowly. Admitted, not sent: a run's
 * first burst has many requests in flight. It cools down and probes as a 429 with nothing sent
 * does; once a probe is admitted, the next 429 is learned from.
 */
export const MIN_EVIDENCE = 5;

/** A request sent to test "the window is at most `offset`" (sent `offset` after the send whose leaving frees a slot). */
export interface Test {
  sentAt: number;
  offset?: number;
}

export interface Verdict {
  /** How long until the credential may be used again. */
  cooldownMs: number;
  /** The first 429 of a limit: worth a log line. */
  fresh: boolean;
}

/** L and W as estimated so far (undefined: not known). */
export interface Estimates {
  limit?: number;
  windowMs?: number;
  windowAbove: number;
  marginMs: number;
}

/** The cool-down after `failures` probes refused in a row with nothing counted to learn from. */
export const blindWait = (policy: PacingPolicy, failures: number): number =>
  Math.min(policy.maxMs, policy.baseMs * 2 ** failures);

/** Bitbucket's documented window: a rolling hour. */
export const DOCUMENTED_WINDOW_MS = 3_600_000;

/** How much longer than the longest window known to be too short the next probe tests. */
const probeStep = (policy: PacingPolicy, windowLo: number): number =>
  Math.min(policy.maxMs, Math.max(policy.baseMs, windowLo * (GROWTH - 1)));

/**
 * The window the next probe tests, after the longest known to be too short. Steps of up to
 * `maxMs` would land the first admitted probe anywhere up to 5 minutes past Bitbucket's
 * documented hour, and the requests held back would wait close to the default wait bound
 * (3,900 s); so the hour plus the answer margin is always one of the windows tested. Past it,
 * the excess over the hour doubles from the least step: a window a little over the hour is
 * found within about twice its excess, a very different one in steps growing back to `maxMs`.
 */
export const probeOffset = (
  policy: PacingPolicy,
  windowLo: number,
  marginMs: number,
): number => {
  const documented = DOCUMENTED_WINDOW_MS + marginMs;
  if (windowLo < documented)
    return Math.min(documented, windowLo + probeStep(policy, windowLo));
  const excess = windowLo - DOCUMENTED_WINDOW_MS;
  return (
    windowLo +
    Math.min(probeStep(policy, windowLo), Math.max(policy.baseMs, excess))
  );
};

/** What a `Retry-After` asks for, at least the floor. */
export const askedWait = (
  policy: PacingPolicy,
  retryAfterMs: number | undefined,
): number | undefined =>
  retryAfterMs === undefined
    ? undefined
    : Math.max(policy.floorMs, retryAfterMs);

/** Offset at which a single early send narrows the window, while its bounds are apart. */
export function narrowingOffset(
  windowLo: number,
  windowHi: number | undefined,
): number | undefined {
  // Admitted tests keep W 1 ms above its lower bound: closer is not narrower.
  if (
    windowHi === undefined ||
    windowHi - windowLo <= Math.max(1, PRECISION * windowHi)
  )
    return undefined;
  return (windowLo + windowHi) / 2;
}
