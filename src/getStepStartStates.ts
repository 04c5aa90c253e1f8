import {
  IntegrationExecutionContext,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig, parseConfig } from './config';
import { Steps } from './steps/constants';

/** Pull request steps follow "ingest pull requests"; reviewers (not approvals) also "enriched PRs". */
export function getStepStartStates(
  context: IntegrationExecutionContext<IntegrationConfig>,
): StepStartStates {
  const { ingestPullRequests, enrichedPrs } = parseConfig(
    context.instance.config,
  );
  return {
    [Steps.WORKSPACES.id]: { disabled: false },
    [Steps.USERS.id]: { disabled: false },
    [Steps.GROUPS.id]: { disabled: false },
    [Steps.PROJECTS.id]: { disabled: false },
    [Steps.REPOS.id]: { disabled: false },
    [Steps.PULL_REQUESTS.id]: { disabled: !ingestPullRequests },
    [Steps.PR_REVIEWS.id]: { disabled: !ingestPullRequests || !enrichedPrs },
  };
}
