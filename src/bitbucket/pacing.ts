/**
 * One credential's rate limit as learned from what Bitbucket answered, and the pacing that
 * follows from it. Bitbucket's 429 carries no Retry-After and no remaining/reset headers, and
 * Atlassian says its limits may change, so both the limit L and the rolling window W are
 * estimated here: L from the requests not refused when the first 429 came, W by probing (one
 * request at a time) until one is admitted, then narrowed by sending a single request early
 * while others wait; L is tested again by limit probes (`./limit-growth`). Pure: every instant
 * is passed in, so tests drive it with synthetic clocks.
 */
import { LimitGrowth } from './limit-growth';
import {
  askedWait,
  blindWait,
  CUT,
  Estimates,
  MIN_EVIDENCE,
  PacingPolicy,
  narrowingOffset,
  PRECISION,
  probeOffset,
  Verdict,
} from './pacing-terms';
import { MEMORY_MS, SendLog } from './send-log';
import { boundAbove, boundBelow, WindowTest } from './window-test';

export type { Estimates, PacingPolicy, Verdict } from './pacing-terms';

export class Pacer {
  private readonly sends = new SendLog();
  /** L: admitted requests per window, once a 429 told it. */
  private limitEst?: number;
  /** W lies in (windowLo, windowHi]; windowHi is unknown until a probe is admitted. */
  private windowLo = 0;
  private windowHi?: number;
  private limited = false;
  /** Answers to requests sent before this instant were decided before the estimates changed. */
  private limitedSince = -Infinity;
  /** When L was set from a count: a send up to then that is refused later was counted in it. */
  private countedUpTo = -Infinity;
  private correctedAt = -Infinity;
  /** A recent high of answer times: how far our send instants may be from Bitbucket's. */
  private margin = 0;
  private cooldownUntil = 0;
  /** Probes refused in a row while nothing tells the window (a 429 with no sends before it). */
  private blindFailures = 0;
  /** The one request out to learn the window (while unknown) or to narrow it. */
  private readonly test = new WindowTest();
  private readonly growth = new LimitGrowth();
  /** Answers other than 429 so far: how much a first 429 is worth. */
  private admittedCount = 0;

  constructor(private readonly policy: PacingPolicy) {}

  /** L and W as estimated so far (undefined: not known). */
  get estimates(): Estimates {
    return {
      limit: this.limitEst,
      windowMs: this.windowHi,
      windowAbove: this.windowLo,
      marginMs: this.margin,
    };
  }

  /** Requests counted against the window ending at `now` (the learned one, else an hour). */
  inWindow(now: number): number {
    return this.sends.countAfter(now - (this.windowHi ?? MEMORY_MS));
  }

  /** The earliest instant a request may leave (≤ now: it may now; Infinity: wait for an answer). */
  nextFree(now: number): number {
    if (this.limited && this.windowHi === undefined)
      return this.test.out ? Infinity : this.cooldownUntil;
    const slot = this.windowHi === undefined ? undefined : this.slotFreesAt();
    if (slot === undefined || slot.at <= now)
      return Math.max(this.cooldownUntil, slot?.at ?? 0);
    const early = this.test.out ? undefined : this.narrowingOffset();
    const at = early === undefined ? slot.at : slot.oldest + early;
    const probe = this.limitProbeAt(now, slot.at);
    return Math.max(this.cooldownUntil, Math.min(slot.at, at, probe));
  }

  /**
   * Takes a slot if one is free at `now` and records the send, in one synchronous step, so
   * requests acquiring at the same instant take only the slots that are free.
   */
  tryAcquire(now: number): boolean {
    if (now < this.cooldownUntil) return false;
    if (this.limited && this.windowHi === undefined) {
      if (this.test.out) return false;
      const oldest = this.slotFreesAt()?.oldest ?? this.sends.at(0) ?? now;
      this.test.start({
        sentAt: now,
        offset: this.limitEst === undefined ? undefined : now - oldest,
      });
    } else {
      const slot = this.windowHi === undefined ? undefined : this.slotFreesAt();
      if (slot && slot.at > now) {
        const early = this.test.out ? undefined : this.narrowingOffset();
        if (early !== undefined && slot.oldest + early <= now)
          this.test.start({ sentAt: now, offset: now - slot.oldest });
        else if (this.limitProbeAt(now, slot.at) <= now) this.growth.take(now);
        else return false;
      }
    }
    this.record(now);
    return true;
  }

