import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';

import { checkEnvironmentConfig, readConfigFromEnvironment } from '.';

const SECRET = ' S3cr3t with spaces ';

function message(env: Record<string, string>): string {
  try {
    checkEnvironmentConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(IntegrationValidationError);
    const text = (err as Error).message;
    expect(text).not.toContain(SECRET.trim());
    return text;
  }
  throw new Error('expected the environment to be rejected');
}

const base = { WORKSPACE: 'acme', OAUTH_KEY: 'k', OAUTH_SECRET: SECRET };

describe('readConfigFromEnvironment', () => {
  it('reads every field by its SDK variable name, trimming all but secrets', () => {
    expect(
      readConfigFromEnvironment({
        ...base,
        WORKSPACE: ' acme ',
        INGEST_PULL_REQUESTS: 'FALSE',
        ENRICHED_PRS: '',
        PULL_REQUEST_LOOKBACK_HOURS: '48',
        API_BASE_URL: '',
      }),
    ).toEqual({
      workspace: 'acme',
      oauthKey: 'k',
      oauthSecret: SECRET,
      ingestPullRequests: false,
      pullRequestLookbackHours: '48',
    });
  });

  it.each<[string, Record<string, string>, RegExp]>([
    [
      'no .env at all',
      {},
      /^WORKSPACE \(workspace\) is not set: copy \.env\.example to \.env/,
    ],
    [
      'an empty workspace',
      { ...base, WORKSPACE: '  ' },
      /^WORKSPACE \(workspace\) is not set/,
    ],
    [
      'no credential',
      { WORKSPACE: 'acme', OAUTH_KEY: '', OAUTH_SECRET: '' },
      /^No Bitbucket credential is configured: set OAUTH_KEY \(oauthKey\)/,
    ],
    [
      'a boolean that is not one',
      { ...base, INGEST_PULL_REQUESTS: 'yes' },
      /^INGEST_PULL_REQUESTS \(ingestPullRequests\) must be true or false; got "yes"\.$/,
    ],
    [
      'a number that is not one',
      { ...base, MAX_CONCURRENCY: 'five' },
      /^MAX_CONCURRENCY \(maxConcurrency\) must be a whole number from 1 to 50; got "five"\.$/,
    ],
    [
      'a URL pasted as the workspace',
      { ...base, WORKSPACE: 'https://bitbucket.org/acme/' },
      /^WORKSPACE \(workspace\) entry 1 .* e\.g\. acme/,
    ],
  ])('rejects %s in one line naming the variable', (_name, env, expected) => {
    const text = message(env);
    expect(text).toMatch(expected);
    expect(text).not.toContain('\n');
  });
});
