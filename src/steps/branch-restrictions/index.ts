import { IntegrationStep } from '@jupiterone/integration-sdk-core';

import { IntegrationConfig } from '../../config';
import { Entities, Relationships, Steps } from '../constants';
import { groupKey } from '../groups/converter';
import { relateKeys } from '../graph';
import { stringProperty } from '../links';
import { userKey } from '../users/converter';
import { fetchBranchRestrictionsStep } from './fetch';

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * `bitbucket_branch_restriction ALLOWS bitbucket_user|bitbucket_group` for those a restriction
 * exempts (the predecessor's relationship types), from the ids kept on each restriction: no
 * API call. Separate from fetch-branch-restrictions so that groups an access token cannot read
 * never make the restrictions partial.
 */
export const branchRestrictionSteps: IntegrationStep<IntegrationConfig>[] = [
  fetchBranchRestrictionsStep,
  {
    id: Steps.BRANCH_RESTRICTION_EXEMPTIONS.id,
    name: Steps.BRANCH_RESTRICTION_EXEMPTIONS.name,
    entities: [],
    relationships: [
      Relationships.BRANCH_RESTRICTION_ALLOWS_USER,
      Relationships.BRANCH_RESTRICTION_ALLOWS_GROUP,
    ],
    dependsOn: [Steps.BRANCH_RESTRICTIONS.id, Steps.USERS.id, Steps.GROUPS.id],
    async executionHandler({ jobState, logger }) {
      const workspaceUuids = new Map<string, string>();
      await jobState.iterateEntities({ _type: Entities.REPO._type }, (r) => {
        workspaceUuids.set(r._key, stringProperty(r, 'workspace'));
      });
      const wsUuidBySlug = new Map<string, string>();
      await jobState.iterateEntities(
        { _type: Entities.WORKSPACE._type },
        (w) => {
          wsUuidBySlug.set(
            stringProperty(w, 'slug'),
            stringProperty(w, 'uuid'),
          );
        },
      );
      let notInGraph = 0;
      await jobState.iterateEntities(
        { _type: Entities.BRANCH_RESTRICTION._type },
        async (restriction) => {
          const repoKey = `${Entities.REPO._type}:${stringProperty(restriction, 'repoUuid')}`;
          const wsUuid = wsUuidBySlug.get(workspaceUuids.get(repoKey) ?? '');
          const targets = [
            ...strings(restriction.exemptUserUuids).map((uuid) => ({
              meta: Relationships.BRANCH_RESTRICTION_ALLOWS_USER,
              key: userKey(uuid),
            })),
            ...strings(restriction.exemptGroupSlugs).map((slug) => ({
              meta: Relationships.BRANCH_RESTRICTION_ALLOWS_GROUP,
              key: wsUuid ? groupKey(wsUuid, slug) : '',
            })),
          ];
          for (const { meta, key } of targets) {
            if (!key || !(await jobState.hasKey(key))) {
              notInGraph++;
              continue;
            }
            await jobState.addRelationship(
              relateKeys(meta, restriction._key, key),
            );
          }
        },
      );
      if (notInGraph > 0) {
        logger.warn(
          { notInGraph },
          `${notInGraph} branch restriction exemption(s) name a user or group that is not in the graph; no relationship was drawn to them`,
        );
      }
    },
  },
];
