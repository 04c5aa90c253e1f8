import {
  IntegrationError,
  IntegrationStep,
  IntegrationWarnEventName,
  JobState,
} from '@jupiterone/integration-sdk-core';

import {
  iterateRepositoryGroupPermissions,
  iterateRepositoryUserPermissions,
} from '../../bitbucket/access-resources';
import { BitbucketNotFoundError } from '../../bitbucket/errors';
import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import {
  getProjectGrants,
  getWorkspaceOwners,
  unreadable,
} from '../access/data';
import { isRefusal, NEEDS, warnRefused } from '../access/refusal';
import { forEachStreamed } from '../concurrency';
import { Failures } from '../failures';
import { Entities, Relationships, Steps } from '../constants';
import { groupKey } from '../groups/converter';
import { stringProperty } from '../links';
import { userKey } from '../users/converter';
import { warnUser } from '../warn';
import {
  createRepoGroupRelationship,
  createRepoUserRelationship,
  effectiveRepoUsers,
} from './converter';

interface RepoRef {
  key: string;
  uuid: string;
  fullName: string;
  workspace: string;
  projectKey?: string;
}

interface WorkspaceAccess {
  uuid: string;
  owners: string[];
  /** Group slug → member user keys. */
  groupMembers: Map<string, string[]>;
  /** Bitbucket project key → project entity key. */
  projects: Map<string, string>;
}

/** Per workspace: owners, group members and projects, the small maps effective access needs. */
async function loadWorkspaces(
  jobState: JobState,
): Promise<Map<string, WorkspaceAccess>> {
  const bySlug = new Map<string, WorkspaceAccess>();
  await jobState.iterateEntities(
    { _type: Entities.WORKSPACE._type },
    async (w) => {
      const access: WorkspaceAccess = {
        uuid: stringProperty(w, 'uuid'),
        owners: (await getWorkspaceOwners(jobState, w._key)) ?? [],
        groupMembers: new Map(),
        projects: new Map(),
      };
      bySlug.set(stringProperty(w, 'slug'), access);
    },
  );
  const groups = new Map<string, { members: string[] }>();
  await jobState.iterateEntities({ _type: Entities.GROUP._type }, (g) => {
    const ws = bySlug.get(stringProperty(g, 'workspace'));
    if (!ws) return;
    const members: string[] = [];
    ws.groupMembers.set(stringProperty(g, 'slug'), members);
    groups.set(g._key, { members });
  });
  await jobState.iterateRelationships(
    { _type: Relationships.GROUP_HAS_USER._type },
    (r) => {
      const from = r._fromEntityKey;
      const to = r._toEntityKey;
      if (typeof from === 'string' && typeof to === 'string')
        groups.get(from)?.members.push(to);
    },
  );
  await jobState.iterateEntities({ _type: Entities.PROJECT._type }, (p) => {
    bySlug
      .get(stringProperty(p, 'workspace'))
      ?.projects.set(stringProperty(p, 'key'), p._key);
  });
  return bySlug;
}

