import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { getClient } from '../client-registry';
import { IntegrationConfig } from '../config';
import { branchRestrictionSteps } from './branch-restrictions';
import { groupSteps } from './groups';
import { projectPermissionSteps } from './project-permissions';
import { projectSteps } from './projects';
import { pullRequestSteps } from './pull-requests';
import { repoPermissionSteps } from './repo-permissions';
import { repositorySteps } from './repositories';
import { reviewSteps } from './reviews';
import { userSteps } from './users';
import { workspaceRoleSteps } from './workspace-roles';
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
  ...workspaceRoleSteps,
  ...projectPermissionSteps,
  ...repoPermissionSteps,
  ...branchRestrictionSteps,
].map(measured);
