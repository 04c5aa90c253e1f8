import { ClientSettings } from '../bitbucket/settings';
import { parseCredentials } from './credentials';
import {
  DEFAULT_API_BASE_URL,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_PULL_REQUEST_LOOKBACK_HOURS,
  DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  DEFAULT_TOKEN_URL,
  IntegrationConfig,
} from './fields';
import { parsePositiveNumber, parseUrl, requireVersionPath } from './parsers';
import { parseWorkspaces } from './workspaces';

export interface ParsedConfig {
  workspaces: string[];
  ingestPullRequests: boolean;
  enrichedPrs: boolean;
  /** Workspace roles, project and repository permissions, branch restrictions (default true). */
  ingestPermissions: boolean;
  pullRequestLookbackMs: number;
  client: ClientSettings;
}

function parseClientSettings(config: IntegrationConfig): ClientSettings {
  const seconds = (
    field:
      'maxConcurrency' | 'requestTimeoutSeconds' | 'rateLimitMaxWaitSeconds',
    fallback: number,
    options: { integer?: boolean; min: number; max: number },
  ) => parsePositiveNumber(field, config[field], fallback, options);
  // Credentials first: with none configured, that is the one thing to say.
  const credentials = parseCredentials(config);
  return {
    apiBaseUrl: requireVersionPath(
      'apiBaseUrl',
      parseUrl('apiBaseUrl', config.apiBaseUrl, DEFAULT_API_BASE_URL),
      DEFAULT_API_BASE_URL,
    ),
    tokenUrl: parseUrl('tokenUrl', config.tokenUrl, DEFAULT_TOKEN_URL),
    credentials,
    maxConcurrency: seconds('maxConcurrency', DEFAULT_MAX_CONCURRENCY, {
      integer: true,
      min: 1,
      max: 50,
    }),
    requestTimeoutMs:
      seconds('requestTimeoutSeconds', DEFAULT_REQUEST_TIMEOUT_SECONDS, {
        min: 0.05,
        max: 600,
      }) * 1000,
    rateLimitMaxWaitMs:
      seconds('rateLimitMaxWaitSeconds', DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS, {
        min: 0,
        max: 24 * 3600,
      }) * 1000,
  };
}

/**
 * Turns the user's configuration into settings, or throws an IntegrationValidationError that
 * names the variable and field at fault. Nothing secret is ever part of a message.
 */
function parseUncached(config: IntegrationConfig): ParsedConfig {
  const workspaces = parseWorkspaces(config.workspace);
  const client = parseClientSettings(config);
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
    client,
  };
}

/**
 * Keyed by the execution's own config object, so validation, start states and every step share
 * one parse, and another execution with another config gets its own. A config that fails is
 * not remembered: each caller sees the same error.
 */
const parsed = new WeakMap<IntegrationConfig, ParsedConfig>();

export function parseConfig(config: IntegrationConfig): ParsedConfig {
  let value = parsed.get(config);
  if (!value) {
    value = parseUncached(config);
    parsed.set(config, value);
  }
  return value;
}

/** The name the client registry and the steps know the run's one parse by. */
export const getParsedConfig = parseConfig;
