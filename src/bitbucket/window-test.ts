/**
 * The one request out at a time to learn a credential's rolling window while it is unknown
 * (a window probe), or to narrow it once bounded (sent early while others wait), and what its
 * answer says about the window. Only one is out, so that its answer is told apart from the
 * others' and no two tests decide the same bound. Pure.
 */
import { Test } from './pacing-terms';

export class WindowTest {
  private test?: Test;

  get out(): boolean {
    return this.test !== undefined;
  }

  start(test: Test): void {
    this.test = test;
  }

  /** The test out, taken off, if `sentAt` is its send; else undefined. */
  take(sentAt: number): Test | undefined {
    const test = this.test;
    if (test?.sentAt !== sentAt) return undefined;
    this.test = undefined;
    return test;
  }
}

/** One slot was free `offset` after the send whose leaving freed it: W ≤ offset. */
export function boundAbove(
  windowLo: number,
  windowHi: number | undefined,
  offset: number,
): number {
  return Math.max(windowLo + 1, Math.min(windowHi ?? Infinity, offset));
}

/**
 * Still full `offset` after the send whose leaving would have freed a slot: W > offset. An
 * upper bound no longer above the lower one is dropped (the window is probed for again).
 */
export function boundBelow(
  windowLo: number,
  windowHi: number | undefined,
  offset: number,
): { windowLo: number; windowHi: number | undefined } {
  const lo = Math.max(windowLo, offset);
  return {
    windowLo: lo,
    windowHi: windowHi !== undefined && windowHi <= lo ? undefined : windowHi,
  };
}