export const repoPermissionSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.REPO_PERMISSIONS.id,
    name: Steps.REPO_PERMISSIONS.name,
    entities: [],
    relationships: [
      Relationships.REPO_ALLOWS_USER,
      Relationships.REPO_ALLOWS_GROUP,
    ],
    dependsOn: [
      Steps.REPOS.id,
      Steps.PROJECT_PERMISSIONS.id,
      Steps.GROUPS.id,
      Steps.USERS.id,
    ],
    async executionHandler(context) {
      const { jobState, logger } = context;
      const client = getClient(context);
      const config = getParsedConfig(context.instance.config);
      const workspaces = await loadWorkspaces(jobState);
      const refused = new Set<string>();
      const failed = new Failures({
        logger,
        what: 'the permissions of',
        unit: ['repository', 'repositories'],
      });
      let edges = 0;

      // Streamed from the stored repositories: at most `maxConcurrency` are held at once.
      await forEachStreamed<RepoRef>(
        (emit) =>
          jobState.iterateEntities({ _type: Entities.REPO._type }, (r) =>
            emit({
              key: r._key,
              uuid: stringProperty(r, 'uuid'),
              fullName: stringProperty(r, 'fullName'),
              workspace: stringProperty(r, 'workspace'),
              projectKey:
                typeof r.projectKey === 'string' ? r.projectKey : undefined,
            }),
          ),
        config.client.maxConcurrency,
        async (repo) => {
          const ws = workspaces.get(repo.workspace);
          if (!ws || refused.has(repo.workspace)) return;
          const userGrants: Array<[string, string]> = [];
          const groupGrants: Array<[string, string]> = [];
          try {
            await iterateRepositoryUserPermissions(
              client,
              repo.workspace,
              repo.uuid,
              (g) => {
                userGrants.push([userKey(g.user.uuid), g.permission]);
              },
            );
            await iterateRepositoryGroupPermissions(
              client,
              repo.workspace,
              repo.uuid,
              (g) => {
                groupGrants.push([g.group.slug, g.permission]);
              },
            );
          } catch (err) {
            if (isRefusal(err)) {
              if (!refused.has(repo.workspace)) {
                refused.add(repo.workspace);
                warnRefused(
                  logger,
                  'repository permissions',
                  repo.workspace,
                  err,
                  NEEDS.repoPermissions,
                );
              }
            } else if (err instanceof BitbucketNotFoundError) {
              warnUser(
                logger,
                IntegrationWarnEventName.MissingEntity,
                `Repository ${repo.fullName} (${repo.uuid}) was not found when its permissions were read; it was probably deleted during the run. No access to it was recorded.`,
              );
            } else {
              failed.add(repo.fullName, err);
            }
            return;
          }
          const projectEntityKey = repo.projectKey
            ? ws.projects.get(repo.projectKey)
            : undefined;
          const users = effectiveRepoUsers({
            repoKey: repo.key,
            userGrants,
            groupGrants,
            project: projectEntityKey
              ? await getProjectGrants(jobState, projectEntityKey)
              : undefined,
            groupMembers: ws.groupMembers,
            owners: ws.owners,
          });
          for (const [slug, permission] of groupGrants) {
            const target = groupKey(ws.uuid, slug);
            const edge = createRepoGroupRelationship(
              repo.key,
              target,
              permission,
            );
            if (
              !edge ||
              !(await jobState.hasKey(target)) ||
              (await jobState.hasKey(edge._key))
            )
              continue;
            await jobState.addRelationship(edge);
            edges++;
          }
          for (const [user, sources] of users) {
            const edge = createRepoUserRelationship(repo.key, user, sources);
            if (
              !edge ||
              !(await jobState.hasKey(user)) ||
              (await jobState.hasKey(edge._key))
            )
              continue;
            await jobState.addRelationship(edge);
            edges++;
          }
        },
      );
      failed.log();
      logger.info(
        { edges },
        `Related ${edges} user and group grant(s) to repositories`,
      );

      // Effective access without the project grants or the owners would understate it.
      const incomplete = [
        ...(await unreadable(jobState, 'projectPermissions')),
        ...(await unreadable(jobState, 'roles')),
      ].filter((w) => !refused.has(w));
      if (refused.size > 0 || failed.size > 0 || incomplete.length > 0) {
        throw new IntegrationError({
          code: 'REPO_PERMISSIONS_INCOMPLETE',
          message: `Repository permissions are incomplete for ${[
            ...[...refused].map((w) => `workspace ${w}`),
            ...[...new Set(incomplete)].map(
              (w) =>
                `workspace ${w} (project permissions or owners unreadable)`,
            ),
            ...failed.items.slice(0, 5),
          ].join(', ')} (see the warnings); the rest were collected.`,
        });
      }
    },
  },
];
