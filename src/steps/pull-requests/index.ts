import {
  IntegrationError,
  IntegrationStep,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { BitbucketNotFoundError } from '../../bitbucket/errors';
import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import {
  Entities,
  MappedRelationships,
  Relationships,
  Steps,
} from '../constants';
import {
  actorOf,
  addActorRelationship,
  createPullRequestEntity,
} from './converter';
import { approversOf } from './approvals';
import { pullRequestWindowStart } from './window';
import { addEntityOnce, countEntities, relateKeys } from '../graph';
import { stringProperty } from '../links';
import { warnUser } from '../warn';
import { forEachStreamed } from '../concurrency';
import { startProgress } from '../progress';
import { Failures } from '../failures';

interface PullRequestRepo {
  key: string;
  uuid: string;
  workspace: string;
  fullName: string;
}

export const pullRequestSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.PULL_REQUESTS.id,
    name: Steps.PULL_REQUESTS.name,
    entities: [Entities.PULL_REQUEST],
    relationships: [
      Relationships.REPO_HAS_PULL_REQUEST,
      Relationships.USER_OPENED_PULL_REQUEST,
      Relationships.USER_APPROVED_PULL_REQUEST,
    ],
    mappedRelationships: [
      MappedRelationships.USER_OPENED_PULL_REQUEST,
      MappedRelationships.USER_APPROVED_PULL_REQUEST,
    ],
    dependsOn: [Steps.REPOS.id, Steps.USERS.id],
    async executionHandler(context) {
      const { jobState, logger, executionHistory } = context;
      const config = getParsedConfig(context.instance.config);
      const client = getClient(context);
      const updatedAfter = pullRequestWindowStart({
        now: Date.now(),
        lookbackMs: config.pullRequestLookbackMs,
        lastSuccessfulStartedOn: executionHistory?.lastSuccessful?.startedOn,
      });
      logger.info(
        { updatedAfter: updatedAfter.toISOString() },
        `Collecting pull requests updated after ${updatedAfter.toISOString()}`,
      );
      const failures = new Failures({
        logger,
        what: 'the pull requests of',
        unit: ['repository', 'repositories'],
      });
      let count = 0;
      const progress = startProgress({
        logger,
        client,
        label: 'Pull requests',
        unit: 'repositories',
        total: await countEntities(jobState, Entities.REPO._type),
        items: 'pull requests',
      });
      // Streamed from the stored repositories: at most `maxConcurrency` are held at once, not a
      // list of every one (20,000 at the scale we test).
      await forEachStreamed<PullRequestRepo>(
        (emit) =>
          jobState.iterateEntities({ _type: Entities.REPO._type }, (repo) =>
            emit({
              key: repo._key,
              uuid: stringProperty(repo, 'uuid'),
              workspace: stringProperty(repo, 'workspace'),
              fullName: stringProperty(repo, 'fullName'),
            }),
          ),
        config.client.maxConcurrency,
        progress.track(async (repo) => {
          try {
            await client.iteratePullRequests(
              repo.workspace,
              repo.uuid,
              // Participants carry the approvals, which every run writes; the same pages
              // with a larger body, so no extra call.
              { updatedAfter, withParticipants: true },
              async (pr) => {
                const entity = createPullRequestEntity(
                  pr,
                  repo.uuid,
                  config.enrichedPrs,
                );
                // A pull request updated while the list was being paged can show up twice.
                if (!(await addEntityOnce(jobState, entity))) return;
                count++;
                progress.item();
                await jobState.addRelationship(
                  relateKeys(
                    Relationships.REPO_HAS_PULL_REQUEST,
                    repo.key,
                    entity._key,
                  ),
                );
                if (pr.author) {
                  await addActorRelationship(
                    jobState,
                    Relationships.USER_OPENED_PULL_REQUEST,
                    actorOf(pr.author),
                    entity._key,
                  );
                }
                for (const approver of approversOf(pr)) {
                  await addActorRelationship(
                    jobState,
                    Relationships.USER_APPROVED_PULL_REQUEST,
                    approver,
                    entity._key,
                  );
                }
              },
            );
          } catch (err) {
            if (err instanceof BitbucketNotFoundError) {
              // Deleted (or made invisible) between the repository listing and now.
              warnUser(
                logger,
                IntegrationWarnEventName.MissingEntity,
                `Repository ${repo.fullName} (${repo.uuid}) was not found when its pull requests were read; it was probably deleted during the run. Its pull requests were skipped.`,
              );
              return;
            }
            failures.add(repo.fullName, err);
          }
        }),
      );
      progress.stop();
      logger.info(
        { pullRequests: count },
        `Collected ${count} pull request(s)`,
      );
      failures.log();
      if (failures.size > 0) {
        const failed = failures.items;
        throw new IntegrationError({
          code: 'PULL_REQUESTS_INCOMPLETE',
          message: `Pull requests of ${failed.length} repositor${failed.length === 1 ? 'y' : 'ies'} could not be read (${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''}); the others were collected.`,
        });
      }
    },
  },
];
