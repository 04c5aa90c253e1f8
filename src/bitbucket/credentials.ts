/**
 * One configured credential's own state: its label, its rolling-hour budget and its
 * cool-down. Only this class writes them; the rate limiter reads them and reports what
 * Bitbucket answered. Tokens live in `./tokens`, what it may read in `./routing`.
 */
import { CredentialConfig, describeCredential } from './settings';

/** Bitbucket's documented budget: 1,000 requests per rolling hour per credential. */
export const DEFAULT_HOURLY_BUDGET = 1000;
const HOUR_MS = 3_600_000;

export interface CooldownPolicy {
  /** Cool-down after a 429 without `Retry-After`; doubles while probes keep failing. */
  baseMs: number;
  maxMs: number;
  /** The least a `Retry-After` is taken as. */
  floorMs: number;
}

export class CredentialState {
  /** e.g. "OAuth consumer #2 (key abc)": no secret, used in stats, logs and errors. */
  readonly label: string;
  private hourlyBudget = DEFAULT_HOURLY_BUDGET;
  private cooldownUntil = 0;
  /** When the current run of 429s began: answers to requests sent before it say nothing new. */
  private limitedSince = 0;
  private limited = false;
  private failedProbes = 0;
  private unusableError?: Error;
  private readonly calls: number[] = [];

  constructor(readonly config: CredentialConfig) {
    this.label = describeCredential(config);
  }

  /** Set when the credential can no longer authenticate (its token grant was refused mid-run). */
  get unusable(): Error | undefined {
    return this.unusableError;
  }

  markUnusable(err: Error): void {
    this.unusableError ??= err;
  }

  recordCall(now: number): void {
    this.calls.push(now);
  }

  budgetLeft(now: number): number {
    return this.hourlyBudget - this.callsInWindow(now);
  }

  /** When it may be used again (0 or a past instant when it may now). */
  coolingUntil(): number {
    return this.cooldownUntil;
  }

  /** Access tokens on scaled endpoints say their hourly limit; use it to spread the load. */
  learnLimit(limit: number): void {
    if (Number.isFinite(limit) && limit > 0) this.hourlyBudget = limit;
  }

  /**
   * A 429 to a request sent at `sentAt`; returns the cool-down now in force. A request that
   * left before the credential was known to be limited tells nothing new, so it never
   * lengthens the cool-down (unless its `Retry-After` asks for longer); a probe sent after the
   * cool-down and refused again doubles it. `Retry-After` is taken as given, above a floor.
   * `fresh` says whether this answer was news (the first 429 of a limit, or a failed probe).
   */
  rateLimited(
    now: number,
    sentAt: number,
    retryAfterMs: number | undefined,
    policy: CooldownPolicy,
  ): { cooldownMs: number; fresh: boolean } {
    // The budget the credential really has is what it had used when Bitbucket refused it:
    // remembering that steers later requests to credentials with budget left.
    this.hourlyBudget = Math.min(this.hourlyBudget, this.callsInWindow(now));
    const asked =
      retryAfterMs === undefined
        ? undefined
        : Math.max(policy.floorMs, retryAfterMs);
    // Sent before the limit was known, or during the cool-down (it waited in the queue): only
    // a request sent after the cool-down is a probe whose refusal says the limit holds.
    if (sentAt < this.limitedSince || sentAt < this.cooldownUntil) {
      if (asked !== undefined)
        this.cooldownUntil = Math.max(this.cooldownUntil, now + asked);
      return {
        cooldownMs: Math.max(0, this.cooldownUntil - now),
        fresh: false,
      };
    }
    this.failedProbes = this.limited ? this.failedProbes + 1 : 0;
    this.limited = true;
    this.limitedSince = now;
    const wait =
      asked ?? Math.min(policy.maxMs, policy.baseMs * 2 ** this.failedProbes);
    this.cooldownUntil = now + wait;
    return { cooldownMs: wait, fresh: true };
  }

  /** An answer other than 429 to a request sent at `sentAt`. */
  succeeded(sentAt: number): void {
    if (sentAt < this.limitedSince) return;
    this.limited = false;
    this.failedProbes = 0;
  }

  private callsInWindow(now: number): number {
    const cutoff = now - HOUR_MS;
    let drop = 0;
    while (drop < this.calls.length && this.calls[drop] <= cutoff) drop++;
    if (drop > 0) this.calls.splice(0, drop);
    return this.calls.length;
  }
}
