import {
  IntegrationError,
  IntegrationStep,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import {
  iterateProjectGroupPermissions,
  iterateProjectUserPermissions,
} from '../../bitbucket/access-resources';
import { BitbucketNotFoundError } from '../../bitbucket/errors';
import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import {
  markUnreadable,
  ProjectGrants,
  setProjectGrants,
} from '../access/data';
import { projectLevel } from '../access/levels';
import { isRefusal, NEEDS, warnRefused } from '../access/refusal';
import { forEachConcurrently } from '../concurrency';
import { Failures } from '../failures';
import { Entities, Relationships, Steps } from '../constants';
import { groupKey } from '../groups/converter';
import { stringProperty } from '../links';
import { userKey } from '../users/converter';
import { warnUser } from '../warn';
import { createProjectGrantRelationship } from './converter';

interface ProjectRef {
  key: string;
  projectKey: string;
  workspace: string;
}

export const projectPermissionSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.PROJECT_PERMISSIONS.id,
    name: Steps.PROJECT_PERMISSIONS.name,
    entities: [],
    relationships: [
      Relationships.PROJECT_ALLOWS_USER,
      Relationships.PROJECT_ALLOWS_GROUP,
    ],
    dependsOn: [Steps.PROJECTS.id, Steps.USERS.id, Steps.GROUPS.id],
    async executionHandler(context) {
      const { jobState, logger } = context;
      const client = getClient(context);
      const config = getParsedConfig(context.instance.config);
      const workspaceUuids = new Map<string, string>();
      await jobState.iterateEntities(
        { _type: Entities.WORKSPACE._type },
        (w) => {
          workspaceUuids.set(
            stringProperty(w, 'slug'),
            stringProperty(w, 'uuid'),
          );
        },
      );
      const projects: ProjectRef[] = [];
      await jobState.iterateEntities({ _type: Entities.PROJECT._type }, (p) => {
        projects.push({
          key: p._key,
          projectKey: stringProperty(p, 'key'),
          workspace: stringProperty(p, 'workspace'),
        });
      });
      const refused = new Set<string>();
      const failed = new Failures({
        logger,
        what: 'the permissions of',
        unit: ['project', 'projects'],
      });
      let notInGraph = 0;

      await forEachConcurrently(
        projects,
        config.client.maxConcurrency,
        async (project) => {
          if (refused.has(project.workspace)) return;
          const grants: ProjectGrants = { users: [], groups: [] };
          const wsUuid = workspaceUuids.get(project.workspace) ?? '';
          try {
            await iterateProjectUserPermissions(
              client,
              project.workspace,
              project.projectKey,
              async (g) => {
                const level = projectLevel(g.permission);
                const target = userKey(g.user.uuid);
                if (!level) return;
                if (!(await jobState.hasKey(target))) return void notInGraph++;
                grants.users.push([target, level]);
              },
            );
            await iterateProjectGroupPermissions(
              client,
              project.workspace,
              project.projectKey,
              (g) => {
                const level = projectLevel(g.permission);
                if (level) grants.groups.push([g.group.slug, level]);
              },
            );
          } catch (err) {
            if (isRefusal(err)) {
              if (!refused.has(project.workspace)) {
                refused.add(project.workspace);
                warnRefused(
                  logger,
                  'project permissions',
                  project.workspace,
                  err,
                  NEEDS.projectPermissions,
                );
                await markUnreadable(
                  jobState,
                  'projectPermissions',
                  project.workspace,
                );
              }
              return;
            }
            if (err instanceof BitbucketNotFoundError) {
              warnUser(
                logger,
                IntegrationWarnEventName.MissingEntity,
                `Project ${project.workspace}/${project.projectKey} was not found when its permissions were read; it was probably deleted during the run.`,
              );
              return;
            }
            failed.add(`${project.workspace}/${project.projectKey}`, err);
            await markUnreadable(
              jobState,
              'projectPermissions',
              project.workspace,
            );
            return;
          }
          await setProjectGrants(jobState, project.key, grants);
          const edges = [
            ...grants.users.map(([user, level]) =>
              createProjectGrantRelationship('user', project.key, user, level),
            ),
            ...grants.groups.map(([slug, level]) => {
              const target = groupKey(wsUuid, slug);
              return createProjectGrantRelationship(
                'group',
                project.key,
                target,
                level,
              );
            }),
          ];
          for (const edge of edges) {
            if (!edge || (await jobState.hasKey(edge._key))) continue;
            if (
              edge._type === Relationships.PROJECT_ALLOWS_GROUP._type &&
              !(await jobState.hasKey(edge._toEntityKey as string))
            ) {
              notInGraph++;
              continue;
            }
            await jobState.addRelationship(edge);
          }
        },
      );
      failed.log();
      if (notInGraph > 0) {
        logger.warn(
          { notInGraph },
          `${notInGraph} project grant(s) name a user or group that is not in the graph (not a workspace member, or groups unreadable); no relationship was drawn to them`,
        );
      }
      if (refused.size > 0 || failed.size > 0) {
        throw new IntegrationError({
          code: 'PROJECT_PERMISSIONS_INCOMPLETE',
          message: `Project permissions were not collected for ${[...[...refused].map((w) => `workspace ${w}`), ...failed.items.slice(0, 5)].join(', ')} (see the warnings); the rest were collected.`,
        });
      }
    },
  },
];
