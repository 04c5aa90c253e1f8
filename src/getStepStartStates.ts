import {
  IntegrationExecutionContext,
  StepStartStates,
} from '@jupiterone/integration-sdk-core';

import { getParsedConfig, IntegrationConfig } from './config';
import { Steps } from './steps/constants';

/** Pull request steps follow "ingest pull requests"; reviewers (not approvals) also "enriched PRs". */
export function getStepStartStates(
  context: IntegrationExecutionContext<IntegrationConfig>,
): StepStartStates {
  const { ingestPullRequests, enrichedPrs, ingestPermissions } =
    getParsedConfig(context.instance.config);
  return {
    [Steps.WORKSPACES.id]: { disabled: false },
    [Steps.USERS.id]: { disabled: false },
    [Steps.GROUPS.id]: { disabled: false },
    [Steps.PROJECTS.id]: { disabled: false },
    [Steps.REPOS.id]: { disabled: false },
    [Steps.PULL_REQUESTS.id]: { disabled: !ingestPullRequests },
    [Steps.PR_REVIEWS.id]: { disabled: !ingestPullRequests || !enrichedPrs },
    // "Ingest Permissions" also decides whether fetch-users reads roles and fetch-repos reads
    // branch restrictions (the same calls, or one per repository, in those steps); the
    // restrictions fetch-repos read are written by fetch-branch-restrictions.
    [Steps.WORKSPACE_MANAGERS.id]: { disabled: !ingestPermissions },
    [Steps.PROJECT_PERMISSIONS.id]: { disabled: !ingestPermissions },
    [Steps.REPO_PERMISSIONS.id]: { disabled: !ingestPermissions },
    [Steps.BRANCH_RESTRICTIONS.id]: { disabled: !ingestPermissions },
    [Steps.BRANCH_RESTRICTION_EXEMPTIONS.id]: { disabled: !ingestPermissions },
  };
}
