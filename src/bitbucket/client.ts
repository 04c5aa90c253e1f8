// SURFACE STUB — the client helper replaces every body below; the signatures are the contract
// the steps are written against. Do not change a signature without updating src/steps.
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { ClientSettings } from '../config';
import {
  BitbucketProject,
  BitbucketPullRequest,
  BitbucketRepository,
  BitbucketV1Group,
  BitbucketWorkspace,
  BitbucketWorkspaceMembership,
} from './types';

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

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
}

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

export type ItemCallback<T> = (item: T) => void | Promise<void>;

export class BitbucketClient {
  constructor(
    readonly settings: ClientSettings,
    readonly logger: IntegrationLogger,
  ) {}

  /** Authenticates every credential concurrently; rejects naming the first bad one by position. */
  verifyCredentials(): Promise<CredentialCheck[]> {
    throw new Error('not implemented');
  }

  /** `GET /2.0/workspaces/{workspace}`; a missing workspace rejects with BitbucketNotFoundError. */
  getWorkspace(_workspace: string): Promise<BitbucketWorkspace> {
    throw new Error('not implemented');
  }

  iterateWorkspaceMembers(
    _workspace: string,
    _callback: ItemCallback<BitbucketWorkspaceMembership>,
  ): Promise<void> {
    throw new Error('not implemented');
  }

  /** `GET /1.0/groups/{workspace}` (a bare array, one call). */
  listGroups(_workspace: string): Promise<BitbucketV1Group[]> {
    throw new Error('not implemented');
  }

  iterateProjects(
    _workspace: string,
    _callback: ItemCallback<BitbucketProject>,
  ): Promise<void> {
    throw new Error('not implemented');
  }

  iterateRepositories(
    _workspace: string,
    _callback: ItemCallback<BitbucketRepository>,
  ): Promise<void> {
    throw new Error('not implemented');
  }

  /** `repository` is the repository's `{uuid}` (stable across renames) or slug. */
  iteratePullRequests(
    _workspace: string,
    _repository: string,
    _query: PullRequestQuery,
    _callback: ItemCallback<BitbucketPullRequest>,
  ): Promise<void> {
    throw new Error('not implemented');
  }

  getStats(): ClientStats {
    throw new Error('not implemented');
  }

  /** Logs the calls, 429s, retries and waits since the last call to this method, and the totals. */
  logStats(_label: string): void {
    throw new Error('not implemented');
  }
}
