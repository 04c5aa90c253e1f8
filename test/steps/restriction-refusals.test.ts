/**
 * How fetch-repos tells a refusal of the credential (a missing scope: every repository would
 * answer the same, so the workspace stops) from a repository's own refusal. Validation refuses
 * a credential without the scope before a collection, so this runs the steps without it.
 */
import { executeStepWithDependencies } from '@jupiterone/integration-sdk-testing';
import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';

import { invocationConfig as typedInvocationConfig } from '../../src';
import { Entities, Steps } from '../../src/steps/constants';
import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { RunningSimulator, startSimulator } from '../../simulator';

const invocationConfig =
  typedInvocationConfig as unknown as IntegrationInvocationConfig;
const RESTRICTIONS =
  'GET /2.0/repositories/{workspace}/{repo_slug}/branch-restrictions';

describe('branch restrictions refused for a missing scope', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;

  beforeAll(async () => {
    dataset = generateDataset({ seed: 35, now: new Date(), size: 'small' });
    sim = await startSimulator({
      dataset,
      credentials: {
        accessTokens: [
          {
            token: 'ATCTT-no-admin',
            scopes: ['account', 'project', 'repository', 'pullrequest'],
            workspace: dataset.workspaces[0].slug,
          },
        ],
      },
    });
  });
  afterAll(() => sim?.close());

  it('fetch-repos succeeds without posture, asks no further repository once refused, and fetch-branch-restrictions fails naming the workspace', async () => {
    const instanceConfig = {
      workspace: dataset.workspaces[0].slug,
      accessTokens: 'ATCTT-no-admin',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      ingestPullRequests: false,
    };
    const repos = await executeStepWithDependencies({
      stepId: Steps.REPOS.id,
      invocationConfig,
      instanceConfig,
    });
    const repositories = repos.collectedEntities.filter(
      (e) => e._type === Entities.REPO._type,
    );
    expect(repositories.length).toBe(dataset.workspaces[0].repositories.length);
    expect(
      repositories.some((r) => r.mainBranchPushRestricted !== undefined),
    ).toBe(false);
    const asked = sim.stats().byEndpoint[RESTRICTIONS] ?? 0;
    // Only the reads already in flight when the first refusal came back.
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThan(repositories.length);

    await expect(
      executeStepWithDependencies({
        stepId: Steps.BRANCH_RESTRICTIONS.id,
        invocationConfig,
        instanceConfig,
      }),
    ).rejects.toThrow(
      `Branch restrictions were not collected for workspace ${dataset.workspaces[0].slug}`,
    );
  });
});
