import {
  IntegrationError,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { getWorkspaceOwners, unreadable } from '../access/data';
import { Relationships, Steps } from '../constants';
import { forEachWorkspace, relateKeys } from '../graph';

/** `bitbucket_user MANAGES bitbucket_workspace` for owners, from the roles fetch-users read. */
export const workspaceRoleSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.WORKSPACE_MANAGERS.id,
    name: Steps.WORKSPACE_MANAGERS.name,
    entities: [],
    relationships: [Relationships.USER_MANAGES_WORKSPACE],
    dependsOn: [Steps.USERS.id],
    async executionHandler({ jobState }) {
      await forEachWorkspace(jobState, async (workspace) => {
        for (const owner of (await getWorkspaceOwners(
          jobState,
          workspace._key,
        )) ?? []) {
          await jobState.addRelationship(
            relateKeys(
              Relationships.USER_MANAGES_WORKSPACE,
              owner,
              workspace._key,
            ),
          );
        }
      });
      const missing = await unreadable(jobState, 'roles');
      if (missing.length > 0) {
        // Fails so the owners JupiterOne already holds are kept (partial), not deleted.
        throw new IntegrationError({
          code: 'WORKSPACE_ROLES_NOT_COLLECTED',
          message: `Workspace owners were not collected for ${missing.join(', ')}: the credentials cannot read /workspaces/{workspace}/permissions (see the warning). Members were collected from /members.`,
        });
      }
    },
  },
];
