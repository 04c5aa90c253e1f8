/**
 * The pull request window over real runs of the step: a first run, a run three days after the
 * last success, and a run after a failed one. The step reads `executionHistory`; the expected
 * pull requests come from the dataset.
 */
import {
  createMockStepExecutionContext,
  executeStepWithDependencies,
} from '@jupiterone/integration-sdk-testing';
import { ExecutionHistory } from '@jupiterone/integration-sdk-core';

import { IntegrationInvocationConfig } from '@jupiterone/integration-sdk-core';

import { invocationConfig as typedInvocationConfig } from '../../src';
import { IntegrationConfig } from '../../src/config';
import { Entities, Steps } from '../../src/steps/constants';
import { pullRequestSteps } from '../../src/steps/pull-requests';
import {
  pullRequestWindowStart,
  WINDOW_OVERLAP_MS,
} from '../../src/steps/pull-requests/window';
import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { RunningSimulator, startSimulator } from '../../simulator';
import { clearWindowBoundary } from '../e2e/expected-graph';

/** The SDK's test helpers take the untyped invocation config. */
const invocationConfig =
  typedInvocationConfig as unknown as IntegrationInvocationConfig;

const HOUR = 3_600_000;

describe('pullRequestWindowStart', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('is now minus the look-back on a first run', () => {
    expect(
      pullRequestWindowStart({ now, lookbackMs: 24 * HOUR }).toISOString(),
    ).toBe('2026-11-22T12:00:00.000Z');
  });

  it('reaches back to the last successful start, minus the overlap, after a gap', () => {
    const lastSuccessfulStartedOn = now - 72 * HOUR;
    expect(
      pullRequestWindowStart({
        now,
        lookbackMs: 24 * HOUR,
        lastSuccessfulStartedOn,
      }).toISOString(),
    ).toBe('2026-11-20T11:50:00.000Z');
  });

  it('keeps the look-back when the last success was recent', () => {
    expect(
      pullRequestWindowStart({
        now,
        lookbackMs: 24 * HOUR,
        lastSuccessfulStartedOn: now - HOUR,
      }).toISOString(),
    ).toBe('2026-11-22T12:00:00.000Z');
  });
});

describe('fetch-pull-requests window over runs', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  const now = Date.now();
  let instanceConfig: IntegrationConfig;
  let repos: Awaited<
    ReturnType<typeof executeStepWithDependencies>
  >['collectedEntities'];

  beforeAll(async () => {
    dataset = generateDataset({ seed: 8, now: new Date(now), size: 'small' });
    for (const boundary of [
      24 * HOUR,
      72 * HOUR + WINDOW_OVERLAP_MS,
      30 * HOUR + WINDOW_OVERLAP_MS,
    ]) {
      clearWindowBoundary(dataset, new Date(now - boundary), 5 * 60_000);
    }
    sim = await startSimulator({ dataset });
    instanceConfig = {
      workspace: dataset.workspaces[0].slug,
      oauthKey: 'sim-client-id',
      oauthSecret: 'sim-client-secret',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      // The issue-1 graph; the access steps have their own tests.
      ingestPermissions: false,
      enrichedPrs: true,
    };
    const result = await executeStepWithDependencies({
      stepId: Steps.REPOS.id,
      invocationConfig,
      instanceConfig,
    });
    repos = result.collectedEntities;
  });
  afterAll(() => sim?.close());

  const expectedKeys = (windowMs: number) =>
    dataset.workspaces[0].repositories
      .flatMap((r) =>
        r.pullRequests
          .filter((pr) => Date.parse(pr.updatedOn) > now - windowMs)
          .map((pr) => `bitbucket_pullrequest:${r.uuid}:${pr.id}`),
      )
      .sort();

  async function runWith(executionHistory: ExecutionHistory) {
    const context = createMockStepExecutionContext<IntegrationConfig>({
      instanceConfig: { ...instanceConfig },
      entities: repos,
      executionHistory,
    });
    const step = pullRequestSteps[0];
    await step.executionHandler(context);
    return context.jobState.collectedEntities
      .filter((e) => e._type === Entities.PULL_REQUEST._type)
      .map((e) => e._key)
      .sort();
  }

  it('first run: the last 24 h', async () => {
    const keys = await runWith({ current: { startedOn: now } });
    expect(keys).toEqual(expectedKeys(24 * HOUR));
    expect(keys.length).toBeGreaterThan(10);
  });

  it('three days after the last success: everything since then, with the overlap', async () => {
    const keys = await runWith({
      current: { startedOn: now },
      previous: { startedOn: now - 72 * HOUR },
      lastSuccessful: { startedOn: now - 72 * HOUR },
    });
    expect(keys).toEqual(expectedKeys(72 * HOUR + WINDOW_OVERLAP_MS));
    expect(keys.length).toBeGreaterThan(expectedKeys(24 * HOUR).length);
  });

  it('after a failed run: back to the last success, not the failed run', async () => {
    const keys = await runWith({
      current: { startedOn: now },
      previous: { startedOn: now - 2 * HOUR },
      lastSuccessful: { startedOn: now - 30 * HOUR },
    });
    expect(keys).toEqual(expectedKeys(30 * HOUR + WINDOW_OVERLAP_MS));
    expect(keys.length).toBeGreaterThan(expectedKeys(24 * HOUR).length);
  });
});
