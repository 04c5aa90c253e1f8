/**
 * One request, start to end: its retry budget and the endpoint's breaker around attempts, and
 * in each attempt the loop over credentials and what Bitbucket answered — a 429 moves the
 * request to another credential (or waits), a 401 refreshes an OAuth token once, a 401/403
 * tries another credential that may be allowed, a 5xx or a broken answer is retried.
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';

import { Accounting } from './accounting';
import { headerScopes } from './answers';
import { Breakers, WHOLE_API } from './breaker';
import { CredentialState } from './credentials';
import { narrowTokenError, RetryableError, statusError } from './errors';
import { RateLimiter, Target, Waited } from './ratelimit';
import { RetryPolicy, withRetries } from './retry';
import { Routing } from './routing';
import { Tokens } from './tokens';
import { Counted, sendCounted } from './send-counted';
import { Transport, Withdrawn } from './transport';

export interface Call extends Target {
  url: string;
}

/** A listing's pages come from one credential while it has budget. */
export interface Session {
  credential?: CredentialState;
}

export interface Layers {
  transport: Transport;
  tokens: Tokens;
  routing: Routing;
  limiter: RateLimiter;
  breakers: Breakers;
  accounting: Accounting;
  retry: RetryPolicy;
  log: () => IntegrationLogger;
  /** The read that proves a credential can see a workspace. */
  workspaceCall: (workspace: string) => Call;
}

export class Dispatcher {
  constructor(private readonly l: Layers) {}

  /** GETs `call` and returns its JSON; `validate` may reject a body as retryable. */
  async request<T>(
    call: Call,
    options: { validate?: (body: unknown) => void; session?: Session } = {},
  ): Promise<T> {
    const { breakers, accounting } = this.l;
    let lastStatus: number | string = 'n/a';
    const waited: Waited = { ms: 0 };
    try {
      return await withRetries(
        async () => {
          breakers.check([call.endpoint, WHOLE_API]);
          try {
            const body = await this.attempt(call, waited, options.session);
            breakers.succeeded([call.endpoint, WHOLE_API]);
            options.validate?.(body);
            return body as T;
          } catch (err) {
            if (err instanceof RetryableError) {
              lastStatus = err.status;
              // A failed grant (err.endpoint) was counted once by the tokens layer, however
              // many requests waited on it.
              if (!err.endpoint)
                breakers.failed(
                  [call.endpoint, WHOLE_API],
                  err.code ?? err.status,
                );
            }
            throw err;
          }
        },
        this.l.retry,
        ({ error, attempt, retriesLeft }) => {
          accounting.retry(call.endpoint);
          this.l.log().warn(
            {
              endpoint: call.endpoint,
              attempt,
              retriesLeft,
              status: error.status,
              reason: error.name,
            },
            `Bitbucket request failed (${error.message}); ${retriesLeft > 0 ? 'retrying' : 'giving up'}`,
          );
        },
      );
    } catch (err) {
      accounting.error(call.endpoint);
      if (err instanceof IntegrationProviderAPIError) throw err;
      throw new IntegrationProviderRetriesExceededError({
        endpoint: call.endpoint,
        status: lastStatus,
        statusText: `gave up after ${this.l.retry.retries + 1} attempts: ${err instanceof Error ? err.message : String(err)}`,
        cause: err instanceof Error ? err : undefined,
      });
    }
  }

  /** One GET with `state`, counted against it (`./send-counted`). No retry. */
  send(
    state: CredentialState,
    call: Call,
    timeoutMs?: number,
    whileReady = false,
  ): Promise<Counted> {
    return sendCounted(this.l, state, call, timeoutMs, whileReady);
  }

  /** An access token that turned out to see only part of the workspace serves nothing more. */
  private dropNarrow(state: CredentialState): void {
    const err = narrowTokenError(state.label);
    state.markUnusable(err);
    this.l
      .log()
      .warn(
        { credential: state.label },
        `${err.message}; it is no longer used`,
      );
  }

