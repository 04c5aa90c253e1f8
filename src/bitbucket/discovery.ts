/**
 * What validation learns before any step runs: every credential authenticates (OAuth grants
 * first, concurrently), each reads each configured workspace, and each is found to see the
 * whole workspace or only part of it. Validation retries quickly and little: a server that
 * does not answer as Bitbucket (no connection, an HTML page, a 404 without Bitbucket's error
 * JSON) is a configuration mistake to report in seconds, not a blip to wait out.
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
} from '@jupiterone/integration-sdk-core';

import { headerScopes as headerOf } from './answers';
import { Accounting } from './accounting';
import { CredentialState } from './credentials';
import { Call, Dispatcher } from './dispatch';
import {
  CircuitOpenError,
  DuplicateWorkspaceError,
  NotBitbucketError,
  RetryableError,
  statusError,
} from './errors';
import { RetryPolicy, withRetries } from './retry';
import { Routing } from './routing';
import { CredentialKind } from './settings';
import { TOKEN_ENDPOINT, Tokens } from './tokens';
import { jsonObject } from './transport';

export interface CredentialCheck {
  /** e.g. "OAuth consumer #2 (key abc)"; never a secret. */
  label: string;
  kind: CredentialKind;
  position: number;
  /** Scopes the credential was granted, when Bitbucket says (OAuth `scopes`, `X-OAuth-Scopes`). */
  scopes?: string[];
  /** The configured workspaces this credential can read. */
  workspaces: string[];
  /**
   * False for an access token that cannot see the whole workspace: project and repository
   * access tokens cannot be granted `account`, so one without it is taken as one of them.
   */
  wholeWorkspace: boolean;
}

export interface DiscoveryLayers {
  dispatcher: Dispatcher;
  tokens: Tokens;
  routing: Routing;
  retry: RetryPolicy;
  /** Retries of a validation request that got no answer at all. */
  quickRetries: number;
  timeoutMs: number;
  apiBase: string;
  tokenUrl: string;
  logger: IntegrationLogger;
  accounting: Accounting;
  workspaceCall: (workspace: string) => Call;
  /** Records the names a workspace answered to (throws when it is configured twice). */
  nameWorkspace: (
    configured: string,
    found: Record<string, unknown> | undefined,
  ) => void;
}

export class Discovery {
  constructor(private readonly l: DiscoveryLayers) {}

  async verify(workspaces: string[]): Promise<CredentialCheck[]> {
    // Token grants first: a consumer with a wrong secret fails validation before any API call.
    await this.settleAll((state) =>
      state.config.kind === 'oauth'
        ? this.quickly('token', () =>
            this.l.tokens.authorization(state, { timeoutMs: this.l.timeoutMs }),
          )
        : Promise.resolve(''),
    );
    return this.settleAll((state) => this.verifyCredential(state, workspaces));
  }

