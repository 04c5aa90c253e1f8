/**
 * The Bitbucket Cloud client shared by every step of a run. Layers: the credentials pool
 * (`./credentials`), the transport below (node-fetch with a timeout, p-retry with jittered
 * backoff, bounded concurrency, 401/403/404/410 mapped to typed errors), pagination that
 * follows `next` only on the configured API host, and typed resources that stream page by page.
 * Nothing here logs or throws a secret, a token or a response body.
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationProviderRetriesExceededError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';
import fetch, { Response } from 'node-fetch';
import pRetry from 'p-retry';

import type { ApiRequest } from './access-resources';
import { ClientSettings } from './settings';
import { Accounting, ClientStats } from './accounting';
import { CredentialPool, CredentialState, TokenGrant } from './credentials';
import { BitbucketGoneError, BitbucketNotFoundError } from './errors';
import { Semaphore } from './semaphore';
import {
  BitbucketProject,
  BitbucketPullRequest,
  BitbucketRepository,
  BitbucketV1Group,
  BitbucketWorkspace,
  BitbucketWorkspaceMembership,
  Paginated,
} from './types';

export type { ClientStats, EndpointStats } from './accounting';

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
export const ALL_PULL_REQUEST_STATES: PullRequestState[] = [
  'OPEN',
  'MERGED',
  'DECLINED',
  'SUPERSEDED',
];

export interface PullRequestQuery {
  /** Only pull requests whose `updated_on` is after this instant. */
  updatedAfter: Date;
  /** Defaults to all four states. */
  states?: PullRequestState[];
  /** Ask the list for `participants` and `reviewers` (`fields=%2Bvalues.participants,%2Bvalues.reviewers`). */
  withParticipants: boolean;
}

export interface CredentialCheck {
  /** e.g. "OAuth consumer #2 (key abc)"; never a secret. */
  label: string;
  kind: 'oauth' | 'access-token' | 'api-token';
  position: number;
  /** Scopes the credential was granted, when Bitbucket says (OAuth `scopes`, `X-OAuth-Scopes`). */
  scopes?: string[];
  /** The configured workspaces this credential can read. */
  workspaces: string[];
}

export type ItemCallback<T> = (item: T) => void | Promise<void>;

/** Tuning the tests shorten; users never need to set these. */
export interface ClientTuning {
  retries: number;
  retryMinMs: number;
  retryMaxMs: number;
  cooldownBaseMs: number;
  cooldownMaxMs: number;
  /** How often a long wait for rate limits is logged. */
  waitLogEveryMs: number;
}

export const DEFAULT_TUNING: ClientTuning = {
  retries: 5,
  retryMinMs: 1000,
  retryMaxMs: 30_000,
  cooldownBaseMs: 5_000,
  cooldownMaxMs: 300_000,
  waitLogEveryMs: 30_000,
};

/** The largest `pagelen` each endpoint accepts (100; 50 for pull requests). */
const PAGELEN = { default: 100, pullrequests: 50 };

