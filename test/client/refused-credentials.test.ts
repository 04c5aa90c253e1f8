/**
 * A credential Bitbucket refuses is named by the variables the user edits and its entry in
 * them, through validateInvocation and the simulator over real HTTP; no secret is printed.
 */
import { IntegrationProviderAuthenticationError } from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';

import { IntegrationConfig } from '../../src/config';
import { validateInvocation } from '../../src/validateInvocation';
import { generateDataset } from '../../simulator/dataset';
import { RunningSimulator, startSimulator } from '../../simulator';

const dataset = generateDataset({ seed: 12, now: new Date(), size: 'small' });
const workspace = dataset.workspaces[0].slug;
const SCOPES = ['account', 'project', 'repository', 'pullrequest'];

describe('validateInvocation names a refused credential by its variables', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({
      dataset,
      credentials: {
        oauth: [
          { clientId: 'key1', secret: 's3cr3t-right-1-zq', scopes: SCOPES },
          { clientId: 'key2', secret: 's3cr3t-right-2-zq', scopes: SCOPES },
        ],
        accessTokens: [{ token: 'ATCTT-right-zq', scopes: SCOPES }],
        apiTokens: [
          {
            email: 'me@acme.test',
            token: 'ATATT-right-zq',
            scopes: [
              'read:workspace:bitbucket',
              'read:project:bitbucket',
              'read:repository:bitbucket',
              'read:pullrequest:bitbucket',
            ],
          },
        ],
      },
    });
  });
  afterAll(() => sim.close());

  const refusal = async (config: Partial<IntegrationConfig>) => {
    const context = createMockExecutionContext<IntegrationConfig>({
      instanceConfig: {
        workspace,
        apiBaseUrl: sim.apiBaseUrl,
        tokenUrl: sim.tokenUrl,
        ingestPermissions: false,
        ...config,
      },
    });
    const err = await validateInvocation(context).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IntegrationProviderAuthenticationError);
    const message = (err as Error).message;
    expect(message).not.toMatch(/s3cr3t|ATCTT|ATATT/);
    return message;
  };

  it('a wrong OAuth secret', async () => {
    const message = await refusal({
      oauthKey: 'key2,key1',
      oauthSecret: 's3cr3t-right-2-zq,s3cr3t-wrong-zq',
    });
    expect(message).toContain(
      "OAuth consumer #2 (key key1), entry 2 of OAUTH_KEY/OAUTH_SECRET (oauthKey/oauthSecret), was refused by Bitbucket's token endpoint: unauthorized_client.",
    );
    expect(message).toContain('Check the key and secret');
  });

  it('a wrong access token', async () => {
    const message = await refusal({
      accessTokens: 'ATCTT-right-zq,ATCTT-wrong-zq',
    });
    expect(message).toContain(
      'access token #2, entry 2 of ACCESS_TOKENS (accessTokens), was refused by Bitbucket (401)',
    );
  });

  it('a wrong API token', async () => {
    const message = await refusal({
      apiTokenEmail: 'me@acme.test',
      apiToken: 'ATATT-wrong-zq',
    });
    expect(message).toContain(
      'API token #1 (me@acme.test), entry 1 of API_TOKEN_EMAIL/API_TOKEN (apiTokenEmail/apiToken), was refused by Bitbucket (401)',
    );
  });
});
