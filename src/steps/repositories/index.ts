import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { addEntityOnce, forEachWorkspace, relateKeys } from '../graph';
import { projectKey } from '../projects/converter';
import { startProgress } from '../progress';
import { createRepoEntity } from './converter';

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
      const progress = startProgress({
        logger: context.logger,
        client,
        label: 'Repositories',
        unit: 'workspaces',
        total: getParsedConfig(context.instance.config).workspaces.length,
        items: 'repositories',
      });
      await forEachWorkspace(
        jobState,
        progress.track((workspace, slug) =>
          client.iterateRepositories(slug, async (repo) => {
            progress.item();
            const entity = createRepoEntity(slug, repo);
            if (!(await addEntityOnce(jobState, entity))) return;
            await jobState.addRelationship(
              relateKeys(
                Relationships.WORKSPACE_OWNS_REPO,
                workspace._key,
                entity._key,
              ),
            );
            const project = repo.project
              ? projectKey(repo.project.uuid)
              : undefined;
            if (project && (await jobState.hasKey(project))) {
              await jobState.addRelationship(
                relateKeys(
                  Relationships.PROJECT_HAS_REPO,
                  project,
                  entity._key,
                ),
              );
            }
          }),
        ),
      );
      progress.stop();
    },
  },
];
