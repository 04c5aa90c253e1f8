import {
  IntegrationStep,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import {
  Entities,
  MappedRelationships,
  Relationships,
  Steps,
} from '../constants';
import { Actor, createActorRelationship } from '../pull-requests/converter';
import { userKey } from '../users/converter';
import { stringProperty } from '../links';

/** Rebuilds the reviewer/approver actors the pull request step summarised on the entity. */
function actors(
  ids: unknown,
  names: unknown,
  uuids: Map<string, string>,
): Actor[] {
  if (!Array.isArray(ids)) return [];
  const display = Array.isArray(names) ? names : [];
  return ids.map((accountId: string, i) => ({
    accountId,
    uuid: uuids.get(accountId) ?? accountId,
    displayName: String(display[i] ?? accountId),
    type: 'user',
  }));
}

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
      const uuidByAccountId = new Map<string, string>();
      await jobState.iterateEntities({ _type: Entities.USER._type }, (user) => {
        if (typeof user.accountId === 'string') {
          uuidByAccountId.set(user.accountId, stringProperty(user, 'uuid'));
        }
      });
      let reviewed = 0;
      let approved = 0;
      await jobState.iterateEntities(
        { _type: Entities.PULL_REQUEST._type },
        async (pr) => {
          for (const actor of actors(
            pr.reviewerIds,
            pr.reviewers,
            uuidByAccountId,
          )) {
            await jobState.addRelationship(
              createActorRelationship(
                RelationshipClass.REVIEWED,
                Relationships.USER_REVIEWED_PULL_REQUEST._type,
                actor,
                pr._key,
                await jobState.hasKey(userKey(actor.uuid)),
              ),
            );
            reviewed++;
          }
          for (const actor of actors(
            pr.approverIds,
            pr.approvers,
            uuidByAccountId,
          )) {
            await jobState.addRelationship(
              createActorRelationship(
                RelationshipClass.APPROVED,
                Relationships.USER_APPROVED_PULL_REQUEST._type,
                actor,
                pr._key,
                await jobState.hasKey(userKey(actor.uuid)),
              ),
            );
            approved++;
          }
        },
      );
      logger.info(
        { reviewed, approved },
        `Related ${reviewed} reviewer(s) and ${approved} approver(s)`,
      );
    },
  },
];
