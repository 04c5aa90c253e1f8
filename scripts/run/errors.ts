import {
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

/** The user's to fix in `.env`: the configuration, or a credential it names. */
export function isConfigError(err: unknown): err is Error {
  return (
    err instanceof IntegrationValidationError ||
    err instanceof IntegrationProviderAuthenticationError ||
    err instanceof IntegrationProviderAuthorizationError
  );
}
