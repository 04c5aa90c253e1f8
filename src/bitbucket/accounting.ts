/** Calls, 429s, retries and waits, per endpoint and per credential, for logs and tests. */
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
  /** Keyed by credential label. */
  byCredential: Record<string, { calls: number; rateLimited: number }>;
  tokenRequests: number;
  totalCalls: number;
  rateLimited: number;
  retries: number;
  waitedMs: number;
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
  };
}

export class Accounting {
  private stats = emptyStats();
  private lastLogged = emptyStats();

  private endpoint(label: string): EndpointStats {
    return (this.stats.byEndpoint[label] ??= {
      calls: 0,
      rateLimited: 0,
      retries: 0,
      errors: 0,
    });
  }

  private credential(label: string) {
    return (this.stats.byCredential[label] ??= { calls: 0, rateLimited: 0 });
  }

  call(endpoint: string, credential: string): void {
    this.endpoint(endpoint).calls++;
    this.credential(credential).calls++;
    this.stats.totalCalls++;
  }

  rateLimited(endpoint: string, credential: string): void {
    this.endpoint(endpoint).rateLimited++;
    this.credential(credential).rateLimited++;
    this.stats.rateLimited++;
  }

  retry(endpoint: string): void {
    this.endpoint(endpoint).retries++;
    this.stats.retries++;
  }

  error(endpoint: string): void {
    this.endpoint(endpoint).errors++;
  }

  tokenRequest(): void {
    this.stats.tokenRequests++;
  }

  waited(ms: number): void {
    this.stats.waitedMs += ms;
  }

  snapshot(): ClientStats {
    return JSON.parse(JSON.stringify(this.stats)) as ClientStats;
  }

  /** Logs what happened since the previous call, then the run's totals. */
  log(logger: IntegrationLogger, label: string): void {
    const now = this.snapshot();
    const before = this.lastLogged;
    const delta = (a: number, b: number | undefined) => a - (b ?? 0);
    const byEndpoint: Record<string, EndpointStats> = {};
    for (const [endpoint, s] of Object.entries(now.byEndpoint)) {
      const prev = before.byEndpoint[endpoint];
      const d = {
        calls: delta(s.calls, prev?.calls),
        rateLimited: delta(s.rateLimited, prev?.rateLimited),
        retries: delta(s.retries, prev?.retries),
        errors: delta(s.errors, prev?.errors),
      };
      if (d.calls || d.rateLimited || d.retries || d.errors)
        byEndpoint[endpoint] = d;
    }
    const calls = delta(now.totalCalls, before.totalCalls);
    logger.info(
      {
        bitbucketApi: {
          calls,
          rateLimited: delta(now.rateLimited, before.rateLimited),
          retries: delta(now.retries, before.retries),
          waitedMs: delta(now.waitedMs, before.waitedMs),
          tokenRequests: delta(now.tokenRequests, before.tokenRequests),
          byEndpoint,
          runTotals: {
            calls: now.totalCalls,
            rateLimited: now.rateLimited,
            retries: now.retries,
            waitedMs: now.waitedMs,
            byCredential: now.byCredential,
          },
        },
      },
      `${label}: ${calls} Bitbucket API call(s); run total ${now.totalCalls}, ${now.rateLimited} rate-limited, ${now.retries} retried, ${Math.round(now.waitedMs / 1000)} s waited`,
    );
    this.lastLogged = now;
  }
}
