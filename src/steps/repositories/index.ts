import {
  IntegrationError,
  IntegrationStep,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { BitbucketNotFoundError } from '../../bitbucket/errors';
import { BitbucketRepository } from '../../bitbucket/types';
import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { isRefusal, NEEDS, warnRefused } from '../access/refusal';
import {
  addBranchRestrictions,
  postureOf,
  readBranchRestrictions,
  RepoRef,
} from '../branch-restrictions/read';
import { forEachConcurrently } from '../concurrency';
import { Entities, Relationships, Steps } from '../constants';
import { addEntityOnce, forEachWorkspace, relateKeys } from '../graph';
import { projectKey } from '../projects/converter';
import { startProgress } from '../progress';
import { warnUser } from '../warn';
import { createRepoEntity } from './converter';

/** Repositories whose restrictions are read side by side while the listing pages on. */
const BATCH = 50;

export const repositorySteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.REPOS.id,
    name: Steps.REPOS.name,
    entities: [Entities.REPO, Entities.BRANCH_RESTRICTION],
    relationships: [
      Relationships.WORKSPACE_OWNS_REPO,
      Relationships.PROJECT_HAS_REPO,
      Relationships.REPO_HAS_BRANCH_RESTRICTION,
    ],
    dependsOn: [Steps.WORKSPACES.id, Steps.PROJECTS.id],
    async executionHandler(context) {
      const { jobState, logger } = context;
      const client = getClient(context);
      const config = getParsedConfig(context.instance.config);
      // The main branch's posture is a property of the repository, and an entity cannot be
      // changed once written: its restrictions are read before the repository is added.
      const withRestrictions = config.ingestPermissions;
      const refused = new Set<string>();
      const failed: string[] = [];

      const addRepo = async (
        workspaceKey: string,
        slug: string,
        repo: BitbucketRepository,
      ) => {
        const ref: RepoRef = {
          workspace: slug,
          uuid: repo.uuid,
          fullName: repo.full_name,
          mainBranch: repo.mainbranch?.name,
        };
        let read:
          Awaited<ReturnType<typeof readBranchRestrictions>> | undefined;
        if (withRestrictions && !refused.has(slug)) {
          try {
            read = await readBranchRestrictions(client, ref);
          } catch (err) {
            if (isRefusal(err)) {
              if (!refused.has(slug)) {
                refused.add(slug);
                warnRefused(
                  logger,
                  'branch restrictions',
                  slug,
                  err,
                  NEEDS.branchRestrictions,
                );
              }
            } else if (err instanceof BitbucketNotFoundError) {
              warnUser(
                logger,
                IntegrationWarnEventName.MissingEntity,
                `Repository ${repo.full_name} (${repo.uuid}) was not found when its branch restrictions were read; it was probably deleted during the run.`,
              );
            } else {
              failed.push(repo.full_name);
              logger.error(
                { err, repository: repo.full_name },
                `Could not read the branch restrictions of ${repo.full_name}`,
              );
            }
          }
        }
        const entity = createRepoEntity(
          slug,
          repo,
          read && postureOf(ref, read),
        );
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
        if (read)
          await addBranchRestrictions(
            jobState,
            entity._key,
            ref,
            read.restrictions,
          );
      };

      const progress = startProgress({
        logger,
        client,
        label: 'Repositories',
        unit: 'workspaces',
        total: config.workspaces.length,
        items: 'repositories',
      });
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
      progress.stop();

      if (refused.size > 0 || failed.length > 0) {
        // Failing is what declares the restriction types partial, so JupiterOne keeps the
        // restrictions it holds instead of deleting what this run could not read.
        throw new IntegrationError({
          code: 'BRANCH_RESTRICTIONS_INCOMPLETE',
          message: `Branch restrictions were not collected for ${[
            ...[...refused].map((w) => `workspace ${w}`),
            ...failed.slice(0, 5),
          ].join(
            ', ',
          )}${failed.length > 5 ? ', …' : ''} (see the warnings); every repository was collected, without the main-branch posture where restrictions were not read.`,
        });
      }
    },
  },
];