  /** A send that took no slot from `tryAcquire` (validation's reads): counted all the same. */
  record(now: number): void {
    this.sends.push(now, this.windowHi, this.limitEst ?? 0);
  }

  /** Bitbucket admitted the request sent at `sentAt`. Returns whether it settled a test. */
  admitted(now: number, sentAt: number): boolean {
    this.answered(now, sentAt);
    this.admittedCount++;
    if (this.growth.isProbe(sentAt)) {
      this.limitEst = this.growth.admitted(this.limitEst!, sentAt);
      return true;
    }
    const test = this.test.take(sentAt);
    if (!test) return false;
    const { offset } = test;
    if (offset === undefined) {
      // Nothing counted to learn from: the credential is simply usable again.
      this.limited = false;
      this.blindFailures = 0;
    } else {
      this.windowHi = boundAbove(this.windowLo, this.windowHi, offset);
    }
    return true;
  }

  /** No answer came to the request sent at `sentAt` (a network error): it told nothing. */
  unanswered(sentAt: number): boolean {
    if (this.growth.unanswered(sentAt)) return true;
    return this.test.take(sentAt) !== undefined;
  }

  /** A 429 to the request sent at `sentAt`, answered at `now`. */
  refused(now: number, sentAt: number, retryAfterMs?: number): Verdict {
    this.answered(now, sentAt);
    this.sends.remove(sentAt);
    const asked = askedWait(this.policy, retryAfterMs);
    const verdict = this.learn(now, sentAt);
    // Bitbucket's own word on when to come back wins over any estimate.
    if (asked !== undefined) this.cooldownUntil = now + asked;
    // Infinity: a probe is out, and its answer decides.
    const next = this.nextFree(now);
    return {
      cooldownMs: Number.isFinite(next) ? Math.max(0, next - now) : 0,
      fresh: verdict,
    };
  }

  /** What a 429 says about L and W; returns whether it is the first of a limit. */
  private learn(now: number, sentAt: number): boolean {
    if (this.growth.isProbe(sentAt)) {
      this.growth.refused();
      return false;
    }
    const test = this.test.take(sentAt);
    if (test) {
      if (test.offset === undefined) {
        this.blindFailures++;
        this.cooldownUntil = now + blindWait(this.policy, this.blindFailures);
        return false;
      }
      ({ windowLo: this.windowLo, windowHi: this.windowHi } = boundBelow(
        this.windowLo,
        this.windowHi,
        test.offset,
      ));
      if (this.windowHi === undefined) this.scheduleProbe(now);
      return false;
    }
    // In flight when the limit (or a correction) was learned: decided by the same cause.
    if (sentAt <= this.limitedSince) {
      // Counted in L when it was set, but not admitted after all.
      if (this.limitEst !== undefined && sentAt <= this.countedUpTo)
        this.limitEst = Math.max(1, this.limitEst - 1);
      return false;
    }
    if (!this.limited) {
      this.limited = true;
      this.limitedSince = now;
      if (this.admittedCount < MIN_EVIDENCE) {
        this.blindFailures = 0;
        this.cooldownUntil = now + blindWait(this.policy, this.blindFailures);
        return true;
      }
      // Requests reach Bitbucket in another order than they left (tens of ms apart under
      // load), so L counts every send not refused: those still in flight that are refused
      // take themselves off. W is longer than the time they span.
      // Only the last hour's: the log drops older sends in batches, and an hour is the most
      // that Bitbucket documents (after hours near the limit, the rest added up to 64 to L).
      const since = sentAt - MEMORY_MS;
      this.limitEst = this.sends.countAfter(since);
      this.growth.reset(now);
      this.countedUpTo = now;
      this.windowLo = sentAt - (this.sends.firstAfter(since) ?? sentAt);
      this.windowHi = undefined;
      this.scheduleProbe(now);
      return true;
    }
    if (this.limitEst === undefined || this.windowHi === undefined)
      return false;
    this.limitedSince = now;
    this.countedUpTo = -Infinity;
    // Just above a raise: the probe was admitted at the window's edge, or the raise overshot.
    const before = this.growth.revert(sentAt, this.windowHi + this.margin);
    if (before === undefined) {
      this.correct(now, sentAt);
      return false;
    }
    this.limitEst = before;
    // A second 429 within the window is then a correction of L, not of W.
    this.correctedAt = now;
    return false;
  }

