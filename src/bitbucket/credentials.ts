/**
 * One configured credential's own state: its label, and the rate limit and pacing learned for
 * it (`./pacing`). Only this class writes them; the rate limiter reads them and reports what
 * Bitbucket answered. Tokens live in `./tokens`, what it may read in `./routing`.
 */
import { Pacer, PacingPolicy } from './pacing';
import {
  CredentialConfig,
  DEFAULT_TUNING,
  describeCredential,
} from './settings';

/** Bitbucket's documented budget: 1,000 requests per rolling hour per credential. */
export const DEFAULT_HOURLY_BUDGET = 1000;

const DEFAULT_PACING: PacingPolicy = {
  baseMs: DEFAULT_TUNING.cooldownBaseMs,
  maxMs: DEFAULT_TUNING.cooldownMaxMs,
  floorMs: DEFAULT_TUNING.retryAfterFloorMs,
};

export class CredentialState {
  /** e.g. "OAuth consumer #2 (key abc)": no secret, used in stats, logs and errors. */
  readonly label: string;
  /** What an access token's `X-RateLimit-Limit` said, until a 429 tells the real limit. */
  private headerLimit?: number;
  private unusableError?: Error;
  private readonly pacer: Pacer;

  constructor(
    readonly config: CredentialConfig,
    policy: PacingPolicy = DEFAULT_PACING,
  ) {
    this.label = describeCredential(config);
    this.pacer = new Pacer(policy);
  }

  /** Set when the credential can no longer authenticate (its token grant was refused mid-run). */
  get unusable(): Error | undefined {
    return this.unusableError;
  }

  markUnusable(err: Error): void {
    this.unusableError ??= err;
  }

  /** The limit and window learned so far, for logs. */
  get estimates(): Pacer['estimates'] {
    return this.pacer.estimates;
  }

  /** A send that did not ask for a slot (validation's reads): counted all the same. */
  recordCall(now: number): void {
    this.pacer.record(now);
  }

  /** Takes a slot if the credential's pacing has one free at `now`, recording the send. */
  tryAcquire(now: number): boolean {
    return this.pacer.tryAcquire(now);
  }

  /** Requests left in the current window (the learned one, else Bitbucket's hour). */
  budgetLeft(now: number): number {
    const limit =
      this.pacer.estimates.limit ?? this.headerLimit ?? DEFAULT_HOURLY_BUDGET;
    return limit - this.pacer.inWindow(now);
  }

  /** When it may be used again (≤ now: it may now; Infinity: once a probe is answered). */
  coolingUntil(now: number): number {
    return this.pacer.nextFree(now);
  }

  /** Access tokens on scaled endpoints say their hourly limit; use it to spread the load. */
  learnLimit(limit: number): void {
    if (Number.isFinite(limit) && limit > 0) this.headerLimit = limit;
  }

  /**
   * A 429 to a request sent at `sentAt`; returns the cool-down now in force and whether it was
   * news (the first 429 of a limit). Answers to requests sent before the limit was known, and
   * failed probes, change the estimates but are not news.
   */
  rateLimited(
    now: number,
    sentAt: number,
    retryAfterMs: number | undefined,
  ): { cooldownMs: number; fresh: boolean } {
    return this.pacer.refused(now, sentAt, retryAfterMs);
  }

  /** An answer the API served (2xx, 404) to a request sent at `sentAt`; whether it settled a probe. */
  succeeded(now: number, sentAt: number): boolean {
    return this.pacer.admitted(now, sentAt);
  }

  /** No answer to a request sent at `sentAt`; whether it was a probe (now free to go again). */
  unanswered(sentAt: number): boolean {
    return this.pacer.unanswered(sentAt);
  }
}
