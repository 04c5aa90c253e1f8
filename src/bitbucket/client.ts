/**
 * The Bitbucket Cloud client shared by every step of a run: typed resources over the layers
 * below (pagination → dispatch → rate limit, routing, tokens → transport). Nothing here logs
 * or throws a secret, a token or a response body, and nothing names a config field: the
 * layer above puts the client's errors in the user's words.
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
} from '@jupiterone/integration-sdk-core';

import { Accounting, ClientStats } from './accounting';
import { assemble } from './assemble';
import { CredentialCheck, Discovery } from './discovery';
import { Call, Dispatcher } from './dispatch';
import { DuplicateWorkspaceError } from './errors';
import { ItemCallback, Paginator } from './pagination';
import { PullRequestQuery, pullRequestQuery } from './pull-request-query';
import { Reach, Routing } from './routing';
import {
  ClientSettings,
  ClientTuning,
  ClientWords,
  DEFAULT_TUNING,
} from './settings';
import {
  BitbucketProject,
  BitbucketPullRequest,
  BitbucketRepository,
  BitbucketV1Group,
  BitbucketWorkspace,
  BitbucketWorkspaceMembership,
} from './types';

export type { ClientStats, EndpointStats } from './accounting';
export type { CredentialCheck } from './discovery';
export type { ItemCallback } from './pagination';
export type { ClientTuning, ClientWords } from './settings';
export * from './pull-request-query';

/** One request to the API, as resource modules describe it. */
export interface ApiRequest {
  /** Template for stats, logs and errors, e.g. `GET /2.0/repositories/{workspace}`. */
  endpoint: string;
  /** After the /2.0 base, already URI-encoded, starting with '/'. */
  path: string;
  workspace: string;
  params?: Record<string, string>;
  /** What a credential must see to serve it; undefined = the whole workspace. */
  reach?: Reach;
}

/** The largest `pagelen` each endpoint accepts (100; 50 for pull requests). */
const PAGELEN = { default: 100, pullrequests: 50 };

export class BitbucketClient {
  private readonly accounting = new Accounting();
  private readonly routing: Routing;
  private readonly dispatcher: Dispatcher;
  private readonly paginator: Paginator;
  private readonly discovery: Discovery;
  private readonly apiBase: string;
  /** Workspaces as validation read them, by the name they were configured with. */
  private readonly validated = new Map<string, BitbucketWorkspace>();
  private readonly v1Base: string;

  constructor(
    readonly settings: ClientSettings,
    readonly logger: IntegrationLogger,
    tuning: Partial<ClientTuning> = {},
    words: ClientWords = {},
  ) {
    this.apiBase = settings.apiBaseUrl.replace(/\/+$/, '');
    // The legacy groups API sits beside /2.0 on the same host.
    this.v1Base = this.apiBase.replace(/\/2\.0$/, '/1.0');
    const layers = assemble({
      settings,
      tuning: { ...DEFAULT_TUNING, ...tuning },
      words,
      apiBase: this.apiBase,
      accounting: this.accounting,
      logger,
      workspaceCall: (workspace) => this.workspaceCall(workspace),
      nameWorkspace: (configured, found) => {
        this.nameWorkspace(configured, found);
        // Validation has just read the workspace: the workspace step uses that answer once
        // instead of asking again (one call per workspace).
        if (found) this.validated.set(configured, found as BitbucketWorkspace);
      },
    });
    this.routing = layers.routing;
    this.dispatcher = layers.dispatcher;
    this.paginator = layers.paginator;
    this.discovery = layers.discovery;
  }

  /**
   * Authenticates every credential concurrently and finds which configured workspaces each can
   * read and whether it sees them whole. From then on a request goes only to credentials that
   * can serve it. Rejects naming the first bad credential by position.
   */
  verifyCredentials(workspaces: string[]): Promise<CredentialCheck[]> {
    return this.discovery.verify(workspaces);
  }

  /** A paginated listing, at the largest `pagelen` unless `params.pagelen` says otherwise. */
  list<T>(request: ApiRequest, callback: ItemCallback<T>): Promise<void> {
    return this.paginator.paginate(
      this.toCall(request, { pagelen: String(PAGELEN.default) }),
      callback,
    );
  }

