/** How far before the last successful run's start the next window reaches back. */
export const WINDOW_OVERLAP_MS = 10 * 60_000;

/**
 * Where the pull request window starts: the earlier of "now − look-back" and the start of the
 * last successful run minus an overlap, so a gap between runs (a failed run, a paused
 * integration) never skips a pull request.
 */
export function pullRequestWindowStart(options: {
  now: number;
  lookbackMs: number;
  lastSuccessfulStartedOn?: number;
}): Date {
  const byLookback = options.now - options.lookbackMs;
  const sinceLastSuccess =
    options.lastSuccessfulStartedOn !== undefined
      ? options.lastSuccessfulStartedOn - WINDOW_OVERLAP_MS
      : byLookback;
  return new Date(Math.min(byLookback, sinceLastSuccess));
}
