import {
  IntegrationInstanceConfig,
  IntegrationInstanceConfigFieldMap,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

import {
  ClientSettings,
  CredentialConfig,
  describeCredential,
} from './bitbucket/settings';

export type { ClientSettings, CredentialConfig };
export { describeCredential };

/**
 * Instance configuration. Field names are the ones existing JupiterOne instances already use
 * (`oauthKey`, `oauthSecret`, `workspace`, `ingestPullRequests`, `enrichedPrs`); environment
 * variables follow the SDK rule `snakeCase(field).toUpperCase()`.
 */
export const instanceConfigFields = {
  workspace: {
    type: 'string',
    // A comma-delimited list of workspace slugs (or `{uuid}`s).
  },
  oauthKey: {
    type: 'string',
    optional: true,
  },
  oauthSecret: {
    type: 'string',
    mask: true,
    optional: true,
  },
  accessTokens: {
    type: 'string',
    mask: true,
    optional: true,
  },
  apiTokenEmail: {
    type: 'string',
    optional: true,
  },
  apiToken: {
    type: 'string',
    mask: true,
    optional: true,
  },
  ingestPullRequests: {
    type: 'boolean',
    optional: true,
  },
  enrichedPrs: {
    type: 'boolean',
    optional: true,
  },
  ingestPermissions: {
    type: 'boolean',
    optional: true,
  },
  pullRequestLookbackHours: {
    type: 'string',
    optional: true,
  },
  apiBaseUrl: {
    type: 'string',
    optional: true,
  },
  tokenUrl: {
    type: 'string',
    optional: true,
  },
  maxConcurrency: {
    type: 'string',
    optional: true,
  },
  rateLimitMaxWaitSeconds: {
    type: 'string',
    optional: true,
  },
  requestTimeoutSeconds: {
    type: 'string',
    optional: true,
  },
} satisfies IntegrationInstanceConfigFieldMap;

/** The instance configuration as the SDK hands it over (strings straight from the user). */
export interface IntegrationConfig extends IntegrationInstanceConfig {
  workspace: string;
  oauthKey?: string;
  oauthSecret?: string;
  accessTokens?: string;
  apiTokenEmail?: string;
  apiToken?: string;
  ingestPullRequests?: boolean;
  enrichedPrs?: boolean;
  ingestPermissions?: boolean;
  pullRequestLookbackHours?: string | number;
  apiBaseUrl?: string;
  tokenUrl?: string;
  maxConcurrency?: string | number;
  rateLimitMaxWaitSeconds?: string | number;
  requestTimeoutSeconds?: string | number;
}

export const DEFAULT_API_BASE_URL = 'https://api.bitbucket.org/2.0';
export const DEFAULT_TOKEN_URL =
  'https://bitbucket.org/site/oauth2/access_token';
export const DEFAULT_PULL_REQUEST_LOOKBACK_HOURS = 24;
export const DEFAULT_MAX_CONCURRENCY = 5;
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 1800;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

export interface ParsedConfig {
  workspaces: string[];
  ingestPullRequests: boolean;
  enrichedPrs: boolean;
  /** Workspace roles, project and repository permissions, branch restrictions (default true). */
  ingestPermissions: boolean;
  pullRequestLookbackMs: number;
  client: ClientSettings;
}

function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === null || String(value).trim() === '') {
    return undefined;
  }
  return String(value)
    .split(',')
    .map((entry) => entry.trim());
}

function requireNoEmptyEntries(field: string, entries: string[]): void {
  const empty = entries.findIndex((entry) => entry === '');
  if (empty !== -1) {
    throw new IntegrationValidationError(
      `Config field "${field}" has an empty entry at position ${empty + 1}; remove the stray comma or fill it in.`,
    );
  }
}

function parsePositiveNumber(
  field: string,
  value: string | number | undefined,
  fallback: number,
  options: { integer?: boolean; min?: number; max?: number } = {},
): number {
  if (value === undefined || value === null || String(value).trim() === '') {
    return fallback;
  }
  const text = String(value).trim();
  const parsed = Number(text);
  const { integer = false, min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  if (
    !/^\d+(\.\d+)?$/.test(text) ||
    !Number.isFinite(parsed) ||
    (integer && !Number.isInteger(parsed)) ||
    parsed < min ||
    parsed > max
  ) {
    throw new IntegrationValidationError(
      `Config field "${field}" must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; got "${text}".`,
    );
  }
  return parsed;
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** The 2.0 API's base: the legacy groups API is found beside it, at `/1.0`. */
function requireVersionPath(apiBaseUrl: string): string {
  if (!new URL(apiBaseUrl).pathname.endsWith('/2.0')) {
    throw new IntegrationValidationError(
      `Config field "apiBaseUrl" must end with the API version /2.0, as in ${DEFAULT_API_BASE_URL} (the legacy groups API is read beside it, at /1.0).`,
    );
  }
  return apiBaseUrl;
}

function parseUrl(
  field: string,
  value: string | undefined,
  fallback: string,
): string {
  const text =
    value === undefined || value.trim() === '' ? fallback : value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IntegrationValidationError(
      `Config field "${field}" is not a valid URL.`,
    );
  }
  if (url.username || url.password) {
    throw new IntegrationValidationError(
      `Config field "${field}" must not carry credentials in the URL.`,
    );
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && isLoopbackHost(url.hostname))
  ) {
    throw new IntegrationValidationError(
      `Config field "${field}" must use https:// (plain http:// is allowed only for a loopback address such as 127.0.0.1); got "${url.protocol}//${url.host}".`,
    );
  }
  return text.replace(/\/+$/, '');
}