/** Errors worth another attempt: 5xx, resets, timeouts, bodies that do not parse, bad `next`. */
class RetryableError extends Error {
  constructor(
    message: string,
    readonly status: number | string,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

interface Call {
  /** Endpoint template for stats, logs and errors. */
  endpoint: string;
  url: string;
  /** The workspace the request reads: only credentials that can see it are used. */
  workspace: string;
}

export class BitbucketClient {
  private readonly pool: CredentialPool;
  private readonly accounting = new Accounting();
  private readonly semaphore: Semaphore;
  private readonly tuning: ClientTuning;
  private readonly apiOrigin: string;
  private readonly apiBase: string;
  private readonly v1Base: string;
  /**
   * Workspaces in which a request has waited `rateLimitMaxWaitMs` with every credential that
   * can read them limited: their budget is too small for this run, so no later request there
   * starts another long wait (a step that carries on past one failed repository would
   * otherwise wait the bound again for each). Other workspaces' credentials are not concerned.
   */
  private readonly stoppedWaiting = new Set<string>();

  constructor(
    readonly settings: ClientSettings,
    readonly logger: IntegrationLogger,
    tuning: Partial<ClientTuning> = {},
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.pool = new CredentialPool(settings.credentials, {
      baseMs: this.tuning.cooldownBaseMs,
      maxMs: this.tuning.cooldownMaxMs,
    });
    this.semaphore = new Semaphore(settings.maxConcurrency);
    this.apiBase = settings.apiBaseUrl.replace(/\/+$/, '');
    this.apiOrigin = new URL(this.apiBase).origin;
    // The legacy groups API sits beside /2.0 on the same host.
    this.v1Base = this.apiBase.replace(/\/2\.0$/, '/1.0');
  }

  /**
   * Authenticates every credential concurrently and finds which configured workspaces each can
   * read: OAuth consumers with a token grant (which lists the scopes), then every credential
   * with one read of each workspace (`X-OAuth-Scopes` for tokens). From then on a workspace's
   * requests go only to credentials that can see it — a workspace access token sees only its
   * own. Rejects naming the first bad credential by position.
   */
  async verifyCredentials(workspaces: string[]): Promise<CredentialCheck[]> {
    // Token grants first: a consumer with a wrong secret fails validation before any API call.
    await this.settleAll((state) =>
      state.config.kind === 'oauth'
        ? this.pool.token(state, (s) => this.fetchToken(s), Date.now)
        : Promise.resolve(''),
    );
    return this.settleAll((state) => this.verifyCredential(state, workspaces));
  }

  /**
   * Runs `check` for every credential, all of them even when one fails: the log names every
   * bad one, the error the first by position.
   */
  private async settleAll<T>(
    check: (state: CredentialState) => Promise<T>,
  ): Promise<T[]> {
    const results = await Promise.allSettled(this.pool.states.map(check));
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected'
        ? [{ label: this.pool.states[i].label, error: r.reason as unknown }]
        : [],
    );
    for (const f of failures) {
      // A configuration error (the same workspace twice) is not the credential's fault.
      if (f.error instanceof IntegrationValidationError) continue;
      this.logger.warn(
        { credential: f.label },
        `${f.label} failed validation: ${f.error instanceof Error ? f.error.message : 'unknown error'}`,
      );
    }
    if (failures.length > 0) throw failures[0].error;
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
  }

  private async verifyCredential(
    state: CredentialState,
    workspaces: string[],
  ): Promise<CredentialCheck> {
    let headerScopes: string[] | undefined;
    const visible: string[] = [];
    const assumed: string[] = [];
    for (const workspace of workspaces) {
      const call = this.workspaceCall(workspace);
      const res = await pRetry(
        async () => {
          const r = await this.send(state, call);
          if (r.status >= 500)
            throw new RetryableError(`${r.status} ${r.statusText}`, r.status);
          return r;
        },
        {
          retries: this.tuning.retries,
          minTimeout: this.tuning.retryMinMs,
          maxTimeout: this.tuning.retryMaxMs,
          randomize: true,
          onFailedAttempt: (err) => {
            this.accounting.retry(call.endpoint);
            this.logger.warn(
              {
                credential: state.label,
                endpoint: call.endpoint,
                attempt: err.attemptNumber,
                retriesLeft: err.retriesLeft,
              },
              `Validation read with ${state.label} failed (${err.message}); retrying`,
            );
          },
        },
      );
      if (res.status === 404) continue;
      if (res.status === 429) {
        // Authenticated but out of budget right now: it cools down like any rate-limited
        // credential and stays eligible for the workspace (not disproved) until a 404 says
        // otherwise (see acceptNotFound).
        this.accounting.rateLimited(call.endpoint, state.label);
        this.pool.rateLimited(state, Date.now(), retryAfterMs(res));
        this.logger.info(
          { credential: state.label, workspace },
          `${state.label} is rate limited; its access to workspace "${workspace}" is assumed and checked by use`,
        );
        visible.push(workspace);
        assumed.push(workspace);
        continue;
      }
      if (res.status === 401)
        throw this.authenticationError(state, call.endpoint, 401);
      if (res.status !== 200) throw this.clientError(call.endpoint, res, state);
      visible.push(workspace);
      this.nameWorkspace(workspace, jsonObject(await res.text()));
      const header = res.headers.get('x-oauth-scopes');
      if (header)
        headerScopes = header
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
    }
    state.workspaces = new Set(visible);
    state.assumedWorkspaces = new Set(assumed);
    return {
      label: state.label,
      kind: state.config.kind,
      position: state.config.position,
      scopes:
        state.config.kind === 'oauth' ? state.grantedScopes : headerScopes,
      workspaces: visible,
    };
  }

  private workspaceCall(workspace: string): Call {
    return {
      endpoint: 'GET /2.0/workspaces/{workspace}',
      url: `${this.apiBase}/workspaces/${encodeURIComponent(workspace)}`,
      workspace,
    };
  }

  /** `GET /2.0/workspaces/{workspace}`; a missing workspace rejects with BitbucketNotFoundError. */
  async getWorkspace(workspace: string): Promise<BitbucketWorkspace> {
    const found = await this.request<BitbucketWorkspace>(
      this.workspaceCall(workspace),
    );
    this.nameWorkspace(workspace, found);
    return found;
  }

  /**
   * A workspace may be configured by slug in any case or by `{uuid}`; later requests use the
   * slug Bitbucket returned, so both must lead to the credentials that can read it. The same
   * workspace configured twice under two names is a configuration error.
   */
  private nameWorkspace(
    configured: string,
    found: { slug?: unknown; uuid?: unknown } | undefined,
  ): void {
    const other = this.pool.nameWorkspace(configured, [
      found?.slug,
      found?.uuid,
    ]);
    if (other !== undefined) {
      throw new IntegrationValidationError(
        `Config field "workspace" lists the same workspace twice, as "${other}" and as "${configured}".`,
      );
    }
  }

  iterateWorkspaceMembers(
    workspace: string,
    callback: ItemCallback<BitbucketWorkspaceMembership>,
  ): Promise<void> {
    return this.paginate(
      {
        endpoint: 'GET /2.0/workspaces/{workspace}/members',
        url: `${this.apiBase}/workspaces/${encodeURIComponent(workspace)}/members`,
        workspace,
      },
      { pagelen: String(PAGELEN.default) },
      callback,
    );
  }

  /** `GET /1.0/groups/{workspace}` (a bare array, one call). */
  async listGroups(workspace: string): Promise<BitbucketV1Group[]> {
    const groups = await this.request<unknown>({
      endpoint: 'GET /1.0/groups/{workspace}',
      url: `${this.v1Base}/groups/${encodeURIComponent(workspace)}`,
      workspace,
    });
    if (!Array.isArray(groups)) {
      throw new IntegrationProviderAPIError({
        endpoint: 'GET /1.0/groups/{workspace}',
        status: 200,
        statusText: 'Expected a JSON array of groups',
      });
    }
    return groups as BitbucketV1Group[];
  }

  iterateProjects(
    workspace: string,
    callback: ItemCallback<BitbucketProject>,
  ): Promise<void> {
    return this.paginate(
      {
        endpoint: 'GET /2.0/workspaces/{workspace}/projects',
        url: `${this.apiBase}/workspaces/${encodeURIComponent(workspace)}/projects`,
        workspace,
      },
      { pagelen: String(PAGELEN.default) },
      callback,
    );
  }

  iterateRepositories(
    workspace: string,
    callback: ItemCallback<BitbucketRepository>,
  ): Promise<void> {
    return this.paginate(
      {
        endpoint: 'GET /2.0/repositories/{workspace}',
        url: `${this.apiBase}/repositories/${encodeURIComponent(workspace)}`,
        workspace,
      },
      { pagelen: String(PAGELEN.default) },
      callback,
    );
  }

  /** `repository` is the repository's `{uuid}` (stable across renames) or slug. */
  iteratePullRequests(
    workspace: string,
    repository: string,
    query: PullRequestQuery,
    callback: ItemCallback<BitbucketPullRequest>,
  ): Promise<void> {
    const params: Record<string, string> = {
      pagelen: String(PAGELEN.pullrequests),
      sort: '-updated_on',
      // States go inside q=: the API ignores state= whenever q= is present.
      q: pullRequestQuery(query),
    };
    if (query.withParticipants)
      params.fields = '+values.participants,+values.reviewers';
    return this.paginate(
      {
        endpoint: 'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests',
        url: `${this.apiBase}/repositories/${encodeURIComponent(workspace)}/${encodeURIComponent(repository)}/pullrequests`,
        workspace,
      },
      params,
      callback,
    );
  }

  // --- TEMPORARY facade shim (issue 13): the layered client provides `list` and `get` with
  // this contract; drop these two methods when it lands. `reach` is for its routing only.
  list<T>(request: ApiRequest, callback: ItemCallback<T>): Promise<void> {
    return this.paginate(
      this.shimCall(request),
      request.params ?? {},
      callback,
    );
  }

  get<T>(request: ApiRequest): Promise<T> {
    const call = this.shimCall(request);
    const url = new URL(call.url);
    for (const [k, v] of Object.entries(request.params ?? {}))
      url.searchParams.set(k, v);
    return this.request<T>({ ...call, url: url.toString() });
  }

  private shimCall(request: ApiRequest): Call {
    return {
      endpoint: request.endpoint,
      url: `${this.apiBase}${request.path}`,
      workspace: request.workspace,
    };
  }
  // --- end of the temporary shim

  getStats(): ClientStats {
    return this.accounting.snapshot();
  }

  /**
   * Runs `work` (a step) and then logs the calls, 429s, retries and waits it caused — its own,
   * even while other steps use the client at the same time — and the run's totals.
   */
  measure<T>(
    label: string,
    logger: IntegrationLogger,
    work: () => Promise<T>,
  ): Promise<T> {
    return this.accounting.inScope(logger, work, (scoped) =>
      this.accounting.log(logger, label, scoped),
    );
  }

  /** The logger of the step making the current call; the run's logger outside steps. */
  private get log(): IntegrationLogger {
    return this.accounting.scopeLogger() ?? this.logger;
  }

  // --- pagination -------------------------------------------------------------------------

  /**
   * Streams every item of a listing. Bitbucket pages by offset, so an item removed from a page
   * already read shifts the rest up and one item crosses the page boundary unread; the only
   * sign is `size` going down. Then the listing is read once more from the start (callbacks
   * see items twice and must be idempotent); a second shrink is reported, never taken as
   * complete.
   */
  private async paginate<T>(
    listing: Call,
    params: Record<string, string>,
    callback: ItemCallback<T>,
  ): Promise<void> {
    for (let reading = 1; ; reading++) {
      const { read, size, shrankFrom } = await this.readListing(
        listing,
        params,
        callback,
      );
      if (shrankFrom === undefined) {
        if (size !== undefined && read < size) {
          throw new IntegrationProviderAPIError({
            endpoint: listing.endpoint,
            status: 200,
            statusText: `Incomplete listing: read ${read} of the ${size} items Bitbucket reported`,
          });
        }
        return;
      }
      const change = `went from ${shrankFrom} to ${size} items while it was read`;
      if (reading === 2) {
        throw new IntegrationProviderAPIError({
          endpoint: listing.endpoint,
          status: 200,
          statusText: `Incomplete listing: it ${change}, twice; items may have been skipped`,
        });
      }
      this.log.warn(
        { endpoint: listing.endpoint, from: shrankFrom, to: size },
        `The listing ${listing.endpoint} ${change}, so an item may have shifted past a page boundary unread; reading it again`,
      );
    }
  }

  /** One pass over a listing: items read, the last `size`, and the `size` before any drop. */
  private async readListing<T>(
    { endpoint, url, workspace }: Call,
    params: Record<string, string>,
    callback: ItemCallback<T>,
  ): Promise<{ read: number; size?: number; shrankFrom?: number }> {
    const first = new URL(url);
    // URLSearchParams writes `+` as %2B and spaces as `+`, the encoding BBQL and fields= need.
    for (const [k, v] of Object.entries(params)) first.searchParams.set(k, v);
    const seen = new Set<string>();
    let next: string | undefined = first.toString();
    let read = 0;
    let size: number | undefined;
    let shrankFrom: number | undefined;
    while (next) {
      const pageUrl: string = next;
      const page: Paginated<T> = await this.request<Paginated<T>>(
        { endpoint, url: pageUrl, workspace },
        (body) => this.checkPage(endpoint, pageUrl, body, seen),
      );
      for (const item of page.values) await callback(item);
      read += page.values.length;
      if (typeof page.size === 'number') {
        if (size !== undefined && page.size < size) shrankFrom ??= size;
        size = page.size;
      }
      next = page.next;
    }
    return { read, size, shrankFrom };
  }

  /** A page is usable only if its `next` is new and stays on the API host; else fetch it again. */
  private checkPage(
    endpoint: string,
    pageUrl: string,
    body: unknown,
    seen: Set<string>,
  ): void {
    const page = body as Partial<Paginated<unknown>> | null;
    seen.add(normalizeUrl(pageUrl));
    if (page && typeof page.page === 'number') {
      // The same page may be addressed with or without an explicit `page=`.
      const explicit = new URL(pageUrl);
      explicit.searchParams.set('page', String(page.page));
      seen.add(normalizeUrl(explicit.toString()));
    }
    if (!page || !Array.isArray(page.values)) {
      throw new RetryableError(
        `${endpoint}: response is not a page of values`,
        200,
      );
    }
    if (page.next === undefined) return;
    let nextUrl: URL;
    try {
      nextUrl = new URL(page.next);
    } catch {
      throw new RetryableError(`${endpoint}: malformed next link`, 200);
    }
    if (nextUrl.origin !== this.apiOrigin) {
      // Never sent again: a host change is a configuration or proxy problem, not a blip.
      throw new pRetry.AbortError(
        new IntegrationProviderAPIError({
          endpoint,
          status: 200,
          statusText: `Refusing to follow a next link to another host (${nextUrl.host})`,
        }),
      );
    }
    if (seen.has(normalizeUrl(page.next))) {
      throw new RetryableError(
        `${endpoint}: next link repeats a page already read`,
        200,
      );
    }
  }

  // --- transport --------------------------------------------------------------------------

  private async request<T>(
    call: Call,
    validate?: (body: unknown) => void,
  ): Promise<T> {
    let lastStatus: number | string = 'n/a';
    try {
      return await pRetry(
        async () => {
          const { status, body } = await this.attempt(call);
          lastStatus = status;
          if (validate) validate(body);
          return body as T;
        },
        {
          retries: this.tuning.retries,
          minTimeout: this.tuning.retryMinMs,
          maxTimeout: this.tuning.retryMaxMs,
          factor: 2,
          randomize: true,
          onFailedAttempt: (err) => {
            this.accounting.retry(call.endpoint);
            const status = (err as unknown as { status?: number | string })
              .status;
            if (status !== undefined) lastStatus = status;
            this.log.warn(
              {
                endpoint: call.endpoint,
                attempt: err.attemptNumber,
                retriesLeft: err.retriesLeft,
                status,
                reason: err.name,
              },
              `Bitbucket request failed (${err.message}); retrying`,
            );
          },
        },
      );
    } catch (err) {
      this.accounting.error(call.endpoint);
      if (err instanceof IntegrationProviderAPIError) throw err;
      throw new IntegrationProviderRetriesExceededError({
        endpoint: call.endpoint,
        status: lastStatus,
        statusText: `gave up after ${this.tuning.retries + 1} attempts: ${err instanceof Error ? err.message : String(err)}`,
        cause: err instanceof Error ? err : undefined,
      });
    }
  }

  /** One attempt: choose a credential, send, and move to another one on 429. */
  private async attempt(
    call: Call,
  ): Promise<{ status: number; body: unknown }> {
    const refreshed = new Set<CredentialState>();
    // Credentials that refused this request (401/403): with a mix of credential kinds, another
    // may be allowed (an OAuth consumer can read /1.0/groups, an access token cannot).
    const refused = new Set<CredentialState>();
    let refusal: Error | undefined;
    let waited = 0;
    for (;;) {
      const picked = this.pool.pick(Date.now(), refused, call.workspace);
      if ('retryAt' in picked) {
        if (picked.retryAt === Infinity) {
          throw new pRetry.AbortError(
            refusal ??
              this.pool.states.find((s) => s.unusable)?.unusable ??
              new IntegrationProviderAuthorizationError({
                endpoint: call.endpoint,
                status: 404,
                statusText: `no configured credential can read workspace "${call.workspace}"`,
              }),
          );
        }
        waited += await this.waitForRecovery(call, picked.retryAt, waited);
        continue;
      }
      const state = picked.state;
      let res: BufferedResponse;
      try {
        res = await this.send(state, call);
      } catch (err) {
        if (!(err instanceof IntegrationProviderAuthenticationError)) throw err;
        // The token grant was refused (consumer deleted, secret rotated): this credential will
        // not come back during the run, so the others carry on without it.
        state.unusable = err;
        refusal = err;
        this.log.warn(
          { endpoint: call.endpoint, credential: state.label },
          `${state.label} can no longer get an access token (${err.message}); continuing with the other credentials`,
        );
        continue;
      }
      if (res.status === 429) {
        await res.text().catch(() => undefined);
        this.accounting.rateLimited(call.endpoint, state.label);
        const cooldown = this.pool.rateLimited(
          state,
          Date.now(),
          retryAfterMs(res),
        );
        this.log.info(
          {
            endpoint: call.endpoint,
            credential: state.label,
            cooldownMs: cooldown,
          },
          `${state.label} is rate limited; moving the request to another credential`,
        );
        continue;
      }
      this.pool.succeeded(state);
      updateBudget(state, res);
      if (res.status === 401 || res.status === 403) {
        await res.text().catch(() => undefined);
        if (
          res.status === 401 &&
          state.config.kind === 'oauth' &&
          !refreshed.has(state)
        ) {
          // An access token can be revoked or expire early; fetch a new one once.
          refreshed.add(state);
          this.pool.invalidateToken(state, res.authorization);
          continue;
        }
        refusal =
          res.status === 401
            ? this.authenticationError(state, call.endpoint, 401)
            : this.clientError(call.endpoint, res, state);
        refused.add(state);
        if (refused.size < this.pool.states.length) {
          this.log.info(
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
      if (res.status >= 500) {
        await res.text().catch(() => undefined);
        throw new RetryableError(`${res.status} ${res.statusText}`, res.status);
      }
      if (res.status === 404 && !(await this.acceptNotFound(state, call))) {
        continue;
      }
      if (res.status >= 400) {
        await res.text().catch(() => undefined);
        throw new pRetry.AbortError(
          this.clientError(call.endpoint, res, state),
        );
      }
      const text = await res.text();
      try {
        return { status: res.status, body: JSON.parse(text) as unknown };
      } catch {
        throw new RetryableError(
          `${res.status} body is not valid JSON`,
          res.status,
        );
      }
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
    if (!this.pool.assumed(state, call.workspace)) return true;
    const check = await this.send(state, this.workspaceCall(call.workspace));
    if (check.status === 429) {
      this.accounting.rateLimited(call.endpoint, state.label);
      this.pool.rateLimited(state, Date.now(), retryAfterMs(check));
      return false;
    }
    if (check.status !== 200 && check.status !== 404) {
      throw new RetryableError(
        `${check.status} while checking ${state.label}'s access to workspace "${call.workspace}"`,
        check.status,
      );
    }
    const canRead = check.status === 200;
    this.pool.settleAssumption(state, call.workspace, canRead);
    if (!canRead) {
      this.log.warn(
        { credential: state.label, workspace: call.workspace },
        `${state.label} cannot read workspace "${call.workspace}" (it was rate limited when validation checked); its requests there go to the other credentials`,
      );
    }
    return canRead;
  }

  private async waitForRecovery(
    call: Call,
    retryAt: number,
    waitedSoFar: number,
  ) {
    const max = this.settings.rateLimitMaxWaitMs;
    const workspace = this.pool.workspaceId(call.workspace);
    const readers = this.pool.readers(call.workspace);
    if (waitedSoFar >= max || this.stoppedWaiting.has(workspace)) {
      this.stoppedWaiting.add(workspace);
      throw new pRetry.AbortError(
        new IntegrationProviderRetriesExceededError({
          endpoint: call.endpoint,
          status: 429,
          statusText: `all ${readers} credential(s) stayed rate limited for ${Math.round(max / 1000)} s (rateLimitMaxWaitSeconds) in workspace "${call.workspace}", so the run stopped waiting there. Add OAuth consumers (comma-delimited oauthKey/oauthSecret) or access tokens to raise the hourly budget`,
        }),
      );
    }
    const wait = Math.max(
      1,
      Math.min(
        retryAt - Date.now(),
        max - waitedSoFar,
        this.tuning.waitLogEveryMs,
      ),
    );
    this.log.info(
      {
        endpoint: call.endpoint,
        waitMs: wait,
        waitedMs: waitedSoFar,
        maxWaitMs: max,
      },
      `All ${readers} Bitbucket credential(s) that can read workspace "${call.workspace}" are rate limited; waiting ${Math.ceil(wait / 1000)} s for the soonest to recover (${Math.round(waitedSoFar / 1000)} s of at most ${Math.round(max / 1000)} s waited so far)`,
    );
    await new Promise((r) => setTimeout(r, wait));
    this.accounting.waited(wait);
    return wait;
  }

  /** Sends one authenticated GET under the concurrency bound and the per-request timeout. */
  private async send(
    state: CredentialState,
    call: Call,
  ): Promise<BufferedResponse> {
    const authorization = await this.authorization(state);
    const release = await this.semaphore.acquire();
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(),
      this.settings.requestTimeoutMs,
    );
    try {
      state.recordCall(Date.now());
      this.accounting.call(call.endpoint, state.label);
      const res = await fetch(call.url, {
        headers: { Authorization: authorization, Accept: 'application/json' },
        signal: controller.signal,
      });
      // Read the body inside the timeout so a stalled body counts as a timeout too.
      const text = await res.text();
      return new BufferedResponse(res, text, authorization);
    } catch (err) {
      throw new RetryableError(
        controller.signal.aborted
          ? `no response within ${this.settings.requestTimeoutMs} ms`
          : `network error (${(err as { code?: string }).code ?? (err as Error).name})`,
        'network',
      );
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  private async authorization(state: CredentialState): Promise<string> {
    const c = state.config;
    switch (c.kind) {
      case 'oauth':
        return `Bearer ${await this.pool.token(state, (s) => this.fetchToken(s), Date.now)}`;
      case 'access-token':
        return `Bearer ${c.token}`;
      case 'api-token':
        return `Basic ${Buffer.from(`${c.email}:${c.token}`).toString('base64')}`;
    }
  }

  /** OAuth 2 client credentials grant, retried on 5xx and network errors. */
  private async fetchToken(state: CredentialState): Promise<TokenGrant> {
    const c = state.config;
    if (c.kind !== 'oauth')
      throw new Error('only OAuth consumers fetch tokens');
    const endpoint = 'POST /site/oauth2/access_token';
    return pRetry(
      async () => {
        this.accounting.tokenRequest();
        const controller = new AbortController();
        const timer = setTimeout(
          () => controller.abort(),
          this.settings.requestTimeoutMs,
        );
        let res: Response;
        let text: string;
        try {
          res = await fetch(this.settings.tokenUrl, {
            method: 'POST',
            headers: {
              Authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
              'Content-Type': 'application/x-www-form-urlencoded',
              Accept: 'application/json',
            },
            body: 'grant_type=client_credentials',
            signal: controller.signal,
          });
          text = await res.text();
        } catch (err) {
          throw new RetryableError(
            `token request failed (${(err as { code?: string }).code ?? (err as Error).name})`,
            'network',
          );
        } finally {
          clearTimeout(timer);
        }
        if (res.status >= 500 || res.status === 429) {
          throw new RetryableError(
            `token endpoint answered ${res.status}`,
            res.status,
          );
        }
        const parsed = jsonObject(text);
        if (!parsed && res.ok)
          throw new RetryableError(
            'token response is not a JSON object',
            res.status,
          );
        const body = parsed ?? {};
        if (!res.ok || typeof body.access_token !== 'string') {
          // Only the OAuth error code (an enum) is surfaced, never the body.
          const code =
            typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
          throw new pRetry.AbortError(
            new IntegrationProviderAuthenticationError({
              endpoint: `${endpoint} for ${state.label}`,
              status: res.status,
              statusText: `${code}: check the key and secret, and that the consumer is private ("This is a private consumer") with the permissions listed in docs/jupiterone.md`,
            }),
          );
        }
        const expiresIn =
          typeof body.expires_in === 'number' ? body.expires_in : 3600;
        return {
          accessToken: body.access_token,
          expiresInMs: expiresIn * 1000,
          scopes:
            typeof body.scopes === 'string'
              ? body.scopes.split(/\s+/).filter(Boolean)
              : undefined,
        };
      },
      {
        retries: this.tuning.retries,
        minTimeout: this.tuning.retryMinMs,
        maxTimeout: this.tuning.retryMaxMs,
        randomize: true,
        onFailedAttempt: () => this.accounting.retry(endpoint),
      },
    );
  }

  private authenticationError(
    state: CredentialState,
    endpoint: string,
    status: number,
  ) {
    return new IntegrationProviderAuthenticationError({
      endpoint: `${endpoint} with ${state.label}`,
      status,
      statusText: 'Unauthorized: the credential is invalid, expired or revoked',
    });
  }

  private clientError(
    endpoint: string,
    res: BufferedResponse,
    state: CredentialState,
  ) {
    switch (res.status) {
      case 403:
        return new IntegrationProviderAuthorizationError({
          endpoint: `${endpoint} with ${state.label}`,
          status: 403,
          statusText:
            'Forbidden: the credential lacks a scope or permission this resource needs',
        });
      case 404:
        return new BitbucketNotFoundError(endpoint);
      case 410:
        return new BitbucketGoneError(endpoint);
      default:
        return new IntegrationProviderAPIError({
          endpoint,
          status: res.status,
          statusText: res.statusText,
        });
    }
  }
}

/** A response whose body was read inside the request timeout. */
class BufferedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Response['headers'];
  constructor(
    res: Response,
    private readonly body: string,
    /** The Authorization header the request went out with (never logged). */
    readonly authorization: string,
  ) {
    this.status = res.status;
    this.statusText = res.statusText;
    this.headers = res.headers;
  }
  text(): Promise<string> {
    return Promise.resolve(this.body);
  }
}

/** The JSON object a body holds; undefined when it is not valid JSON or not an object. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function retryAfterMs(res: BufferedResponse): number | undefined {
  const value = res.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

/** Access tokens on scaled endpoints say their hourly limit; use it to spread the load. */
function updateBudget(state: CredentialState, res: BufferedResponse): void {
  const limit = Number(res.headers.get('x-ratelimit-limit'));
  if (Number.isFinite(limit) && limit > 0) state.hourlyBudget = limit;
}

/** BBQL for the window: `updated_on > <UTC datetime> AND (state = "OPEN" OR …)`. */
export function pullRequestQuery(query: PullRequestQuery): string {
  const states = query.states ?? ALL_PULL_REQUEST_STATES;
  const since = query.updatedAfter.toISOString().replace('Z', '+00:00');
  return `updated_on > ${since} AND (${states.map((s) => `state = "${s}"`).join(' OR ')})`;
}

/** Query parameters in a stable order, so the same page compares equal however it is written. */
function normalizeUrl(url: string): string {
  const u = new URL(url);
  u.searchParams.sort();
  return u.toString();
}
