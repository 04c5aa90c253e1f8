/**
 * The way back up for a learned limit. A 429 that is not the hourly budget (a burst protection,
 * a proxy, a blip) can teach a limit far too low, and nothing in the pacing would raise it
 * again. So while pacing holds requests back, one request at a time, at most one per learned
 * window, goes beyond the limit as a limit probe. Admitted: the limit doubles while every probe
 * since it was learned was admitted and no 429 came (few windows from a far-too-low limit);
 * after that it grows by a tenth, and by twice as much for each probe admitted in a row (a
 * limit that rose mid-run is reached in few windows too); a 429 within a window of a raise
 * undoes it. Refused: it stays, and the next probe waits twice as many windows (up to eight),
 * so a real limit costs at most one 429 per window, and soon far fewer. Pure.
 */

/** What an admitted probe adds to the limit once doubling is over. */
const STEP = 0.1;
/** The most windows between two limit probes after refusals. */
const MAX_SPACING = 8;

export class LimitGrowth {
  /** When the limit probe out was sent. */
  private out?: number;
  private lastAt = -Infinity;
  /** Learned windows between two limit probes. */
  private spacing = 1;
  private doubling = true;
  /** Limit probes admitted in a row. */
  private streak = 0;
  /** The limit before the last raise, and when the probe that raised it left. */
  private before?: { limit: number; at: number };

  /**
   * A limit was just learned from a 429: it is tested again two windows on (a limit just
   * learned is more often right than not, and its first windows already cost 429s).
   */
  reset(now: number): void {
    this.out = undefined;
    this.lastAt = now;
    this.spacing = 2;
    this.doubling = true;
    this.streak = 0;
    this.before = undefined;
  }

  /** The earliest instant the next limit probe may leave (Infinity: one is out). */
  nextAt(now: number, windowMs: number): number {
    if (this.out !== undefined) return Infinity;
    // A raise that held for a window was no accident at the window's edge: probe every window.
    if (this.before && now - this.before.at > windowMs) {
      this.before = undefined;
      this.spacing = 1;
    }
    return this.lastAt + this.spacing * windowMs;
  }

  take(now: number): void {
    this.out = now;
    this.lastAt = now;
  }

  isProbe(sentAt: number): boolean {
    return this.out === sentAt;
  }

  /** The limit probe was admitted: the limit that follows from `limit`. */
  admitted(limit: number, sentAt: number): number {
    this.out = undefined;
    this.before = { limit, at: sentAt };
    const share = this.doubling ? 1 : Math.min(1, STEP * 2 ** this.streak);
    this.streak++;
    return limit + Math.max(1, Math.floor(share * limit));
  }

  /** The limit probe was refused: the limit stays, doubling is over, probes space out. */
  refused(): void {
    this.out = undefined;
    this.doubling = false;
    this.streak = 0;
    this.spacing = Math.min(MAX_SPACING, 2 * this.spacing);
  }

  /**
   * A 429 to a request sent at `sentAt`, while paced. Within a window of the last raise, the
   * raise is undone (returns the limit before it) and counts as a refused probe. Otherwise
   * the pacing's own correction applies; doubling is over all the same.
   */
  revert(sentAt: number, windowMs: number): number | undefined {
    const before = this.before;
    this.before = undefined;
    if (before && sentAt >= before.at && sentAt - before.at <= windowMs) {
      this.refused();
      return before.limit;
    }
    this.doubling = false;
    this.streak = 0;
    return undefined;
  }

  /** No answer to the request sent at `sentAt`; whether it was the limit probe (it told nothing). */
  unanswered(sentAt: number): boolean {
    if (this.out !== sentAt) return false;
    this.out = undefined;
    return true;
  }
}
