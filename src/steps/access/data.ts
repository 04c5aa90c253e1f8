import { JobState } from '@jupiterone/integration-sdk-core';

import { ProjectLevel } from './levels';

/**
 * What one access step hands to a later one through the job state: small maps (grants per
 * project, owners per workspace), never the per-repository edges, which are written as they
 * are computed.
 */
export interface ProjectGrants {
  /** `[user key, level]` */
  users: Array<[string, ProjectLevel]>;
  /** `[group slug, level]` */
  groups: Array<[string, ProjectLevel]>;
}

const projectGrantsKey = (projectKey: string) => `project-grants:${projectKey}`;
const ownersKey = (workspaceKey: string) => `workspace-owners:${workspaceKey}`;
const UNREADABLE = 'access-unreadable';

export async function setProjectGrants(
  jobState: JobState,
  projectKey: string,
  grants: ProjectGrants,
): Promise<void> {
  await jobState.setData(projectGrantsKey(projectKey), grants);
}

export async function getProjectGrants(
  jobState: JobState,
  projectKey: string,
): Promise<ProjectGrants | undefined> {
  return jobState.getData<ProjectGrants>(projectGrantsKey(projectKey));
}

/** Owners' user keys; undefined when the workspace's roles could not be read. */
export async function setWorkspaceOwners(
  jobState: JobState,
  workspaceKey: string,
  owners: string[],
): Promise<void> {
  await jobState.setData(ownersKey(workspaceKey), owners);
}

export async function getWorkspaceOwners(
  jobState: JobState,
  workspaceKey: string,
): Promise<string[] | undefined> {
  return jobState.getData<string[]>(ownersKey(workspaceKey));
}

/** Records that some access data of a workspace could not be read (`what` per feature). */
export async function markUnreadable(
  jobState: JobState,
  what: 'roles' | 'projectPermissions',
  workspace: string,
): Promise<void> {
  const all =
    (await jobState.getData<Record<string, string[]>>(UNREADABLE)) ?? {};
  all[what] = [...new Set([...(all[what] ?? []), workspace])];
  await jobState.setData(UNREADABLE, all);
}

export async function unreadable(
  jobState: JobState,
  what: 'roles' | 'projectPermissions',
): Promise<string[]> {
  const all = await jobState.getData<Record<string, string[]>>(UNREADABLE);
  return all?.[what] ?? [];
}
