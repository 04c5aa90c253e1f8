import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../config';
import { groupSteps } from './groups';
import { projectSteps } from './projects';
import { pullRequestSteps } from './pull-requests';
import { repositorySteps } from './repositories';
import { reviewSteps } from './reviews';
import { userSteps } from './users';
import { workspaceSteps } from './workspaces';

export const integrationSteps: IntegrationStep<IntegrationConfig>[] = [
  ...workspaceSteps,
  ...userSteps,
  ...groupSteps,
  ...projectSteps,
  ...repositorySteps,
  ...pullRequestSteps,
  ...reviewSteps,
];
