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

export interface ClientSettings {
  apiBaseUrl: string;
  tokenUrl: string;
  credentials: CredentialConfig[];
  maxConcurrency: number;
  requestTimeoutMs: number;
  rateLimitMaxWaitMs: number;
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
