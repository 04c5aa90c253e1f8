/**
 * The per-repository steps read each repository while the stored repositories are still being
 * iterated, so they never hold a list of all of them (20,000 at the scale we test): at most
 * their concurrency and the iteration's own read-ahead. Through the SDK's testing runtime and
 * the simulator over HTTP; the job state's `iterateEntities` is observed, not replaced.
 */
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';
import {
  Entity,
  IntegrationInvocationConfig,
  Relationship,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';

import { invocationConfig as typedInvocationConfig } from '../../src';
import { IntegrationConfig } from '../../src/config';
import { Entities, Steps } from '../../src/steps/constants';
import { pullRequestSteps } from '../../src/steps/pull-requests';
import { repoPermissionSteps } from '../../src/steps/repo-permissions';
import { generateDataset } from '../../simulator/dataset';
import { RunningSimulator, startSimulator } from '../../simulator';

const invocationConfig =
  typedInvocationConfig as unknown as IntegrationInvocationConfig;
const CONCURRENCY = 5;

let sim: RunningSimulator;
let instanceConfig: IntegrationConfig;
beforeAll(async () => {
  const dataset = generateDataset({ seed: 5, now: new Date(), size: 'small' });
  sim = await startSimulator({ dataset });
  instanceConfig = {
    workspace: dataset.workspaces[0].slug,
    oauthKey: 'sim-client-id',
    oauthSecret: 'sim-client-secret',
    apiBaseUrl: sim.apiBaseUrl,
    tokenUrl: sim.tokenUrl,
    maxConcurrency: String(CONCURRENCY),
  };
});
afterAll(() => sim?.close());

/** Every step `stepId` depends on, directly or not. */
function dependenciesOf(stepId: string, into = new Set<string>()): Set<string> {
  const step = invocationConfig.integrationSteps.find((s) => s.id === stepId);
  for (const dep of step?.dependsOn ?? []) {
    if (!into.has(dep)) dependenciesOf(dep, into.add(dep));
  }
  return into;
}

/**
 * What the step's dependencies collected, each once (the testing runtime returns only the
 * given step's own output, having run its dependencies for their data).
 */
async function collectedBefore(step: IntegrationStep<IntegrationConfig>) {
  const entities = new Map<string, Entity>();
  const relationships = new Map<string, Relationship>();
  let setData: Record<string, unknown> = {};
  for (const stepId of dependenciesOf(step.id)) {
    const result = await executeStepWithDependencies({
      stepId,
      invocationConfig,
      instanceConfig,
    });
    result.collectedEntities.forEach((e) => entities.set(e._key, e));
    result.collectedRelationships.forEach((r) => relationships.set(r._key, r));
    setData = {
      ...setData,
      ...(result.collectedData as Record<string, unknown>),
    };
  }
  return {
    entities: [...entities.values()],
    relationships: [...relationships.values()],
    setData,
  };
}

/**
 * Runs the step and returns, over the passes through the stored repositories during which the
 * step made API calls, the most repositories handed out beyond the calls made meanwhile
 * (each repository costs at least one call): what the step held on to at once.
 */
async function mostAhead(step: IntegrationStep<IntegrationConfig>) {
  const context = createMockStepExecutionContext<IntegrationConfig>({
    instanceConfig,
    ...(await collectedBefore(step)),
  });
  const iterate = context.jobState.iterateEntities.bind(context.jobState);
  const passes: Array<{ repos: number; ahead: number; calls: number }> = [];
  jest
    .spyOn(context.jobState, 'iterateEntities')
    .mockImplementation(async (filter, iteratee) => {
      if (filter._type !== Entities.REPO._type)
        return iterate(filter, iteratee);
      const pass = { repos: 0, ahead: 0, calls: 0 };
      const callsBefore = sim.stats().total;
      await iterate(filter, async (entity) => {
        pass.repos++;
        pass.calls = sim.stats().total - callsBefore;
        pass.ahead = Math.max(pass.ahead, pass.repos - pass.calls);
        await iteratee(entity);
      });
      pass.calls = sim.stats().total - callsBefore;
      passes.push(pass);
    });
  await step.executionHandler(context);
  const streamed = passes.filter((p) => p.calls > 0);
  return { passes, streamed };
}

describe.each([
  ['pull requests', pullRequestSteps[0]],
  ['repository permissions', repoPermissionSteps[0]],
])('%s step', (_, step) => {
  test('reads repositories while iterating them, holding a bounded number', async () => {
    const { passes, streamed } = await mostAhead(step);
    const repos = Math.max(...passes.map((p) => p.repos));
    expect(repos).toBeGreaterThan(20);
    // Without streaming, the repositories are copied into a list in a pass that makes no call.
    expect(streamed).toHaveLength(1);
    expect(streamed[0].repos).toBe(repos);
    // In flight plus the next one waiting for a slot; never the whole list.
    expect(streamed[0].ahead).toBeLessThanOrEqual(CONCURRENCY + 1);
  }, 180_000);
});

test('the steps under test are the per-repository ones', () => {
  expect([pullRequestSteps[0].id, repoPermissionSteps[0].id]).toEqual([
    Steps.PULL_REQUESTS.id,
    Steps.REPO_PERMISSIONS.id,
  ]);
});
