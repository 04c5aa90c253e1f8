import {
  IntegrationValidationError,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';
import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';

import { IntegrationConfig } from './config';
import { getStepStartStates } from './getStepStartStates';
import { integrationSteps } from './steps';

const base: IntegrationConfig = {
  workspace: 'examplej1workspace',
  oauthKey: 'key-one',
  oauthSecret: 'secret-one',
};

function statesFor(overrides: Partial<IntegrationConfig>): StepStartStates {
  return getStepStartStates(
    createMockExecutionContext<IntegrationConfig>({
      instanceConfig: { ...base, ...overrides },
    }),
  );
}

const disabled = (states: StepStartStates) =>
  Object.entries(states)
    .filter(([, s]) => s.disabled)
    .map(([id]) => id)
    .sort();

describe('getStepStartStates', () => {
  test('names every step, and only the steps that exist', () => {
    expect(Object.keys(statesFor({})).sort()).toEqual(
      integrationSteps.map((s) => s.id).sort(),
    );
    expect(integrationSteps.map((s) => s.id).sort()).toEqual([
      'build-branch-restriction-exemption-relationships',
      'build-pull-request-review-relationships',
      'build-user-workspace-relationships',
      'fetch-branch-restrictions',
      'fetch-groups',
      'fetch-project-permissions',
      'fetch-projects',
      'fetch-pull-requests',
      'fetch-repo-permissions',
      'fetch-repos',
      'fetch-users',
      'fetch-workspaces',
    ]);
  });

  test('defaults: everything enabled', () => {
    expect(disabled(statesFor({}))).toEqual([]);
  });

  test('pull requests off: both pull request steps disabled', () => {
    expect(disabled(statesFor({ ingestPullRequests: false }))).toEqual([
      'build-pull-request-review-relationships',
      'fetch-pull-requests',
    ]);
  });

  test('enriched PRs off: only the review relationships are disabled', () => {
    expect(disabled(statesFor({ enrichedPrs: false }))).toEqual([
      'build-pull-request-review-relationships',
    ]);
  });

  test('enriched on but pull requests off: the review step stays disabled', () => {
    expect(
      disabled(statesFor({ ingestPullRequests: false, enrichedPrs: true })),
    ).toEqual([
      'build-pull-request-review-relationships',
      'fetch-pull-requests',
    ]);
  });

  test('an invalid configuration is reported, not guessed at', () => {
    expect(() => statesFor({ workspace: '' })).toThrow(
      IntegrationValidationError,
    );
  });
});
