import { createMockExecutionContext } from '@jupiterone/integration-sdk-testing';

import { invocationConfig } from '../../src';
import { IntegrationConfig } from '../../src/config';
import { getStepStartStates } from '../../src/getStepStartStates';
import { Steps } from '../../src/steps/constants';

const base: IntegrationConfig = {
  workspace: 'acme',
  oauthKey: 'k',
  oauthSecret: 's',
};

function disabled(config: Partial<IntegrationConfig>): string[] {
  const states = getStepStartStates(
    createMockExecutionContext<IntegrationConfig>({
      instanceConfig: { ...base, ...config },
    }),
  );
  return Object.entries(states)
    .filter(([, s]) => s.disabled)
    .map(([id]) => id)
    .sort();
}

describe('getStepStartStates', () => {
  it('has a state for every step and enables everything by default', () => {
    const states = getStepStartStates(
      createMockExecutionContext<IntegrationConfig>({ instanceConfig: base }),
    );
    expect(Object.keys(states).sort()).toEqual(
      invocationConfig.integrationSteps.map((s) => s.id).sort(),
    );
    expect(disabled({})).toEqual([]);
  });

  it('disables the pull request steps when pull requests are off', () => {
    expect(disabled({ ingestPullRequests: false })).toEqual(
      [Steps.PR_REVIEWS.id, Steps.PULL_REQUESTS.id].sort(),
    );
  });

  it('disables only the review step when enriched PRs are off', () => {
    expect(disabled({ enrichedPrs: false })).toEqual([Steps.PR_REVIEWS.id]);
  });
});

describe('getStepStartStates: Ingest Permissions', () => {
  const permissionSteps = [
    Steps.WORKSPACE_MANAGERS.id,
    Steps.PROJECT_PERMISSIONS.id,
    Steps.REPO_PERMISSIONS.id,
    Steps.BRANCH_RESTRICTIONS.id,
    Steps.BRANCH_RESTRICTION_EXEMPTIONS.id,
  ].sort();

  it('is on by default', () => {
    expect(disabled({})).toEqual([]);
  });

  it('off disables exactly the permission steps', () => {
    expect(disabled({ ingestPermissions: false })).toEqual(permissionSteps);
  });
});
