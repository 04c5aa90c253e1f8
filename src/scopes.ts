/**
 * What each enabled feature needs, in both of Bitbucket's scope vocabularies: the OAuth and
 * access-token names (`account`, `pullrequest`, …), where a broader scope implies narrower ones,
 * and the granular API-token names (`read:workspace:bitbucket`, …), which imply nothing.
 */

export type CredentialKind = 'oauth' | 'access-token' | 'api-token';

export type Feature =
  | 'members'
  | 'projects'
  | 'repositories'
  | 'pullRequests'
  | 'projectPermissions'
  | 'repositoryPermissions'
  | 'branchRestrictions';

interface ScopeRequirement {
  feature: Feature;
  oauth: string;
  apiToken: string;
  /**
   * What a workspace access token needs, when it differs from `oauth`; `null` when it is not
   * asked for: access tokens cannot read permission endpoints with any scope, so those steps
   * end partial for them instead of failing validation.
   */
  accessToken?: string | null;
}

/** "Ingest Permissions": roles need nothing beyond `members`; the rest needs admin scopes. */
const PERMISSION_FEATURES: Feature[] = [
  'projectPermissions',
  'repositoryPermissions',
  'branchRestrictions',
];

const REQUIREMENTS: ScopeRequirement[] = [
  {
    feature: 'members',
    oauth: 'account',
    apiToken: 'read:workspace:bitbucket',
  },
  { feature: 'projects', oauth: 'project', apiToken: 'read:project:bitbucket' },
  {
    feature: 'repositories',
    oauth: 'repository',
    apiToken: 'read:repository:bitbucket',
  },
  {
    feature: 'pullRequests',
    oauth: 'pullrequest',
    apiToken: 'read:pullrequest:bitbucket',
  },
  {
    feature: 'projectPermissions',
    oauth: 'project:admin',
    apiToken: 'read:project:bitbucket',
    accessToken: null,
  },
  {
    feature: 'repositoryPermissions',
    oauth: 'repository:admin',
    apiToken: 'read:repository:bitbucket',
    accessToken: null,
  },
  {
    feature: 'branchRestrictions',
    oauth: 'repository:admin',
    apiToken: 'admin:repository:bitbucket',
  },
];

/**
 * Scopes that a granted OAuth/access-token scope implies, as the API's "Authentication methods"
 * guide documents them: `project`, `repository:write` and `pullrequest` imply `repository`;
 * `pullrequest:write` implies `pullrequest` and `repository:write`. The admin scopes imply
 * nothing ("doesn't implicitly grant the `project` scope", "… the `repository` … scopes"), and
 * nothing is documented for `account:write`.
 */
const IMPLIED: Record<string, string[]> = {
  project: ['repository'],
  'repository:write': ['repository'],
  pullrequest: ['repository'],
  'pullrequest:write': ['pullrequest', 'repository:write'],
};

function expand(scopes: string[]): Set<string> {
  const all = new Set<string>();
  const visit = (scope: string) => {
    if (all.has(scope)) return;
    all.add(scope);
    (IMPLIED[scope] ?? []).forEach(visit);
  };
  scopes.forEach(visit);
  return all;
}

export function requiredScopeGroups(options: {
  ingestPullRequests: boolean;
  ingestPermissions?: boolean;
}): ScopeRequirement[] {
  return REQUIREMENTS.filter(
    (r) =>
      (r.feature !== 'pullRequests' || options.ingestPullRequests) &&
      (!PERMISSION_FEATURES.includes(r.feature) || options.ingestPermissions),
  );
}

/** The scope names (in the credential's own vocabulary) it lacks for the given needs. */
export function missingScopes(
  kind: CredentialKind,
  granted: string[],
  needed: ScopeRequirement[],
): string[] {
  if (kind === 'api-token') {
    const have = new Set(granted);
    return [...new Set(needed.map((r) => r.apiToken))].filter(
      (scope) => !have.has(scope),
    );
  }
  const have = expand(granted);
  const names = needed.flatMap((r) => {
    const name =
      kind === 'access-token' && r.accessToken !== undefined
        ? r.accessToken
        : r.oauth;
    return name === null ? [] : [name];
  });
  return [...new Set(names)].filter((scope) => !have.has(scope));
}