function pairLists(
  keyField: string,
  keys: string[] | undefined,
  secretField: string,
  secrets: string[] | undefined,
): Array<[string, string]> {
  if (!keys && !secrets) return [];
  if (!keys || !secrets) {
    const [present, missing] = keys
      ? [keyField, secretField]
      : [secretField, keyField];
    throw new IntegrationValidationError(
      `Config field "${missing}" is required when "${present}" is set.`,
    );
  }
  requireNoEmptyEntries(keyField, keys);
  requireNoEmptyEntries(secretField, secrets);
  if (keys.length !== secrets.length) {
    throw new IntegrationValidationError(
      `Config fields "${keyField}" and "${secretField}" must list the same number of comma-delimited entries, in the same order; "${keyField}" has ${keys.length} and "${secretField}" has ${secrets.length}.`,
    );
  }
  return keys.map((key, index) => [key, secrets[index]]);
}

/**
 * Turns the user's configuration into settings, or throws an IntegrationValidationError that
 * names the field at fault. Nothing secret is ever part of a message.
 */
export function parseConfig(config: IntegrationConfig): ParsedConfig {
  const workspaces = splitList(config.workspace);
  if (!workspaces) {
    throw new IntegrationValidationError(
      'Config field "workspace" is required: the slug of the Bitbucket workspace to collect (several may be comma-delimited).',
    );
  }
  requireNoEmptyEntries('workspace', workspaces);
  const duplicate = workspaces.find(
    (slug, index) =>
      workspaces.findIndex(
        (other) => other.toLowerCase() === slug.toLowerCase(),
      ) !== index,
  );
  if (duplicate) {
    throw new IntegrationValidationError(
      `Config field "workspace" lists "${duplicate}" more than once.`,
    );
  }

  const credentials: CredentialConfig[] = [];
  pairLists(
    'oauthKey',
    splitList(config.oauthKey),
    'oauthSecret',
    splitList(config.oauthSecret),
  ).forEach(([clientId, clientSecret], index) =>
    credentials.push({
      kind: 'oauth',
      position: index + 1,
      clientId,
      clientSecret,
    }),
  );
  const accessTokens = splitList(config.accessTokens);
  if (accessTokens) {
    requireNoEmptyEntries('accessTokens', accessTokens);
    accessTokens.forEach((token, index) =>
      credentials.push({ kind: 'access-token', position: index + 1, token }),
    );
  }
  pairLists(
    'apiTokenEmail',
    splitList(config.apiTokenEmail),
    'apiToken',
    splitList(config.apiToken),
  ).forEach(([email, token], index) => {
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw new IntegrationValidationError(
        `Config field "apiTokenEmail" entry ${index + 1} is not an email address; Atlassian API tokens authenticate with the account's email.`,
      );
    }
    credentials.push({ kind: 'api-token', position: index + 1, email, token });
  });
  if (credentials.length === 0) {
    throw new IntegrationValidationError(
      'No Bitbucket credential is configured: set "oauthKey" and "oauthSecret" (OAuth consumers), "accessTokens" (workspace access tokens), or "apiTokenEmail" and "apiToken" (Atlassian API tokens).',
    );
  }

  const lookbackHours = parsePositiveNumber(
    'pullRequestLookbackHours',
    config.pullRequestLookbackHours,
    DEFAULT_PULL_REQUEST_LOOKBACK_HOURS,
    { min: 1, max: 24 * 366 },
  );

  return {
    workspaces,
    ingestPullRequests: config.ingestPullRequests ?? true,
    enrichedPrs: config.enrichedPrs ?? true,
    ingestPermissions: config.ingestPermissions ?? true,
    pullRequestLookbackMs: Math.round(lookbackHours * 3600 * 1000),
    client: {
      apiBaseUrl: requireVersionPath(
        parseUrl('apiBaseUrl', config.apiBaseUrl, DEFAULT_API_BASE_URL),
      ),
      tokenUrl: parseUrl('tokenUrl', config.tokenUrl, DEFAULT_TOKEN_URL),
      credentials,
      maxConcurrency: parsePositiveNumber(
        'maxConcurrency',
        config.maxConcurrency,
        DEFAULT_MAX_CONCURRENCY,
        {
          integer: true,
          min: 1,
          max: 50,
        },
      ),
      requestTimeoutMs:
        parsePositiveNumber(
          'requestTimeoutSeconds',
          config.requestTimeoutSeconds,
          DEFAULT_REQUEST_TIMEOUT_SECONDS,
          {
            min: 0.05,
            max: 600,
          },
        ) * 1000,
      rateLimitMaxWaitMs:
        parsePositiveNumber(
          'rateLimitMaxWaitSeconds',
          config.rateLimitMaxWaitSeconds,
          DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS,
          { min: 0, max: 24 * 3600 },
        ) * 1000,
    },
  };
}