  /**
   * Runs `check` for every credential, all of them even when one fails: the error names the
   * first bad one by position, the log every other.
   */
  private async settleAll<T>(
    check: (state: CredentialState) => Promise<T>,
  ): Promise<T[]> {
    const states = this.l.routing.states;
    const results = await Promise.allSettled(states.map(check));
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected'
        ? [{ label: states[i].label, error: r.reason as unknown }]
        : [],
    );
    // The first is thrown, and the layer above says it in the user's words: log the others.
    for (const f of failures.slice(1)) {
      // A configuration error (the same workspace twice, a wrong URL) is not the credential's.
      if (
        f.error instanceof DuplicateWorkspaceError ||
        f.error instanceof NotBitbucketError
      )
        continue;
      this.l.logger.warn(
        { credential: f.label },
        `${f.label} failed validation: ${f.error instanceof Error ? f.error.message : 'unknown error'}`,
      );
    }
    if (failures.length > 0) throw failures[0].error;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  }

  /**
   * `work` with the request retry budget, except that no answer at all (refused, reset, DNS,
   * TLS, timeout) is tried only `quickRetries` more times: that is a wrong URL far more often
   * than a blip, and the user should hear so in seconds.
   */
  private async quickly<T>(
    target: 'api' | 'token',
    work: () => Promise<T>,
  ): Promise<T> {
    let unanswered = 0;
    const named = (err: RetryableError) => {
      const at = err.endpoint === TOKEN_ENDPOINT ? 'token' : target;
      return new NotBitbucketError(
        at,
        at === 'token' ? this.l.tokenUrl : this.l.apiBase,
        err.code ?? err.message,
      );
    };
    const endpointOf = (err: RetryableError) =>
      err.endpoint ??
      (target === 'token' ? TOKEN_ENDPOINT : 'GET /2.0/workspaces/{workspace}');
    const attempts = withRetries(
      async () => {
        try {
          return await work();
        } catch (err) {
          // Other credentials' grants failing the same way opened the token endpoint's breaker.
          if (err instanceof CircuitOpenError && err.key === TOKEN_ENDPOINT)
            throw new NotBitbucketError(
              'token',
              this.l.tokenUrl,
              String(err.lastStatus),
            );
          if (
            err instanceof RetryableError &&
            err.status === 'network' &&
            ++unanswered > this.l.quickRetries
          )
            throw named(err);
          throw err;
        }
      },
      this.l.retry,
      ({ error, retriesLeft }) => {
        // Counted like a step's retries: the run's totals include what validation spent.
        this.l.accounting.retry(endpointOf(error));
        this.l.logger.info(
          { status: error.status, retriesLeft },
          `Validation request failed (${error.message}); ${retriesLeft > 0 ? 'retrying' : 'giving up'}`,
        );
      },
    );
    try {
      return await attempts;
    } catch (err) {
      if (!(err instanceof RetryableError)) throw err;
      // Bitbucket (or its proxy) answered, with errors only.
      throw new IntegrationProviderAPIError({
        endpoint: endpointOf(err),
        status: err.status,
        statusText: `failed ${this.l.retry.retries + 1} times while validating (${err.message})`,
      });
    }
  }

  private async verifyCredential(
    state: CredentialState,
    workspaces: string[],
  ): Promise<CredentialCheck> {
    let headerScopes: string[] | undefined;
    const visible: string[] = [];
    const assumed: string[] = [];
    for (const workspace of workspaces) {
      const call = this.l.workspaceCall(workspace);
      const { res } = await this.quickly('api', async () => {
        const sent = await this.l.dispatcher.send(
          state,
          call,
          this.l.timeoutMs,
        );
        const { status, headers, body } = sent.res;
        if (
          status < 500 &&
          (status === 429 || isBitbucketAnswer(status, jsonObject(body)))
        )
          return sent;
        const html =
          /html/i.test(headers.get('content-type') ?? '') ||
          body.trimStart().startsWith('<');
        if (status >= 500 || (!html && status === 200))
          // Bitbucket's own blips, and a JSON body cut short.
          throw new RetryableError(`HTTP ${status}`, status);
        throw new NotBitbucketError(
          'api',
          this.l.apiBase,
          `HTTP ${status} ${html ? 'with an HTML page' : "without Bitbucket's error JSON"}`,
        );
      });
      const body = jsonObject(res.body);
      if (res.status === 404) continue;
      if (res.status === 429) {
        // Authenticated but out of budget right now: it cools down like any rate-limited
        // credential and stays eligible for the workspace (not disproved) until a 404 says
        // otherwise (checked by the dispatcher).
        this.l.logger.info(
          { credential: state.label, workspace },
          `${state.label} is rate limited; its access to workspace "${workspace}" is assumed and checked by use`,
        );
        visible.push(workspace);
        assumed.push(workspace);
        continue;
      }
      if (res.status !== 200)
        throw statusError(
          call.endpoint,
          res.status,
          res.statusText,
          state.config,
        );
      visible.push(workspace);
      this.l.nameWorkspace(workspace, body);
      headerScopes = headerOf(res) ?? headerScopes;
    }
    const scopes =
      state.config.kind === 'oauth'
        ? this.l.tokens.grantedScopes(state)
        : headerScopes;
    const wholeWorkspace = !(
      state.config.kind === 'access-token' &&
      scopes !== undefined &&
      !scopes.includes('account')
    );
    this.l.routing.learn(
      state,
      visible,
      assumed,
      wholeWorkspace
        ? undefined
        : { projects: new Set(), repositories: new Set() },
    );
    // Rate limited before any answer said its scopes: the dispatcher reads them from its first
    // answer and drops it if it turns out narrower, before a listing it answered is taken.
    this.l.routing.scopesUnknown(
      state,
      state.config.kind === 'access-token' && scopes === undefined,
    );
    return {
      label: state.label,
      kind: state.config.kind,
      position: state.config.position,
      scopes,
      workspaces: visible,
      wholeWorkspace,
    };
  }
}

/**
 * Bitbucket answers JSON: a workspace object, or an error object (`{"type": "error", …}`) for
 * a 4xx. A 404 without it comes from some other server behind the configured URL.
 */
function isBitbucketAnswer(
  status: number,
  body: Record<string, unknown> | undefined,
): boolean {
  // Bitbucket's 401 for a bad credential is not always JSON; it is the credential's problem.
  if (status === 401 || status === 403) return true;
  if (!body) return false;
  if (status === 200) return true;
  return body.type === 'error' || typeof body.error === 'object';
}
