import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import {
  Entities,
  MappedRelationships,
  Relationships,
  Steps,
} from '../constants';
import { addActorRelationship } from '../pull-requests/converter';
import { reviewActorsFromEntity } from './converter';

/**
 * REVIEWED ("enriched PRs") from what the pull request list already returned
 * (`fields=+values.participants,+values.reviewers`): no API call at all. APPROVED is written
 * by the pull request step itself, whatever "enriched PRs" says.
 */
export const reviewSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.PR_REVIEWS.id,
    name: Steps.PR_REVIEWS.name,
    entities: [],
    relationships: [Relationships.USER_REVIEWED_PULL_REQUEST],
    mappedRelationships: [MappedRelationships.USER_REVIEWED_PULL_REQUEST],
    dependsOn: [Steps.PULL_REQUESTS.id, Steps.USERS.id],
    async executionHandler({ jobState, logger }) {
      let reviewed = 0;
      await jobState.iterateEntities(
        { _type: Entities.PULL_REQUEST._type },
        async (pr) => {
          const { reviewers } = reviewActorsFromEntity(pr);
          for (const actor of reviewers) {
            await addActorRelationship(
              jobState,
              Relationships.USER_REVIEWED_PULL_REQUEST,
              actor,
              pr._key,
            );
          }
          reviewed += reviewers.length;
        },
      );
      logger.info({ reviewed }, `Related ${reviewed} reviewer(s)`);
    },
  },
];
