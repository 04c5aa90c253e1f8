/**
 * Circuit breakers: after `threshold` failed attempts in a row on one endpoint (or twice that
 * across the whole API), spread over at least `minSpanMs`, the endpoint is given up for the run, so a dead server ends a run in
 * minutes instead of every remaining request spending its own retries on it. Any success
 * closes the count again; an open breaker stays open (a run is short, and a half-dead API
 * would only make the graph's failure slower).
 */
import { CircuitOpenError } from './errors';

/** The key that counts failures across every API endpoint. */
export const WHOLE_API = 'the Bitbucket API';

interface Count {
  failures: number;
  /** When this run of failures began. */
  since: number;
  lastStatus: number | string;
  open: boolean;
}

export class Breakers {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly threshold: number,
    /** A run of failures shorter than this never opens a breaker: a brief outage is a blip. */
    private readonly minSpanMs: number,
  ) {}

  /** Throws CircuitOpenError when any of `keys` is open. */
  check(keys: string[]): void {
    for (const key of keys) {
      const count = this.counts.get(key);
      if (count?.open)
        throw new CircuitOpenError(key, count.failures, count.lastStatus);
    }
  }

  failed(keys: string[], status: number | string): void {
    for (const key of keys) {
      const now = Date.now();
      const count = this.counts.get(key) ?? {
        failures: 0,
        since: now,
        lastStatus: status,
        open: false,
      };
      if (count.failures === 0) count.since = now;
      count.failures++;
      count.lastStatus = status;
      const limit = key === WHOLE_API ? this.threshold * 2 : this.threshold;
      if (count.failures >= limit && now - count.since >= this.minSpanMs)
        count.open = true;
      this.counts.set(key, count);
    }
  }

  succeeded(keys: string[]): void {
    for (const key of keys) {
      const count = this.counts.get(key);
      if (count && !count.open) count.failures = 0;
    }
  }
}
