import {
  Entity,
  IntegrationStep,
  JobState,
} from '@jupiterone/integration-sdk-core';

import { iterateWorkspacePermissions } from '../../bitbucket/access-resources';
import { BitbucketAccount } from '../../bitbucket/types';
import { getClient, getParsedConfig } from '../../client-registry';
import { IntegrationConfig } from '../../config';
import { markUnreadable, setWorkspaceOwners } from '../access/data';
import { isRefusal, NEEDS, warnRefused } from '../access/refusal';
import { Entities, Relationships, Steps } from '../constants';
import { forEachWorkspace, relateKeys } from '../graph';
import { roleOf, workspaceRolesProperty } from '../workspace-roles/converter';
import { createUserEntity, userKey } from './converter';

interface Member {
  account: BitbucketAccount;
  roles: string[];
}

export const userSteps: IntegrationStep<IntegrationConfig>[] = [
  {
    id: Steps.USERS.id,
    name: Steps.USERS.name,
    entities: [Entities.USER],
    relationships: [Relationships.WORKSPACE_HAS_USER],
    dependsOn: [Steps.WORKSPACES.id],
    async executionHandler(context) {
      const { jobState, logger } = context;
      const client = getClient(context);
      const { ingestPermissions } = getParsedConfig(context.instance.config);
      // One person in two workspaces is one user with a role in each: users are written once
      // every workspace is read, so `workspaceRoles` is whole.
      const members = new Map<string, Member>();

      await forEachWorkspace(jobState, async (workspace, slug) => {
        const relate = async (
          account: BitbucketAccount,
          role: string | undefined,
        ) => {
          const member = members.get(account.uuid) ?? { account, roles: [] };
          members.set(account.uuid, member);
          if (role) member.roles.push(`${slug}:${role}`);
          await addMembership(jobState, workspace, account.uuid, role);
        };
        if (ingestPermissions) {
          // The same members and pages as /members, with each one's role.
          const owners: string[] = [];
          try {
            await iterateWorkspacePermissions(client, slug, async (m) => {
              const role = roleOf(m.permission);
              if (role === 'owner') owners.push(userKey(m.user.uuid));
              await relate(m.user, role);
            });
            await setWorkspaceOwners(jobState, workspace._key, owners);
            return;
          } catch (err) {
            // Access tokens cannot read workspace permissions: fall back to the members list.
            if (!isRefusal(err)) throw err;
            warnRefused(logger, 'member roles', slug, err, NEEDS.roles);
            await markUnreadable(jobState, 'roles', slug);
          }
        }
        await client.iterateWorkspaceMembers(slug, (m) =>
          relate(m.user, undefined),
        );
      });

      for (const { account, roles } of members.values()) {
        const user = createUserEntity(account);
        const workspaceRoles = workspaceRolesProperty(roles);
        if (workspaceRoles) user.workspaceRoles = workspaceRoles;
        await jobState.addEntity(user);
      }
    },
  },
];

/** `bitbucket_workspace HAS bitbucket_user`, with `role` when it was read. */
async function addMembership(
  jobState: JobState,
  workspace: Entity,
  userUuid: string,
  role: string | undefined,
): Promise<void> {
  const hasUser = relateKeys(
    Relationships.WORKSPACE_HAS_USER,
    workspace._key,
    userKey(userUuid),
    role ? { role } : undefined,
  );
  // A member who shifts pages while the list is read shows up twice.
  if (!(await jobState.hasKey(hasUser._key)))
    await jobState.addRelationship(hasUser);
}
