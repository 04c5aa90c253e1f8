/**
 * One Bitbucket client per execution, shared by validateInvocation and every step: keyed by the
 * execution's own config object, so a later execution with another config gets its own client
 * (never a module-level singleton that ignores it). This is where the client's settings are
 * put in the user's words: the client itself names no config field.
 */
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { BitbucketClient } from './bitbucket/client';
import { fieldLabel, getParsedConfig, IntegrationConfig } from './config';

// The per-config parse cache lives with the parser now (src/config/parse.ts).
export { getParsedConfig };

const clients = new WeakMap<IntegrationConfig, BitbucketClient>();

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
        rateLimitAdvice: `Add OAuth consumers (comma-delimited ${fieldLabel('oauthKey')} and ${fieldLabel('oauthSecret')}) or access tokens (${fieldLabel('accessTokens')}) to raise the hourly budget, or raise ${fieldLabel('rateLimitMaxWaitSeconds')} so the run waits for Bitbucket's next one-hour window.`,
      },
    );
    clients.set(config, client);
  }
  return client;
}
