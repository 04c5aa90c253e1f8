import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { getClient } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { forEachWorkspace, relateKeys } from '../graph';
import { createProjectEntity } from './converter';

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
      await forEachWorkspace(jobState, (workspace, slug) =>
        client.iterateProjects(slug, async (project) => {
          const entity = createProjectEntity(slug, project);
          // A project that shifts pages while the list is read shows up twice.
          if (await jobState.hasKey(entity._key)) return;
          await jobState.addEntity(entity);
          await jobState.addRelationship(
            relateKeys(
              Relationships.WORKSPACE_OWNS_PROJECT,
              workspace._key,
              entity._key,
            ),
          );
        }),
      );
    },
  },
];
