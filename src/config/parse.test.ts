import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';

import {
  DEFAULT_API_BASE_URL,
  DEFAULT_TOKEN_URL,
  IntegrationConfig,
  describeCredential,
  parseConfig,
} from '.';

const SECRET = 'S3cr3t-never-echo';

function config(overrides: Partial<IntegrationConfig> = {}): IntegrationConfig {
  return {
    workspace: 'acme',
    oauthKey: 'key-one',
    oauthSecret: SECRET,
    ...overrides,
  };
}

function validationMessage(overrides: Partial<IntegrationConfig>): string {
  try {
    parseConfig(config(overrides));
  } catch (err) {
    expect(err).toBeInstanceOf(IntegrationValidationError);
    const message = (err as Error).message;
    expect(message).not.toContain(SECRET);
    return message;
  }
  throw new Error('expected parseConfig to reject');
}

describe('parseConfig', () => {
  it('parses one OAuth consumer with defaults', () => {
    const parsed = parseConfig(config());
    expect(parsed).toEqual({
      workspaces: ['acme'],
      ingestPullRequests: true,
      enrichedPrs: true,
      ingestPermissions: true,
      pullRequestLookbackMs: 24 * 3600 * 1000,
      client: {
        apiBaseUrl: DEFAULT_API_BASE_URL,
        tokenUrl: DEFAULT_TOKEN_URL,
        credentials: [
          {
            kind: 'oauth',
            position: 1,
            clientId: 'key-one',
            clientSecret: SECRET,
          },
        ],
        maxConcurrency: 5,
        requestTimeoutMs: 30000,
        rateLimitMaxWaitMs: 3900000,
      },
    });
  });

  it('pairs comma-delimited keys and secrets in order, trimming whitespace', () => {
    const parsed = parseConfig(
      config({ oauthKey: ' k1 , k2,k3 ', oauthSecret: 's1, s2 ,s3' }),
    );
    expect(parsed.client.credentials).toEqual([
      { kind: 'oauth', position: 1, clientId: 'k1', clientSecret: 's1' },
      { kind: 'oauth', position: 2, clientId: 'k2', clientSecret: 's2' },
      { kind: 'oauth', position: 3, clientId: 'k3', clientSecret: 's3' },
    ]);
  });

  it('accepts access tokens and API tokens alongside consumers', () => {
    const parsed = parseConfig(
      config({
        accessTokens: 'tok-a,tok-b',
        apiTokenEmail: 'sec@example.com',
        apiToken: 'ATAT-xyz',
      }),
    );
    expect(parsed.client.credentials.map(describeCredential)).toEqual([
      'OAuth consumer #1 (key key-one)',
      'access token #1',
      'access token #2',
      'API token #1 (sec@example.com)',
    ]);
  });

  it('accepts a workspace access token alone', () => {
    const parsed = parseConfig({ workspace: 'acme', accessTokens: 'tok' });
    expect(parsed.client.credentials).toEqual([
      { kind: 'access-token', position: 1, token: 'tok' },
    ]);
  });

  it('splits several workspaces', () => {
    expect(parseConfig(config({ workspace: 'a, b' })).workspaces).toEqual([
      'a',
      'b',
    ]);
  });

  it('honours the feature switches and look-back', () => {
    const parsed = parseConfig(
      config({
        ingestPullRequests: false,
        enrichedPrs: false,
        pullRequestLookbackHours: '72',
      }),
    );
    expect(parsed.ingestPullRequests).toBe(false);
    expect(parsed.enrichedPrs).toBe(false);
    expect(parsed.pullRequestLookbackMs).toBe(72 * 3600 * 1000);
  });

  it('allows plain http only on loopback', () => {
    expect(
      parseConfig(config({ apiBaseUrl: 'http://127.0.0.1:8080/2.0/' })).client
        .apiBaseUrl,
    ).toBe('http://127.0.0.1:8080/2.0');
    expect(
      parseConfig(
        config({ tokenUrl: 'http://localhost:9/site/oauth2/access_token' }),
      ).client.tokenUrl,
    ).toBe('http://localhost:9/site/oauth2/access_token');
  });

  describe('rejects bad input with a message naming the field', () => {
    it.each<[string, Partial<IntegrationConfig>, RegExp]>([
      [
        'missing workspace',
        { workspace: '' },
        /WORKSPACE \(workspace\) is required/,
      ],
      [
        'blank workspace entry',
        { workspace: 'a,,b' },
        /WORKSPACE \(workspace\) has an empty entry at position 2/,
      ],
      [
        'duplicate workspace',
        { workspace: 'a,A' },
        /WORKSPACE \(workspace\) lists "A" more than once/,
      ],
      [
        'workspace URL pasted',
        { workspace: 'https://bitbucket.org/acme/' },
        /WORKSPACE \(workspace\) entry 1 \("https:\/\/bitbucket.org\/acme\/"\) is not a workspace slug; give the slug only, e.g. acme/,
      ],
      [
        'workspace URL without scheme, second entry',
        { workspace: 'beta, bitbucket.org/acme' },
        /WORKSPACE \(workspace\) entry 2 .* e\.g\. acme/,
      ],
      [
        'no credential',
        { oauthKey: undefined, oauthSecret: undefined },
        /No Bitbucket credential/,
      ],
      [
        'key without secret',
        { oauthSecret: undefined },
        /OAUTH_SECRET \(oauthSecret\) is required when OAUTH_KEY \(oauthKey\) is set/,
      ],
      [
        'secret without key',
        { oauthKey: '  ' },
        /OAUTH_KEY \(oauthKey\) is required when OAUTH_SECRET \(oauthSecret\) is set/,
      ],
      [
        'mismatched counts',
        { oauthKey: 'a,b', oauthSecret: 'x' },
        /OAUTH_KEY \(oauthKey\) has 2 and OAUTH_SECRET \(oauthSecret\) has 1/,
      ],
      [
        'empty key entry',
        { oauthKey: 'a, ,c', oauthSecret: 'x,y,z' },
        /OAUTH_KEY \(oauthKey\) has an empty entry at position 2/,
      ],
      [
        'empty secret entry',
        { oauthKey: 'a,b', oauthSecret: 'x,' },
        /OAUTH_SECRET \(oauthSecret\) has an empty entry at position 2/,
      ],
      [
        'empty access token entry',
        { accessTokens: 't1,,t3' },
        /ACCESS_TOKENS \(accessTokens\) has an empty entry at position 2/,
      ],
      [
        'API token without email',
        { apiToken: 'ATAT' },
        /API_TOKEN_EMAIL \(apiTokenEmail\) is required when API_TOKEN \(apiToken\) is set/,
      ],
      [
        'API token email not an email',
        { apiTokenEmail: 'bob', apiToken: 'ATAT' },
        /API_TOKEN_EMAIL \(apiTokenEmail\) entry 1 is not an email/,
      ],
      [
        'non-https base URL',
        { apiBaseUrl: 'http://api.example.com/2.0' },
        /API_BASE_URL \(apiBaseUrl\) must use https:\/\//,
      ],
      [
        'private-range http base URL',
        { apiBaseUrl: 'http://10.0.0.5/2.0' },
        /API_BASE_URL \(apiBaseUrl\) must use https:\/\//,
      ],
      [
        'non-https token URL',
        { tokenUrl: 'http://bitbucket.org/site/oauth2/access_token' },
        /TOKEN_URL \(tokenUrl\) must use https/,
      ],
      [
        'base URL without the API version',
        { apiBaseUrl: 'https://bitbucket-proxy.example.com/api' },
        /API_BASE_URL \(apiBaseUrl\) must end with the API version \/2\.0/,
      ],
      [
        'malformed URL',
        { apiBaseUrl: 'not a url' },
        /API_BASE_URL \(apiBaseUrl\) is not a valid URL/,
      ],
      [
        'credentials in URL',
        { apiBaseUrl: 'https://u:p@api.bitbucket.org/2.0' },
        /API_BASE_URL \(apiBaseUrl\) must not carry credentials/,
      ],
      [
        'look-back not a number',
        { pullRequestLookbackHours: 'a day' },
        /PULL_REQUEST_LOOKBACK_HOURS \(pullRequestLookbackHours\) must be a number from 1/,
      ],
      [
        'negative look-back',
        { pullRequestLookbackHours: '-5' },
        /PULL_REQUEST_LOOKBACK_HOURS \(pullRequestLookbackHours\)/,
      ],
      [
        'zero look-back',
        { pullRequestLookbackHours: '0' },
        /PULL_REQUEST_LOOKBACK_HOURS \(pullRequestLookbackHours\)/,
      ],
      [
        'fractional concurrency',
        { maxConcurrency: '2.5' },
        /MAX_CONCURRENCY \(maxConcurrency\) must be a whole number/,
      ],
      [
        'too much concurrency',
        { maxConcurrency: '500' },
        /MAX_CONCURRENCY \(maxConcurrency\) must be a whole number from 1 to 50/,
      ],
    ])('%s', (_name, overrides, expected) => {
      expect(validationMessage(overrides)).toMatch(expected);
    });
  });

  it('names the variable and the field in every message', () => {
    const cases: Array<Partial<IntegrationConfig>> = [
      { workspace: '' },
      { workspace: 'https://bitbucket.org/acme' },
      { oauthKey: undefined, oauthSecret: undefined },
      { oauthSecret: undefined },
      { apiBaseUrl: 'ftp://x/2.0' },
      { tokenUrl: 'nope' },
      { maxConcurrency: 'lots' },
      { requestTimeoutSeconds: '0' },
      { rateLimitMaxWaitSeconds: '-1' },
    ];
    for (const overrides of cases) {
      expect(validationMessage(overrides)).toMatch(/\b[A-Z_]+ \([a-zA-Z]+\)/);
      expect(validationMessage(overrides)).not.toMatch(/"[a-z][a-zA-Z]+" /);
    }
  });

  it('parses a configuration object once, however often it is asked', () => {
    const once = config();
    expect(parseConfig(once)).toBe(parseConfig(once));
    expect(parseConfig(config())).not.toBe(parseConfig(once));
  });

  it('never echoes a secret, even in a URL error', () => {
    const message = validationMessage({
      apiBaseUrl: `https://user:${SECRET}@api.bitbucket.org/2.0`,
    });
    expect(message).not.toContain(SECRET);
  });
});
