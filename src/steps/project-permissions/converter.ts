import { Relationship } from '@jupiterone/integration-sdk-core';

import { projectLevel, projectPermissionProperties } from '../access/levels';
import { Relationships } from '../constants';
import { relateKeys } from '../graph';

/**
 * `bitbucket_project ALLOWS bitbucket_user|bitbucket_group` for an explicit grant, with the
 * API's `permission` and the cumulative booleans; `none` (or an unknown level) is no edge.
 */
export function createProjectGrantRelationship(
  target: 'user' | 'group',
  projectKey: string,
  targetKey: string,
  permission: string | null | undefined,
): Relationship | undefined {
  const level = projectLevel(permission);
  if (!level) return undefined;
  return relateKeys(
    target === 'user'
      ? Relationships.PROJECT_ALLOWS_USER
      : Relationships.PROJECT_ALLOWS_GROUP,
    projectKey,
    targetKey,
    projectPermissionProperties(level),
  );
}
