import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { getClient } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { addEntityOnce, forEachWorkspace, relateKeys } from '../graph';
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
          if (!(await addEntityOnce(jobState, entity))) return;
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
