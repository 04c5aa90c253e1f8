import { missingScopes, requiredScopeGroups } from './scopes';

describe('missingScopes', () => {
  const all = requiredScopeGroups({ ingestPullRequests: true });
  const noPrs = requiredScopeGroups({ ingestPullRequests: false });

  it('accepts the OAuth scopes the recorded consumer had', () => {
    expect(
      missingScopes(
        'oauth',
        ['pullrequest', 'repository:admin', 'project', 'account'],
        all,
      ),
    ).toEqual([]);
  });

  it('lets pullrequest imply repository, as Bitbucket documents', () => {
    expect(
      missingScopes('oauth', ['pullrequest', 'project', 'account'], all),
    ).toEqual([]);
  });

  it('names each missing OAuth scope', () => {
    expect(missingScopes('oauth', ['repository'], all)).toEqual([
      'account',
      'project',
      'pullrequest',
    ]);
  });

  it('does not require pullrequest when pull requests are off', () => {
    expect(
      missingScopes(
        'access-token',
        ['account', 'project', 'repository'],
        noPrs,
      ),
    ).toEqual([]);
  });

  it('uses granular names for API tokens, which imply nothing', () => {
    expect(
      missingScopes(
        'api-token',
        [
          'read:workspace:bitbucket',
          'read:project:bitbucket',
          'read:pullrequest:bitbucket',
        ],
        all,
      ),
    ).toEqual(['read:repository:bitbucket']);
  });
});
