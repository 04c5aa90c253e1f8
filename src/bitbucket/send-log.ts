/**
 * One credential's send instants that may still count against its rolling window, ascending:
 * requests admitted or not yet answered. A refused request is taken off (Bitbucket does not
 * count it). Pure: every instant is passed in.
 */
import { DOCUMENTED_WINDOW_MS } from './pacing-terms';

/** Sends remembered while the window is unknown: Bitbucket documents a rolling hour. */
export const MEMORY_MS = DOCUMENTED_WINDOW_MS;

export class SendLog {
  private readonly sends: number[] = [];

  get length(): number {
    return this.sends.length;
  }

  /**
   * The i-th oldest send remembered: the first times a probe while no slot does, the last keeps
   * a limit probe's millisecond its own.
   */
  at(i: number): number | undefined {
    return this.sends[i];
  }

  /** The send whose leaving the window frees a slot when `limit` fill it. */
  oldestOf(limit: number): number | undefined {
    return this.sends.length < limit
      ? undefined
      : this.sends[this.sends.length - limit];
  }

  /**
   * Records a send at `now`, first dropping those older than any window that matters
   * (`windowMs`, else an hour), keeping the newest `keep` at least.
   */
  push(now: number, windowMs: number | undefined, keep: number): void {
    const keepMs = Math.max(MEMORY_MS, 2 * (windowMs ?? 0));
    const drop = Math.min(
      this.indexAfter(now - keepMs),
      this.sends.length - Math.max(keep, 1),
    );
    // In batches: splicing the front of a long array on every send would be quadratic.
    if (drop > 64) this.sends.splice(0, drop);
    this.sends.push(now);
  }

  /** A send Bitbucket refused: it does not count. */
  remove(sentAt: number): void {
    const i = this.sends.lastIndexOf(sentAt);
    if (i >= 0) this.sends.splice(i, 1);
  }

  /**
   * Sends after `t`: what counts against a window ending now, since older sends linger until
   * a batch of them is dropped.
   */
  countAfter(t: number): number {
    return this.sends.length - this.indexAfter(t);
  }

  /** The oldest send after `t`: where a window ending now began to fill, by the same token. */
  firstAfter(t: number): number | undefined {
    return this.sends[this.indexAfter(t)];
  }

  private indexAfter(t: number): number {
    let lo = 0;
    let hi = this.sends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sends[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
