import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { getClient } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { addEntityOnce, forEachWorkspace, relateKeys } from '../graph';
import { createUserEntity } from './converter';

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS.id,
    name: Steps.USERS.name,
    entities: [Entities.USER],
    relationships: [Relationships.WORKSPACE_HAS_USER],
    dependsOn: [Steps.WORKSPACES.id],
    async executionHandler(context) {
      const { jobState } = context;
      const client = getClient(context);
      await forEachWorkspace(jobState, (workspace, slug) =>
        client.iterateWorkspaceMembers(slug, async (membership) => {
          // One person in two workspaces is one user with two memberships.
          const user = createUserEntity(membership.user);
          await addEntityOnce(jobState, user);
          const hasUser = relateKeys(
            Relationships.WORKSPACE_HAS_USER,
            workspace._key,
            user._key,
          );
          // A member who shifts pages while the list is read shows up twice.
          if (!(await jobState.hasKey(hasUser._key)))
            await jobState.addRelationship(hasUser);
        }),
      );
    },
  },
];