  private async attempt(
    call: Call,
    waited: Waited,
    session?: Session,
  ): Promise<unknown> {
    const { routing, limiter, tokens } = this.l;
    const refreshed = new Set<CredentialState>();
    // Credentials that refused this request (401/403): with a mix of credential kinds, another
    // may be allowed (an OAuth consumer can read /1.0/groups, an access token cannot).
    const refused = new Set<CredentialState>();
    let refusal: Error | undefined;
    for (;;) {
      const state = await limiter.acquire(
        call,
        refused,
        waited,
        session?.credential,
      );
      if (!state) {
        throw (
          refusal ??
          routing.states.find((s) => s.unusable)?.unusable ??
          new IntegrationProviderAuthorizationError({
            endpoint: call.endpoint,
            status: 404,
            statusText: `no configured credential can serve it in workspace "${call.workspace}"`,
          })
        );
      }
      let sent;
      try {
        sent = await this.send(state, call, undefined, true);
      } catch (err) {
        if (err instanceof Withdrawn) continue;
        if (!(err instanceof IntegrationProviderAuthenticationError)) throw err;
        // The token grant was refused (consumer deleted, secret rotated): this credential will
        // not come back during the run, so the others carry on without it.
        state.markUnusable(err);
        refusal = err;
        this.l
          .log()
          .warn(
            { endpoint: call.endpoint, credential: state.label },
            `${state.label} can no longer get an access token (${err.message}); continuing with the other credentials`,
          );
        continue;
      }
      const { res, authorization } = sent;
      if (res.status === 429) continue;
      state.learnLimit(Number(res.headers.get('x-ratelimit-limit')));
      if (routing.learnScopes(state, headerScopes(res))) this.dropNarrow(state);
      // Dropped just now (by this answer or one to a request sent alongside it).
      if (!routing.canServe(state, call.workspace, call.reach)) continue;
      if (res.status === 401 || res.status === 403) {
        if (
          res.status === 401 &&
          state.config.kind === 'oauth' &&
          !refreshed.has(state)
        ) {
          // An access token can be revoked or expire early; fetch a new one once.
          refreshed.add(state);
          tokens.invalidate(state, authorization);
          continue;
        }
        refusal = statusError(
          call.endpoint,
          res.status,
          res.statusText,
          state.config,
          res.body,
        );
        refused.add(state);
        if (limiter.hasAlternative(call, state)) {
          this.l.log().info(
            {
              endpoint: call.endpoint,
              credential: state.label,
              status: res.status,
            },
            `${state.label} was refused (${res.status}); trying the request with another credential`,
          );
        }
        continue;
      }
      if (res.status >= 500)
        throw new RetryableError(`${res.status} ${res.statusText}`, res.status);
      if (res.status === 404 && !(await this.acceptNotFound(state, call)))
        continue;
      if (res.status >= 400)
        throw statusError(
          call.endpoint,
          res.status,
          res.statusText,
          state.config,
        );
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        throw new RetryableError(
          `${res.status} body is not valid JSON`,
          res.status,
        );
      }
      if (session) session.credential = state;
      return body;
    }
  }

  /**
   * A 404 is the resource's own answer unless the credential holds the workspace only on trust
   * (rate limited during validation): then one read of the workspace decides. If it cannot
   * read the workspace, it is dropped from it and the request goes to another credential.
   */
  private async acceptNotFound(
    state: CredentialState,
    call: Call,
  ): Promise<boolean> {
    const { routing } = this.l;
    if (!routing.assumed(state, call.workspace)) return true;
    const check = this.l.workspaceCall(call.workspace);
    const { res } = await this.send(state, check);
    if (res.status === 429) return false;
    if (res.status !== 200 && res.status !== 404) {
      throw new RetryableError(
        `${res.status} while checking ${state.label}'s access to workspace "${call.workspace}"`,
        res.status,
      );
    }
    const canRead = res.status === 200;
    routing.settleAssumption(state, call.workspace, canRead);
    if (!canRead) {
      this.l
        .log()
        .warn(
          { credential: state.label, workspace: call.workspace },
          `${state.label} cannot read workspace "${call.workspace}" (it was rate limited when validation checked); its requests there go to the other credentials`,
        );
    }
    return canRead;
  }
}
