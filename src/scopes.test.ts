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

  it('lets project imply repository, as Bitbucket documents', () => {
    expect(
      missingScopes('oauth', ['account', 'project', 'pullrequest'], all),
    ).toEqual([]);
    expect(missingScopes('oauth', ['account', 'project'], noPrs)).toEqual([]);
  });

  it('does not let admin or write-only scopes stand in for read ones', () => {
    // "This scope doesn't implicitly grant the project scope" (project:admin), and likewise
    // repository:admin for repository; account:write is not documented to imply account.
    expect(
      missingScopes(
        'oauth',
        ['account:write', 'project:admin', 'repository:admin'],
        noPrs,
      ),
    ).toEqual(['account', 'project', 'repository']);
  });

  it('lets pullrequest:write imply pullrequest and repository', () => {
    expect(
      missingScopes('oauth', ['account', 'project', 'pullrequest:write'], all),
    ).toEqual([]);
    expect(missingScopes('oauth', ['pullrequest:write'], all)).toEqual([
      'account',
      'project',
    ]);
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
