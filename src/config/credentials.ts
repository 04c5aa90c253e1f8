import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';

import { CredentialConfig } from '../bitbucket/settings';
import { fieldLabel, IntegrationConfig } from './fields';
import { pairLists, requireNoEmptyEntries, splitList } from './parsers';

/** Every configured credential, each kind in its own list's order; at least one is required. */
export function parseCredentials(
  config: IntegrationConfig,
): CredentialConfig[] {
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
        `${fieldLabel('apiTokenEmail')} entry ${index + 1} is not an email address; Atlassian API tokens authenticate with the account's email.`,
      );
    }
    credentials.push({ kind: 'api-token', position: index + 1, email, token });
  });
  if (credentials.length === 0) {
    throw new IntegrationValidationError(
      `No Bitbucket credential is configured: set ${fieldLabel('oauthKey')} and ${fieldLabel('oauthSecret')} (OAuth consumers), ${fieldLabel('accessTokens')} (workspace access tokens), or ${fieldLabel('apiTokenEmail')} and ${fieldLabel('apiToken')} (Atlassian API tokens).`,
    );
  }
  return credentials;
}
