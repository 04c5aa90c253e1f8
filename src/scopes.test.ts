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

describe('permission scopes ("Ingest Permissions")', () => {
  const withPermissions = requiredScopeGroups({
    ingestPullRequests: true,
    ingestPermissions: true,
  });

  it('asks OAuth consumers for the admin scopes and names each missing one', () => {
    expect(
      missingScopes(
        'oauth',
        ['pullrequest', 'repository:admin', 'project', 'account'],
        withPermissions,
      ),
    ).toEqual(['project:admin']);
    expect(
      missingScopes(
        'oauth',
        ['pullrequest', 'project', 'account'],
        withPermissions,
      ),
    ).toEqual(['project:admin', 'repository:admin']);
    expect(
      missingScopes(
        'oauth',
        [
          'pullrequest',
          'project',
          'account',
          'project:admin',
          'repository:admin',
        ],
        withPermissions,
      ),
    ).toEqual([]);
  });

  it('asks access tokens only for what they can use: repository:admin for branch restrictions', () => {
    expect(
      missingScopes(
        'access-token',
        ['account', 'project', 'pullrequest'],
        withPermissions,
      ),
    ).toEqual(['repository:admin']);
    expect(
      missingScopes(
        'access-token',
        ['account', 'project', 'pullrequest', 'repository:admin'],
        withPermissions,
      ),
    ).toEqual([]);
  });

  it('asks API tokens for the spec granular scopes', () => {
    expect(
      missingScopes(
        'api-token',
        [
          'read:workspace:bitbucket',
          'read:project:bitbucket',
          'read:repository:bitbucket',
          'read:pullrequest:bitbucket',
        ],
        withPermissions,
      ),
    ).toEqual(['admin:repository:bitbucket']);
  });

  it('asks nothing more when permissions are off', () => {
    expect(
      requiredScopeGroups({
        ingestPullRequests: true,
        ingestPermissions: false,
      }),
    ).toEqual(requiredScopeGroups({ ingestPullRequests: true }));
  });
});
