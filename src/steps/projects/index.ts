import {
  createDirectRelationship,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';

import { getClient } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { createProjectEntity } from './converter';
import { stringProperty } from '../links';

export const projectSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.PROJECTS.id,
    name: Steps.PROJECTS.name,
    entities: [Entities.PROJECT],
    relationships: [Relationships.WORKSPACE_OWNS_PROJECT],
    dependsOn: [Steps.WORKSPACES.id],
    async executionHandler(context) {
      const { jobState } = context;
      const client = getClient(context);
      await jobState.iterateEntities(
        { _type: Entities.WORKSPACE._type },
        async (workspace) => {
          await client.iterateProjects(
            stringProperty(workspace, 'slug'),
            async (project) => {
              const entity = await jobState.addEntity(
                createProjectEntity(stringProperty(workspace, 'slug'), project),
              );
              await jobState.addRelationship(
                createDirectRelationship({
                  _class: Relationships.WORKSPACE_OWNS_PROJECT._class,
                  from: workspace,
                  to: entity,
                }),
              );
            },
          );
        },
      );
      client.logStats(Steps.PROJECTS.name);
    },
  },
];
