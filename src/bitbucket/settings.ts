/**
 * What the client is built from: the credentials (each kind written once) and the transport
 * settings. The configuration layer turns the user's fields into these; the client never
 * speaks config field names.
 */

/** One credential, named by its 1-based position within its own list and never by a secret. */
export type CredentialConfig =
  | { kind: 'oauth'; position: number; clientId: string; clientSecret: string }
  | { kind: 'access-token'; position: number; token: string }
  | { kind: 'api-token'; position: number; email: string; token: string };

export type CredentialKind = CredentialConfig['kind'];

export interface ClientSettings {
  apiBaseUrl: string;
  tokenUrl: string;
  credentials: CredentialConfig[];
  maxConcurrency: number;
  requestTimeoutMs: number;
  rateLimitMaxWaitMs: number;
}

/**
 * What the layer above wants said in its own words: the client names no config field, so
 * advice that points at one is handed in.
 */
export interface ClientWords {
  /** Logged once per run when the credentials run out of rate-limit budget. */
  rateLimitAdvice?: string;
}

/** A label for logs and errors: kind, position and the non-secret half, if there is one. */
export function describeCredential(credential: CredentialConfig): string {
  switch (credential.kind) {
    case 'oauth':
      return `OAuth consumer #${credential.position} (key ${credential.clientId})`;
    case 'access-token':
      return `access token #${credential.position}`;
    case 'api-token':
      return `API token #${credential.position} (${credential.email})`;
  }
}

/** Tuning the tests shorten; users never need to set these. */
export interface ClientTuning {
  /** Retries of one request after its first attempt (a token grant it needs included). */
  retries: number;
  retryMinMs: number;
  retryMaxMs: number;
  /**
   * The least wait before a probe after a 429 without `Retry-After` (the first, and between
   * two), so a credential whose limit is being learned never spins.
   */
  cooldownBaseMs: number;
  /** The longest step between two probes of a credential's window. */
  cooldownMaxMs: number;
  /** The least a `Retry-After` is taken as, so `0` or a past date never spins. */
  retryAfterFloorMs: number;
  /** How often a long wait for rate limits is logged. */
  waitLogEveryMs: number;
  /** Failed attempts in a row after which an endpoint is given up for the run. */
  breakerThreshold: number;
  /** The least time a run of failures must span before it opens a breaker. */
  breakerMinSpanMs: number;
  /** Validation's quick retries when the API or token URL does not answer as Bitbucket. */
  validationRetries: number;
  validationRetryMs: number;
  /** Validation's per-attempt timeout, at most the request timeout. */
  validationTimeoutMs: number;
}

export const DEFAULT_TUNING: ClientTuning = {
  retries: 5,
  retryMinMs: 1000,
  retryMaxMs: 30_000,
  cooldownBaseMs: 1_000,
  cooldownMaxMs: 300_000,
  retryAfterFloorMs: 1_000,
  waitLogEveryMs: 30_000,
  breakerThreshold: 8,
  breakerMinSpanMs: 30_000,
  validationRetries: 2,
  validationRetryMs: 500,
  validationTimeoutMs: 4_000,
};
