import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { BitbucketRepository } from '../../bitbucket/types';
import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { BranchRestrictionCollector } from '../branch-restrictions/collect';
import { forEachConcurrently } from '../concurrency';
import { Entities, Relationships, Steps } from '../constants';
import { addEntityOnce, forEachWorkspace, relateKeys } from '../graph';
import { projectKey } from '../projects/converter';
import { startProgress } from '../progress';
import { createRepoEntity } from './converter';

/** Repositories whose restrictions are read side by side while the listing pages on. */
const BATCH = 50;

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
      const { jobState, logger } = context;
      const client = getClient(context);
      const config = getParsedConfig(context.instance.config);
      // The main branch's posture is a property of the repository, and an entity cannot be
      // changed once written: its restrictions are read before the repository is added, and
      // written (or answered for) by fetch-branch-restrictions, so they never fail this step.
      const restrictions = config.ingestPermissions
        ? new BranchRestrictionCollector(client, logger)
        : undefined;

      const addRepo = async (
        workspaceKey: string,
        slug: string,
        repo: BitbucketRepository,
      ) => {
        const read = restrictions
          ? await restrictions.read({
              workspace: slug,
              uuid: repo.uuid,
              fullName: repo.full_name,
              mainBranch: repo.mainbranch?.name,
            })
          : undefined;
        const entity = createRepoEntity(slug, repo, read?.posture);
        if (!(await addEntityOnce(jobState, entity))) return;
        await jobState.addRelationship(
          relateKeys(
            Relationships.WORKSPACE_OWNS_REPO,
            workspaceKey,
            entity._key,
          ),
        );
        const project = repo.project
          ? projectKey(repo.project.uuid)
          : undefined;
        if (project && (await jobState.hasKey(project))) {
          await jobState.addRelationship(
            relateKeys(Relationships.PROJECT_HAS_REPO, project, entity._key),
          );
        }
        read?.keep(entity._key);
      };

      const progress = startProgress({
        logger,
        client,
        label: 'Repositories',
        unit: 'workspaces',
        total: config.workspaces.length,
        items: 'repositories',
      });
      try {
        await forEachWorkspace(
          jobState,
          progress.track(async (workspace, slug) => {
            let batch: BitbucketRepository[] = [];
            const flush = async () => {
              const current = batch;
              batch = [];
              await forEachConcurrently(
                current,
                config.client.maxConcurrency,
                (repo) => addRepo(workspace._key, slug, repo),
              );
            };
            await client.iterateRepositories(slug, async (repo) => {
              progress.item();
              batch.push(repo);
              if (batch.length >= BATCH) await flush();
            });
            await flush();
          }),
        );
      } finally {
        progress.stop();
        // Even when a listing failed: the restrictions read so far are still written (their
        // types are partial then, as fetch-branch-restrictions depends on this step).
        await restrictions?.save(jobState);
      }
    },
  },
];
