import { IntegrationProviderAPIError } from '@jupiterone/integration-sdk-core';

/** A 404 the caller may tolerate (a repository deleted between listing and reading). */
export class BitbucketNotFoundError extends IntegrationProviderAPIError {
  constructor(endpoint: string, statusText = 'Not Found') {
    super({ endpoint, status: 404, statusText });
    this.name = 'BitbucketNotFoundError';
  }
}

/** A 410: Bitbucket removed the resource (e.g. CHANGE-2770, legacy 1.0 APIs). */
export class BitbucketGoneError extends IntegrationProviderAPIError {
  constructor(endpoint: string, statusText = 'Gone') {
    super({ endpoint, status: 410, statusText });
    this.name = 'BitbucketGoneError';
  }
}
