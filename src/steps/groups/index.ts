import {
  IntegrationError,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationStep,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import {
  BitbucketGoneError,
  BitbucketNotFoundError,
} from '../../bitbucket/errors';
import { BitbucketV1Group } from '../../bitbucket/types';
import { getClient } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { createGroupEntity } from './converter';
import { forEachWorkspace, relateKeys } from '../graph';
import { stringProperty } from '../links';
import { warnUser } from '../warn';

/** Answers that mean "this credential cannot list groups", not "something broke". */
function isRefusal(err: unknown): boolean {
  return (
    err instanceof IntegrationProviderAuthenticationError ||
    err instanceof IntegrationProviderAuthorizationError ||
    err instanceof BitbucketNotFoundError ||
    err instanceof BitbucketGoneError
  );
}

export const groupSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.GROUPS.id,
    name: Steps.GROUPS.name,
    entities: [Entities.GROUP],
    relationships: [
      Relationships.WORKSPACE_HAS_GROUP,
      Relationships.GROUP_HAS_USER,
      Relationships.USER_OWNS_GROUP,
    ],
    dependsOn: [Steps.WORKSPACES.id, Steps.USERS.id],
    async executionHandler(context) {
      const { jobState, logger } = context;
      const client = getClient(context);
      const refused: string[] = [];
      await forEachWorkspace(jobState, async (workspace, slug) => {
        const ws = { uuid: stringProperty(workspace, 'uuid'), slug };
        let groups: BitbucketV1Group[];
        try {
          groups = await client.listGroups(ws.slug);
        } catch (err) {
          if (!isRefusal(err)) throw err;
          refused.push(ws.slug);
          warnUser(
            logger,
            IntegrationWarnEventName.MissingPermission,
            `Bitbucket refused to list the groups of workspace "${ws.slug}" (${(err as Error).message}). Groups come only from the legacy /1.0/groups API, which needs an OAuth consumer with the "account" permission; workspace access tokens cannot read it. Group entities and relationships were not collected this run and are kept as they were in JupiterOne (partial dataset).`,
          );
          return;
        }
        for (const group of groups) {
          const entity = await jobState.addEntity(createGroupEntity(ws, group));
          await jobState.addRelationship(
            relateKeys(
              Relationships.WORKSPACE_HAS_GROUP,
              workspace._key,
              entity._key,
            ),
          );
          // Bitbucket makes everyone in a group a workspace member, so a key that is missing
          // here is someone who left (or joined) while the run read the two lists. No edge is
          // drawn to a user that is not in the graph; the count is logged, and `memberCount`
          // still counts them.
          let notMembers = 0;
          for (const member of group.members) {
            const key = userKey(member.uuid);
            if (!(await jobState.hasKey(key))) {
              notMembers++;
              continue;
            }
            await jobState.addRelationship(
              relateKeys(Relationships.GROUP_HAS_USER, entity._key, key),
            );
          }
          const ownerKey =
            group.owner && !group.owner.is_team
              ? userKey(group.owner.uuid)
              : undefined;
          const ownerNotMember =
            ownerKey !== undefined && !(await jobState.hasKey(ownerKey));
          if (ownerKey && !ownerNotMember) {
            await jobState.addRelationship(
              relateKeys(Relationships.USER_OWNS_GROUP, ownerKey, entity._key),
            );
          }
          if (notMembers > 0 || ownerNotMember) {
            const who = [
              notMembers > 0 ? `${notMembers} member(s)` : '',
              ownerNotMember ? 'the owner' : '',
            ]
              .filter(Boolean)
              .join(' and ');
            logger.warn(
              {
                group: group.slug,
                workspace: ws.slug,
                notMembers,
                ownerNotMember,
              },
              `Group "${group.slug}" of workspace "${ws.slug}": ${who} not in the workspace's member list; no relationship was drawn to them`,
            );
          }
        }
      });
      if (refused.length > 0) {
        // Failing the step is what declares its types partial, so the groups JupiterOne
        // already holds are not deleted by an upload that could not see them.
        throw new IntegrationError({
          code: 'GROUPS_NOT_COLLECTED',
          message: `Groups were not collected for workspace(s) ${refused.join(', ')}: the credentials cannot read /1.0/groups (see the warning event). Other data was collected.`,
        });
      }
    },
  },
];