  /**
   * A 429 although fewer than L of our sends fell in the last W. One may be the clock's jitter
   * around the window's edge: W grows by the margin. A second within one window is not: W was
   * proven by an admitted request, so L is what was in the window (someone else shares the
   * credential, or the limit changed), and at least a quarter less, so a large change costs a
   * few 429s, not one per slot. With nothing of ours in the window, W must be longer.
   */
  private correct(now: number, sentAt: number): void {
    const window = this.windowHi!;
    const inWindow = this.sends.countAfter(sentAt - window - this.margin);
    const again = now - this.correctedAt < window;
    this.correctedAt = now;
    if (inWindow === 0) {
      // Nothing proves a longer window's length: probe for it again, one request at a time.
      this.windowLo = Math.max(this.windowLo, window);
      this.windowHi = undefined;
      this.scheduleProbe(now);
    } else if (!again) {
      this.windowHi = window + Math.max(this.margin, PRECISION * window);
    } else {
      const cut = Math.floor(this.limitEst! * CUT);
      this.limitEst = Math.max(1, Math.min(inWindow, cut));
      this.countedUpTo = now;
    }
  }

  private answered(now: number, sentAt: number): void {
    const took = now - sentAt;
    this.margin =
      took >= this.margin ? took : this.margin + (took - this.margin) * 0.05;
  }

  /** The next probe tests a window a step longer than the longest known to be too short. */
  private scheduleProbe(now: number): void {
    const oldest = this.slotFreesAt()?.oldest ?? now;
    this.cooldownUntil = Math.max(
      oldest + probeOffset(this.policy, this.windowLo, this.margin),
      now + this.policy.baseMs,
    );
  }

  /** When a limit probe may leave, once W is narrowed (none is out while a test is). */
  private limitProbeAt(now: number, slotAt: number): number {
    const hi = this.windowHi;
    if (
      this.test.out ||
      hi === undefined ||
      this.narrowingOffset() !== undefined
    )
      return Infinity;
    // Answers are told apart by their send's instant: a probe shares it with no other send.
    const last = this.sends.at(this.sends.length - 1) ?? -Infinity;
    const at = Math.max(
      now,
      last + 1,
      this.growth.nextAt(now, hi + this.margin),
    );
    // Not where Bitbucket may have let the oldest send go: admitted, it would prove nothing.
    return at < slotAt - (hi - this.windowLo) - 2 * this.margin ? at : Infinity;
  }

  private narrowingOffset(): number | undefined {
    return narrowingOffset(this.windowLo, this.windowHi);
  }

  /** Once L is known: the send whose leaving frees a slot, and when it leaves. */
  private slotFreesAt(): { oldest: number; at: number } | undefined {
    const oldest =
      this.limitEst === undefined
        ? undefined
        : this.sends.oldestOf(this.limitEst);
    if (oldest === undefined) return undefined;
    return { oldest, at: oldest + (this.windowHi ?? Infinity) + this.margin };
  }
}
