import {
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationLogger,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import {
  BitbucketGoneError,
  BitbucketScopeError,
} from '../../bitbucket/errors';
import { warnUser } from '../warn';

/** Answers that mean "these credentials may not read this", not "something broke". */
export function isRefusal(err: unknown): err is Error {
  return (
    err instanceof IntegrationProviderAuthenticationError ||
    err instanceof IntegrationProviderAuthorizationError ||
    err instanceof BitbucketGoneError
  );
}

/**
 * A refusal of the credential itself (invalid, missing a scope, endpoint removed): every other
 * resource of the workspace would answer the same. A plain 403 is the resource's own answer
 * ("the requesting user isn't an admin of the repository") and says nothing about the next one.
 */
export function refusesCredential(err: unknown): err is Error {
  return (
    err instanceof IntegrationProviderAuthenticationError ||
    err instanceof BitbucketScopeError ||
    err instanceof BitbucketGoneError
  );
}

/** What each access feature needs, in the words of Bitbucket's credential settings. */
export const NEEDS = {
  roles:
    'OAuth consumers need the "Account: Read" permission (API tokens read:workspace:bitbucket); workspace access tokens cannot read workspace permissions',
  projectPermissions:
    'OAuth consumers need "Projects: Admin" (project:admin; API tokens read:project:bitbucket) and the consumer owner must administer the project; workspace access tokens cannot read permissions',
  repoPermissions:
    'OAuth consumers need "Repositories: Admin" (repository:admin; API tokens read:repository:bitbucket) and the consumer owner must administer the repository; workspace access tokens cannot read permissions',
  branchRestrictions:
    'OAuth consumers and access tokens need "Repositories: Admin" (repository:admin; API tokens admin:repository:bitbucket)',
} as const;

/**
 * Tells the user which data could not be read, why (the client's error names the endpoint and
 * the credential, never a secret) and what the credential needs; the step then fails so
 * JupiterOne keeps what it had instead of deleting it.
 */
export function warnRefused(
  logger: IntegrationLogger,
  what: string,
  workspace: string,
  err: { message: string },
  needs: string,
): void {
  warnUser(
    logger,
    IntegrationWarnEventName.MissingPermission,
    `Bitbucket refused to return the ${what} of workspace "${workspace}" (${err.message}). ${needs}. They were not collected this run and are kept as they were in JupiterOne (partial dataset); the rest of the graph was collected.`,
  );
}
