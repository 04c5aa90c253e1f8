import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { getClient } from '../client-registry';
import { IntegrationConfig } from '../config';
import { groupSteps } from './groups';
import { projectSteps } from './projects';
import { pullRequestSteps } from './pull-requests';
import { repositorySteps } from './repositories';
import { reviewSteps } from './reviews';
import { userSteps } from './users';
import { workspaceSteps } from './workspaces';

/** Every step logs, when it ends, the Bitbucket API calls it made (and the run's totals). */
function measured(
  step: IntegrationStep<IntegrationConfig>,
): IntegrationStep<IntegrationConfig> {
  return {
    ...step,
    executionHandler: (context) =>
      getClient(context).measure(step.name, context.logger, async () =>
        step.executionHandler(context),
      ),
  };
}

export const integrationSteps: IntegrationStep<IntegrationConfig>[] = [
  ...workspaceSteps,
  ...userSteps,
  ...groupSteps,
  ...projectSteps,
  ...repositorySteps,
  ...pullRequestSteps,
  ...reviewSteps,
].map(measured);
