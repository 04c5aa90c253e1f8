/**
 * One Bitbucket client per execution, shared by validateInvocation and every step: keyed by the
 * execution's own config object, so a later execution with another config gets its own client
 * (never a module-level singleton that ignores it).
 */
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { BitbucketClient } from './bitbucket/client';
import { getParsedConfig, IntegrationConfig } from './config';

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
    );
    clients.set(config, client);
  }
  return client;
}
