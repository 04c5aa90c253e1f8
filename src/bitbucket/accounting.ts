/** Calls, 429s, retries and waits, per endpoint and per credential, for logs and tests. */
import { AsyncLocalStorage } from 'async_hooks';

import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

export interface EndpointStats {
  calls: number;
  rateLimited: number;
  retries: number;
  errors: number;
}

export interface ClientStats {
  /** Keyed by endpoint template, e.g. `GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests`. */
  byEndpoint: Record<string, EndpointStats>;
  /** Keyed by credential label; `windowMs`: the rolling window learned for it, once known. */
  byCredential: Record<
    string,
    { calls: number; rateLimited: number; windowMs?: number }
  >;
  tokenRequests: number;
  totalCalls: number;
  rateLimited: number;
  retries: number;
  waitedMs: number;
  /** Waits for rate limits begun (concurrent requests joining one wait count once). */
  waits: number;
}

export function emptyStats(): ClientStats {
  return {
    byEndpoint: {},
    byCredential: {},
    tokenRequests: 0,
    totalCalls: 0,
    rateLimited: 0,
    retries: 0,
    waitedMs: 0,
    waits: 0,
  };
}

/**
 * Counts for the whole run, and for the scope (a step) a call was made in. Steps run side by
 * side, so "what changed since the last log line" would mix them; the scope travels with the
 * step's own async calls instead.
 */
export class Accounting {
  private readonly stats = emptyStats();
  private readonly waiting = new WeakMap<
    ClientStats,
    { active: number; since: number }
  >();
  private readonly scope = new AsyncLocalStorage<{
    stats: ClientStats;
    logger: IntegrationLogger;
  }>();

  /** The run's counts and, inside a scope, the scope's. */
  private targets(): ClientStats[] {
    const scoped = this.scope.getStore()?.stats;
    return scoped ? [this.stats, scoped] : [this.stats];
  }

  /** The logger of the scope (step) the current call belongs to, if any. */
  scopeLogger(): IntegrationLogger | undefined {
    return this.scope.getStore()?.logger;
  }

  private static endpoint(stats: ClientStats, label: string): EndpointStats {
    return (stats.byEndpoint[label] ??= {
      calls: 0,
      rateLimited: 0,
      retries: 0,
      errors: 0,
    });
  }

  private static credential(stats: ClientStats, label: string) {
    return (stats.byCredential[label] ??= { calls: 0, rateLimited: 0 });
  }

  call(endpoint: string, credential: string): void {
    for (const stats of this.targets()) {
      Accounting.endpoint(stats, endpoint).calls++;
      Accounting.credential(stats, credential).calls++;
      stats.totalCalls++;
    }
  }

  rateLimited(endpoint: string, credential: string): void {
    for (const stats of this.targets()) {
      Accounting.endpoint(stats, endpoint).rateLimited++;
      Accounting.credential(stats, credential).rateLimited++;
      stats.rateLimited++;
    }
  }

  retry(endpoint: string): void {
    for (const stats of this.targets()) {
      Accounting.endpoint(stats, endpoint).retries++;
      stats.retries++;
    }
  }

  error(endpoint: string): void {
    for (const stats of this.targets())
      Accounting.endpoint(stats, endpoint).errors++;
  }

  tokenRequest(): void {
    for (const stats of this.targets()) stats.tokenRequests++;
  }

  /**
   * Marks the start of a wait for rate limits; the returned function marks its end. Waits
   * that overlap count once: `waitedMs` is wall time, not a sum over concurrent requests.
   */
  waitStarted(): () => void {
    const targets = this.targets();
    const now = Date.now();
    for (const stats of targets) {
      stats.waits++;
      const w = this.waiting.get(stats) ?? { active: 0, since: now };
      if (w.active++ === 0) w.since = now;
      this.waiting.set(stats, w);
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const end = Date.now();
      for (const stats of targets) {
        const w = this.waiting.get(stats);
        if (w && --w.active === 0) stats.waitedMs += end - w.since;
      }
    };
  }

  snapshot(): ClientStats {
    return JSON.parse(JSON.stringify(this.stats)) as ClientStats;
  }

  /**
   * Runs `work` as a scope of its own, logging to `logger`; `done` gets what the scope cost,
   * however it ended.
   */
  async inScope<T>(
    logger: IntegrationLogger,
    work: () => Promise<T>,
    done: (scoped: ClientStats) => void,
  ): Promise<T> {
    const scoped = emptyStats();
    try {
      return await this.scope.run({ stats: scoped, logger }, work);
    } finally {
      done(scoped);
    }
  }

  /** Logs what a scope cost, then the run's totals so far. */
  log(logger: IntegrationLogger, label: string, scoped: ClientStats): void {
    const run = this.stats;
    logger.info(
      {
        bitbucketApi: {
          calls: scoped.totalCalls,
          rateLimited: scoped.rateLimited,
          retries: scoped.retries,
          waitedMs: scoped.waitedMs,
          tokenRequests: scoped.tokenRequests,
          byEndpoint: scoped.byEndpoint,
          runTotals: {
            calls: run.totalCalls,
            rateLimited: run.rateLimited,
            retries: run.retries,
            waitedMs: run.waitedMs,
            byCredential: run.byCredential,
          },
        },
      },
      `${label}: ${scoped.totalCalls} Bitbucket API call(s), ${scoped.rateLimited} rate-limited, ${scoped.retries} retried, ${Math.round(scoped.waitedMs / 1000)} s waited; run total ${run.totalCalls} call(s)`,
    );
  }
}
