import {
  IntegrationInstanceConfig,
  IntegrationInstanceConfigFieldMap,
} from '@jupiterone/integration-sdk-core';

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

export type ConfigField = keyof typeof instanceConfigFields;

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
/**
 * Bitbucket's rate-limit window is one hour: waiting an hour and five minutes lets a run that
 * needs more than one hour's budget carry on in the next window instead of failing.
 */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 3900;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;

/** The environment variable the SDK reads a field from (`oauthKey` → `OAUTH_KEY`). */
export function envVarName(field: ConfigField): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * How every message names a field: the variable the user edits in `.env`, with the field name
 * that a JupiterOne instance configuration shows beside it, e.g. `OAUTH_KEY (oauthKey)`.
 */
export function fieldLabel(field: ConfigField): string {
  return `${envVarName(field)} (${field})`;
}
