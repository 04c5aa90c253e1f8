/**
 * One Bitbucket client per execution, shared by validateInvocation and every step: keyed by the
 * execution's own config object, so a later execution with another config gets its own client
 * (never a module-level singleton that ignores it). This is where the client's settings are
 * put in the user's words: the client itself names no config field.
 */
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { BitbucketClient } from './bitbucket/client';
import { IntegrationConfig, ParsedConfig, parseConfig } from './config';

const parsed = new WeakMap<IntegrationConfig, ParsedConfig>();
const clients = new WeakMap<IntegrationConfig, BitbucketClient>();

/** A config field as the user edits it: `OAUTH_KEY (oauthKey)` (the SDK's env var rule). */
export function userField(field: string): string {
  return `${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()} (${field})`;
}

export function getParsedConfig(config: IntegrationConfig): ParsedConfig {
  let value = parsed.get(config);
  if (!value) {
    value = parseConfig(config);
    parsed.set(config, value);
  }
  return value;
}

export function getClient(context: {
  instance: { config: IntegrationConfig };
  logger: IntegrationLogger;
}): BitbucketClient {
  const config = context.instance.config;
  let client = clients.get(config);
  if (!client) {
    client = new BitbucketClient(
      getParsedConfig(config).client,
      context.logger,
      {},
      {
        rateLimitAdvice: `Add OAuth consumers (comma-delimited ${userField('oauthKey')} and ${userField('oauthSecret')}) or access tokens (${userField('accessTokens')}) to raise the hourly budget, or raise ${userField('rateLimitMaxWaitSeconds')} so the run waits for Bitbucket's next one-hour window.`,
      },
    );
    clients.set(config, client);
  }
  return client;
}
