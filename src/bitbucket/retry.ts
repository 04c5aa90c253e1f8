/**
 * The client's only retry loop: one budget per request, with jittered exponential backoff.
 * Only RetryableError is tried again; anything else ends the request at once.
 */
import pRetry from 'p-retry';

import { RetryableError } from './errors';

export interface RetryPolicy {
  retries: number;
  minMs: number;
  maxMs: number;
}

export interface FailedAttempt {
  error: RetryableError;
  attempt: number;
  retriesLeft: number;
}

export function withRetries<T>(
  work: () => Promise<T>,
  policy: RetryPolicy,
  onFailedAttempt: (failure: FailedAttempt) => void,
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await work();
      } catch (err) {
        if (err instanceof RetryableError) throw err;
        throw new pRetry.AbortError(
          err instanceof Error ? err : new Error(String(err)),
        );
      }
    },
    {
      retries: policy.retries,
      minTimeout: policy.minMs,
      maxTimeout: policy.maxMs,
      factor: 2,
      randomize: true,
      onFailedAttempt: (err) =>
        onFailedAttempt({
          error: err as unknown as RetryableError,
          attempt: err.attemptNumber,
          retriesLeft: err.retriesLeft,
        }),
    },
  );
}