  get<T>(request: ApiRequest): Promise<T> {
    return this.dispatcher.request<T>(this.toCall(request));
  }

  /** `GET /2.0/workspaces/{workspace}`; a missing workspace rejects with BitbucketNotFoundError. */
  async getWorkspace(workspace: string): Promise<BitbucketWorkspace> {
    const validated = this.validated.get(workspace);
    if (validated) {
      this.validated.delete(workspace);
      return validated;
    }
    const found = await this.dispatcher.request<BitbucketWorkspace>(
      this.workspaceCall(workspace),
    );
    this.nameWorkspace(workspace, found);
    return found;
  }

  iterateWorkspaceMembers(
    workspace: string,
    callback: ItemCallback<BitbucketWorkspaceMembership>,
  ): Promise<void> {
    return this.listWhole(
      '/workspaces/{workspace}/members',
      workspace,
      callback,
    );
  }

  /** `GET /1.0/groups/{workspace}` (a bare array, one call). */
  async listGroups(workspace: string): Promise<BitbucketV1Group[]> {
    const endpoint = 'GET /1.0/groups/{workspace}';
    const groups = await this.dispatcher.request<unknown>({
      endpoint,
      url: `${this.v1Base}/groups/${encodeURIComponent(workspace)}`,
      workspace,
    });
    if (!Array.isArray(groups)) {
      throw new IntegrationProviderAPIError({
        endpoint,
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
    return this.listWhole(
      '/workspaces/{workspace}/projects',
      workspace,
      callback,
    );
  }

  iterateRepositories(
    workspace: string,
    callback: ItemCallback<BitbucketRepository>,
  ): Promise<void> {
    return this.listWhole('/repositories/{workspace}', workspace, callback);
  }

  /** A listing across the whole workspace: only credentials that see all of it serve it. */
  private listWhole<T>(
    template: string,
    workspace: string,
    callback: ItemCallback<T>,
  ): Promise<void> {
    const path = template.replace('{workspace}', encodeURIComponent(workspace));
    return this.list(
      { endpoint: `GET /2.0${template}`, path, workspace },
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
    return this.list(
      {
        endpoint: 'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests',
        path: `/repositories/${encodeURIComponent(workspace)}/${encodeURIComponent(repository)}/pullrequests`,
        workspace,
        params,
        reach: { repository },
      },
      callback,
    );
  }

  getStats(): ClientStats {
    const stats = this.accounting.snapshot();
    for (const state of this.routing.states) {
      const { windowMs } = state.estimates;
      if (windowMs === undefined) continue;
      (stats.byCredential[state.label] ??= {
        calls: 0,
        rateLimited: 0,
      }).windowMs = windowMs;
    }
    return stats;
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

  private toCall(
    request: ApiRequest,
    defaults: Record<string, string> = {},
  ): Call {
    const url = new URL(`${this.apiBase}${request.path}`);
    // URLSearchParams writes `+` as %2B and spaces as `+`, the encoding BBQL and fields= need.
    for (const [k, v] of Object.entries({ ...defaults, ...request.params }))
      url.searchParams.set(k, v);
    return {
      endpoint: request.endpoint,
      url: url.toString(),
      workspace: request.workspace,
      reach: request.reach,
    };
  }

  private workspaceCall(workspace: string): Call {
    return {
      endpoint: 'GET /2.0/workspaces/{workspace}',
      url: `${this.apiBase}/workspaces/${encodeURIComponent(workspace)}`,
      workspace,
    };
  }

  /**
   * A workspace may be configured by slug in any case or by `{uuid}`; later requests use the
   * slug Bitbucket returned, so both must lead to the credentials that can read it. The same
   * workspace configured twice under two names is a configuration error.
   */
  private nameWorkspace(
    configured: string,
    found: Record<string, unknown> | undefined,
  ): void {
    const other = this.routing.nameWorkspace(configured, [
      found?.slug,
      found?.uuid,
    ]);
    if (other !== undefined)
      throw new DuplicateWorkspaceError(other, configured);
  }
}
