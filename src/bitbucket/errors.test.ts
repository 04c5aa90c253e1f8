import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';

import { BitbucketScopeError, statusError } from './errors';

const scopeBody = JSON.stringify({
  type: 'error',
  error: {
    message: 'Your credentials lack one or more required privilege scopes.',
    detail: { required: ['repository:admin'], granted: ['repository'] },
  },
});
const notAdminBody = JSON.stringify({
  type: 'error',
  error: { message: "The requesting user isn't an admin of the repository." },
});

describe('statusError: a 403', () => {
  const at = (body?: string) =>
    statusError(
      'GET /x',
      403,
      'Forbidden',
      { kind: 'oauth', position: 1, clientId: 'k', clientSecret: 'secret' },
      body,
    );

  test('naming required scopes is a refusal of the credential', () => {
    const err = at(scopeBody);
    expect(err).toBeInstanceOf(BitbucketScopeError);
    expect(err.message).toContain('with OAuth consumer #1');
    expect(err.message).not.toContain('repository:admin');
  });

  test('without them (not an admin, no body, not JSON) is the resource refusing', () => {
    for (const body of [notAdminBody, undefined, '<html>', 'null']) {
      const err = at(body);
      expect(err).toBeInstanceOf(IntegrationProviderAuthorizationError);
      expect(err).not.toBeInstanceOf(BitbucketScopeError);
    }
  });
});
