import {
  createDirectRelationship,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';

import { getClient } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { projectKey } from '../projects/converter';
import { createRepoEntity } from './converter';
import { stringProperty } from '../links';

export const repositorySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.REPOS.id,
    name: Steps.REPOS.name,
    entities: [Entities.REPO],
    relationships: [
      Relationships.WORKSPACE_OWNS_REPO,
      Relationships.PROJECT_HAS_REPO,
    ],
    dependsOn: [Steps.WORKSPACES.id, Steps.PROJECTS.id],
    async executionHandler(context) {
      const { jobState } = context;
      const client = getClient(context);
      await jobState.iterateEntities(
        { _type: Entities.WORKSPACE._type },
        async (workspace) => {
          await client.iterateRepositories(
            stringProperty(workspace, 'slug'),
            async (repo) => {
              const entity = await jobState.addEntity(
                createRepoEntity(stringProperty(workspace, 'slug'), repo),
              );
              await jobState.addRelationship(
                createDirectRelationship({
                  _class: Relationships.WORKSPACE_OWNS_REPO._class,
                  from: workspace,
                  to: entity,
                }),
              );
              const project = repo.project
                ? projectKey(repo.project.uuid)
                : undefined;
              if (project && (await jobState.hasKey(project))) {
                await jobState.addRelationship(
                  createDirectRelationship({
                    _class: Relationships.PROJECT_HAS_REPO._class,
                    fromKey: project,
                    fromType: Entities.PROJECT._type,
                    toKey: entity._key,
                    toType: Entities.REPO._type,
                  }),
                );
              }
            },
          );
        },
      );
      client.logStats(Steps.REPOS.name);
    },
  },
];
