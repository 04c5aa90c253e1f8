import {
  createDirectRelationship,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';

import { getClient } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { createUserEntity, userKey } from './converter';
import { stringProperty } from '../links';

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
      await jobState.iterateEntities(
        { _type: Entities.WORKSPACE._type },
        async (workspace) => {
          await client.iterateWorkspaceMembers(
            stringProperty(workspace, 'slug'),
            async (membership) => {
              const key = userKey(membership.user.uuid);
              // One person in two workspaces is one user with two memberships.
              if (!(await jobState.hasKey(key)))
                await jobState.addEntity(createUserEntity(membership.user));
              const hasUser = createDirectRelationship({
                _class: Relationships.WORKSPACE_HAS_USER._class,
                fromKey: workspace._key,
                fromType: Entities.WORKSPACE._type,
                toKey: key,
                toType: Entities.USER._type,
              });
              // A member who shifts pages while the list is read shows up twice.
              if (!(await jobState.hasKey(hasUser._key)))
                await jobState.addRelationship(hasUser);
            },
          );
        },
      );
      client.logStats(Steps.USERS.name);
    },
  },
];
