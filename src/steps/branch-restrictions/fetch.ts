import {
  IntegrationError,
  IntegrationStep,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { NEEDS, warnRefused } from '../access/refusal';
import { Entities, Relationships, Steps } from '../constants';
import { addEntityOnce, relateKeys } from '../graph';
import { warnUser } from '../warn';
import { createBranchRestrictionEntity } from './converter';
import { BRANCH_RESTRICTIONS_DATA_KEY, BranchRestrictionStash } from './stash';

/**
 * The restrictions fetch-repos read (no API call here), and `bitbucket_repo HAS` them. Failing
 * here, not in fetch-repos, keeps the repositories and everything that depends on them
 * complete when some restrictions could not be read: only the restriction types are partial.
 */
export const fetchBranchRestrictionsStep: IntegrationStep<IntegrationConfig> = {
  id: Steps.BRANCH_RESTRICTIONS.id,
  name: Steps.BRANCH_RESTRICTIONS.name,
  entities: [Entities.BRANCH_RESTRICTION],
  relationships: [Relationships.REPO_HAS_BRANCH_RESTRICTION],
  dependsOn: [Steps.REPOS.id],
  async executionHandler({ jobState, logger }) {
    const stash = await jobState.getData<BranchRestrictionStash>(
      BRANCH_RESTRICTIONS_DATA_KEY,
    );
    if (!stash) {
      throw new IntegrationError({
        code: 'BRANCH_RESTRICTIONS_INCOMPLETE',
        message: `${Steps.REPOS.id} did not hand on the branch restrictions it read; none were collected this run.`,
      });
    }
    for (const repo of stash.repos) {
      for (const restriction of repo.restrictions) {
        const entity = createBranchRestrictionEntity(repo, restriction);
        if (!(await addEntityOnce(jobState, entity))) continue;
        await jobState.addRelationship(
          relateKeys(
            Relationships.REPO_HAS_BRANCH_RESTRICTION,
            repo.key,
            entity._key,
          ),
        );
      }
    }
    await jobState.deleteData(BRANCH_RESTRICTIONS_DATA_KEY);

    for (const { workspace, message } of stash.refusedWorkspaces) {
      warnRefused(
        logger,
        'branch restrictions',
        workspace,
        { message },
        NEEDS.branchRestrictions,
      );
    }
    for (const { workspace, repositories, message } of stash.notAdmin) {
      warnUser(
        logger,
        IntegrationWarnEventName.MissingPermission,
        `Bitbucket refused the branch restrictions of ${repositories} repositor${repositories === 1 ? 'y' : 'ies'} of workspace "${workspace}" (${message}): the credential's user does not administer them. ${NEEDS.branchRestrictions}, and the user must administer each repository. They were not collected this run and are kept as they were in JupiterOne (partial dataset); those repositories have no main-branch posture this run, and the rest of the graph was collected.`,
      );
    }
    const unread = [
      ...stash.refusedWorkspaces.map((r) => `workspace ${r.workspace}`),
      ...stash.notAdmin.map(
        (n) => `${n.repositories} repositories of workspace ${n.workspace}`,
      ),
      ...stash.failed.slice(0, 5),
    ];
    if (unread.length > 0) {
      // Failing is what declares the restriction types partial, so JupiterOne keeps the
      // restrictions it holds instead of deleting what this run could not read.
      throw new IntegrationError({
        code: 'BRANCH_RESTRICTIONS_INCOMPLETE',
        message: `Branch restrictions were not collected for ${unread.join(', ')}${stash.failed.length > 5 ? ', …' : ''} (see the warnings); every repository was collected, without the main-branch posture where restrictions were not read.`,
      });
    }
  },
};
