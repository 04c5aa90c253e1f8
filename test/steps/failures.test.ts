/**
 * Many repositories failing the same way: the step logs one line with the count and a few
 * examples (not one per repository), and still ends partial with its own error.
 */
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';
import {
  Entity,
  IntegrationInvocationConfig,
} from '@jupiterone/integration-sdk-core';

import { invocationConfig as typedInvocationConfig } from '../../src';
import { IntegrationConfig } from '../../src/config';
import { Steps } from '../../src/steps/constants';
import { pullRequestSteps } from '../../src/steps/pull-requests';
import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { RunningSimulator, startSimulator } from '../../simulator';

const invocationConfig =
  typedInvocationConfig as unknown as IntegrationInvocationConfig;
const PR_ENDPOINT =
  'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests';

describe('a failure shared by many repositories', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  let instanceConfig: IntegrationConfig;

  beforeAll(async () => {
    dataset = generateDataset({ seed: 14, now: new Date(), size: 'small' });
    sim = await startSimulator({ dataset });
    instanceConfig = {
      workspace: dataset.workspaces[0].slug,
      oauthKey: 'sim-client-id',
      oauthSecret: 'sim-client-secret',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      ingestPermissions: false,
      ingestPullRequests: true,
      rateLimitMaxWaitSeconds: '1',
    };
  });
  afterAll(() => sim?.close());

  it('is logged once with the count, and the pull request step ends partial', async () => {
    const byKey = new Map<string, Entity>();
    for (const stepId of [Steps.REPOS.id, Steps.USERS.id]) {
      const result = await executeStepWithDependencies({
        stepId,
        invocationConfig,
        instanceConfig,
      });
      for (const e of result.collectedEntities) byKey.set(e._key, e);
    }
    const repos = dataset.workspaces[0].repositories.length;
    expect(repos).toBeGreaterThan(5);

    // Every pull request list answers 429: the reviewer's rate-limited run.
    sim.setFaults({
      rules: [{ endpoint: PR_ENDPOINT, fault: 'rate-limit', times: 1e9 }],
    });
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig: { ...instanceConfig },
      entities: [...byKey.values()],
    });
    const error = jest.spyOn(context.logger, 'error');
    await expect(
      pullRequestSteps[0].executionHandler(context),
    ).rejects.toMatchObject({ code: 'PULL_REQUESTS_INCOMPLETE' });

    const lines = error.mock.calls.map((call) => call[1] as string);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^Could not read the pull requests of ${repos} repositories \\(([^,]+, ){5}…\\): 429 `,
      ),
    );
    expect(error.mock.calls[0][0]).toMatchObject({ failed: repos });
  });
});
