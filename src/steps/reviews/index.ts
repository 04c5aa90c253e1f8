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
 * REVIEWED and APPROVED from what the pull request list already returned
 * (`fields=+values.participants,+values.reviewers`): no API call at all.
 */
export const reviewSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.PR_REVIEWS.id,
    name: Steps.PR_REVIEWS.name,
    entities: [],
    relationships: [
      Relationships.USER_REVIEWED_PULL_REQUEST,
      Relationships.USER_APPROVED_PULL_REQUEST,
    ],
    mappedRelationships: [
      MappedRelationships.USER_REVIEWED_PULL_REQUEST,
      MappedRelationships.USER_APPROVED_PULL_REQUEST,
    ],
    dependsOn: [Steps.PULL_REQUESTS.id, Steps.USERS.id],
    async executionHandler({ jobState, logger }) {
      let reviewed = 0;
      let approved = 0;
      await jobState.iterateEntities(
        { _type: Entities.PULL_REQUEST._type },
        async (pr) => {
          const { reviewers, approvers } = reviewActorsFromEntity(pr);
          for (const actor of reviewers) {
            await addActorRelationship(
              jobState,
              Relationships.USER_REVIEWED_PULL_REQUEST,
              actor,
              pr._key,
            );
          }
          for (const actor of approvers) {
            await addActorRelationship(
              jobState,
              Relationships.USER_APPROVED_PULL_REQUEST,
              actor,
              pr._key,
            );
          }
          reviewed += reviewers.length;
          approved += approvers.length;
        },
      );
      logger.info(
        { reviewed, approved },
        `Related ${reviewed} reviewer(s) and ${approved} approver(s)`,
      );
    },
  },
];
