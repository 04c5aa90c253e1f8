/**
 * The client's errors. They carry the endpoint and the status, never a body, a token or a
 * config field name: the layer above puts them in the user's words.
 */
import {
  IntegrationProviderAPIError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

import {
  CredentialConfig,
  CredentialKind,
  describeCredential,
} from './settings';

/** A 404 the caller may tolerate (a repository deleted between listing and reading). */
export class BitbucketNotFoundError extends IntegrationProviderAPIError {
  constructor(endpoint: string, statusText = 'Not Found') {
    super({ endpoint, status: 404, statusText });
    this.name = 'BitbucketNotFoundError';
  }
}

/** A 410: Bitbucket removed the resource (e.g. CHANGE-2770, legacy 1.0 APIs). */
export class BitbucketGoneError extends IntegrationProviderAPIError {
  constructor(endpoint: string, statusText = 'Gone') {
    super({ endpoint, status: 410, statusText });
    this.name = 'BitbucketGoneError';
  }
}

/**
 * An attempt worth repeating: 5xx, resets, timeouts, cut or unparsable bodies, a bad `next`.
 * `endpoint` is where it failed (a request's token grant fails at the token endpoint).
 */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly status: number | string,
    readonly endpoint?: string,
    /** The network error code (ECONNREFUSED, ENOTFOUND, CERT_…) when there was no answer. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

/** An endpoint that failed too many times in a row: not asked again this run. */
export class CircuitOpenError extends IntegrationProviderAPIError {
  constructor(
    readonly key: string,
    failures: number,
    readonly lastStatus: number | string,
  ) {
    super({
      endpoint: key,
      status: lastStatus,
      statusText: `${failures} attempts in a row failed (last: ${lastStatus}), so the run stopped sending to it`,
    });
    this.name = 'CircuitOpenError';
  }
}

/**
 * While validating: the API or the token URL did not answer as Bitbucket does (no connection,
 * TLS or DNS failure, an HTML page, a 404 without Bitbucket's error JSON).
 */
export class NotBitbucketError extends Error {
  constructor(
    readonly target: 'api' | 'token',
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url} does not answer as Bitbucket: ${reason}`);
    this.name = 'NotBitbucketError';
  }
}

/** One workspace configured under two names (slug and `{uuid}`, or two cases). */
export class DuplicateWorkspaceError extends IntegrationValidationError {
  constructor(
    readonly first: string,
    readonly second: string,
  ) {
    super(
      `The same workspace is configured twice, as "${first}" and as "${second}".`,
    );
    this.name = 'DuplicateWorkspaceError';
  }
}

/** Which configured credential was refused, without its secret. */
export interface RefusedCredential {
  label: string;
  kind: CredentialKind;
  /** 1-based position in its kind's list. */
  position: number;
  /** The OAuth key or the API token's email: not secrets, and what the user recognises. */
  identity?: string;
}

export function refusedCredential(config: CredentialConfig): RefusedCredential {
  return {
    label: describeCredential(config),
    kind: config.kind,
    position: config.position,
    identity:
      config.kind === 'oauth'
        ? config.clientId
        : config.kind === 'api-token'
          ? config.email
          : undefined,
  };
}

/**
 * Bitbucket refused a credential itself: the token endpoint refused an OAuth key and secret
 * (`reason` is the OAuth error code), or the API answered 401 (`reason` is `401`).
 */
export class CredentialRefusedError extends IntegrationProviderAuthenticationError {
  constructor(
    readonly credential: RefusedCredential,
    readonly reason: string,
    endpoint: string,
    status: number,
    statusText: string,
  ) {
    super({
      endpoint: `${endpoint} for ${credential.label}`,
      status,
      statusText,
    });
  }
}

export function authenticationError(
  credential: CredentialConfig,
  endpoint: string,
  status: number,
): IntegrationProviderAuthenticationError {
  return new CredentialRefusedError(
    refusedCredential(credential),
    String(status),
    endpoint,
    status,
    'Unauthorized: the credential is invalid, expired or revoked',
  );
}

/**
 * A 403 that names the scopes the endpoint requires: the credential itself lacks them, so every
 * resource behind the endpoint will refuse it too (unlike "not an admin of this repository").
 */
export class BitbucketScopeError extends IntegrationProviderAuthorizationError {
  constructor(endpoint: string) {
    super({
      endpoint,
      status: 403,
      statusText: 'Forbidden: the credential lacks a scope this resource needs',
    });
    this.name = 'BitbucketScopeError';
  }
}

/** Bitbucket's scope refusal: `{"error": {"detail": {"required": [...]}}}`; the body is not kept. */
function isScopeRefusalBody(body: string | undefined): boolean {
  try {
    const parsed = JSON.parse(body ?? '') as {
      error?: { detail?: { required?: unknown } };
    } | null;
    return Array.isArray(parsed?.error?.detail?.required);
  } catch {
    return false;
  }
}

/** The typed error for a 4xx that is the resource's own answer. */
export function statusError(
  endpoint: string,
  status: number,
  statusText: string,
  credential: CredentialConfig,
  body?: string,
): IntegrationProviderAPIError {
  const label = describeCredential(credential);
  switch (status) {
    case 401:
      return authenticationError(credential, endpoint, 401);
    case 403:
      if (isScopeRefusalBody(body))
        return new BitbucketScopeError(`${endpoint} with ${label}`);
      return new IntegrationProviderAuthorizationError({
        endpoint: `${endpoint} with ${label}`,
        status: 403,
        statusText:
          'Forbidden: the credential lacks a scope or permission this resource needs',
      });
    case 404:
      return new BitbucketNotFoundError(endpoint);
    case 410:
      return new BitbucketGoneError(endpoint);
    default:
      return new IntegrationProviderAPIError({ endpoint, status, statusText });
  }
}

/**
 * An access token whose scopes validation could not read (rate limited) answered without
 * `account`: a project or repository access token, which must not answer workspace listings.
 */
export function narrowTokenError(
  label: string,
): IntegrationProviderAuthorizationError {
  return new IntegrationProviderAuthorizationError({
    endpoint: label,
    status: 403,
    statusText: `has no "account" permission, so it is a project or repository access token (they cannot have it) that sees only part of the workspace, and listings it answered would silently leave out the rest (validation could not read its scopes: it was rate limited); configure a credential that sees the whole workspace`,
  });
}
