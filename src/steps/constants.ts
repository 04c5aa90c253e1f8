/** Every step id, `_type`, `_class` and relationship of the integration, written once. */
import {
  RelationshipClass,
  RelationshipDirection,
  StepEntityMetadata,
  StepMappedRelationshipMetadata,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

export const Steps = {
  WORKSPACES: { id: 'fetch-workspaces', name: 'Fetch Workspaces' },
  USERS: { id: 'fetch-users', name: 'Fetch Users' },
  GROUPS: { id: 'fetch-groups', name: 'Fetch Groups' },
  PROJECTS: { id: 'fetch-projects', name: 'Fetch Projects' },
  REPOS: { id: 'fetch-repos', name: 'Fetch Repos' },
  PULL_REQUESTS: { id: 'fetch-pull-requests', name: 'Fetch Pull Requests' },
  PR_REVIEWS: {
    id: 'build-pull-request-review-relationships',
    name: 'Build Pull Request Review Relationships',
  },
  WORKSPACE_MANAGERS: {
    id: 'build-user-workspace-relationships',
    name: 'Build User Workspace Relationships',
  },
  PROJECT_PERMISSIONS: {
    id: 'fetch-project-permissions',
    name: 'Fetch Project Permissions',
  },
  REPO_PERMISSIONS: {
    id: 'fetch-repo-permissions',
    name: 'Fetch Repo Permissions',
  },
  BRANCH_RESTRICTIONS: {
    id: 'fetch-branch-restrictions',
    name: 'Fetch Branch Restrictions',
  },
  BRANCH_RESTRICTION_EXEMPTIONS: {
    id: 'build-branch-restriction-exemption-relationships',
    name: 'Build Branch Restriction Exemption Relationships',
  },
} satisfies Record<string, { id: string; name: string }>;

export const Entities = {
  WORKSPACE: {
    resourceName: 'Bitbucket Workspace',
    _type: 'bitbucket_workspace',
    _class: ['Account'],
  },
  GROUP: {
    resourceName: 'Bitbucket Group',
    _type: 'bitbucket_group',
    _class: ['UserGroup'],
  },
  USER: {
    resourceName: 'Bitbucket User',
    _type: 'bitbucket_user',
    _class: ['User'],
  },
  PROJECT: {
    resourceName: 'Bitbucket Project',
    _type: 'bitbucket_project',
    _class: ['Project'],
  },
  REPO: {
    resourceName: 'Bitbucket Repo',
    _type: 'bitbucket_repo',
    _class: ['CodeRepo'],
  },
  PULL_REQUEST: {
    resourceName: 'Bitbucket Pull Request',
    _type: 'bitbucket_pullrequest',
    _class: ['Review', 'PR'],
    // Collected for a window: a run never deletes a pull request it did not see.
    partial: true,
  },
  BRANCH_RESTRICTION: {
    resourceName: 'Bitbucket Branch Restriction',
    _type: 'bitbucket_branch_restriction',
    // AccessPolicy keeps the predecessor's queries working; Rule is what it is.
    _class: ['Rule', 'AccessPolicy'],
  },
} satisfies Record<string, StepEntityMetadata>;

function relationship(
  from: StepEntityMetadata,
  _class: RelationshipClass,
  to: StepEntityMetadata,
  partial?: boolean,
): StepRelationshipMetadata {
  const verb = _class.toLowerCase();
  return {
    _type: `${from._type}_${verb}_${to._type.replace(/^bitbucket_/, '')}`,
    sourceType: from._type,
    _class,
    targetType: to._type,
    ...(partial ? { partial } : {}),
  };
}

export const Relationships = {
  WORKSPACE_HAS_USER: relationship(
    Entities.WORKSPACE,
    RelationshipClass.HAS,
    Entities.USER,
  ),
  WORKSPACE_HAS_GROUP: relationship(
    Entities.WORKSPACE,
    RelationshipClass.HAS,
    Entities.GROUP,
  ),
  GROUP_HAS_USER: relationship(
    Entities.GROUP,
    RelationshipClass.HAS,
    Entities.USER,
  ),
  USER_OWNS_GROUP: relationship(
    Entities.USER,
    RelationshipClass.OWNS,
    Entities.GROUP,
  ),
  WORKSPACE_OWNS_PROJECT: relationship(
    Entities.WORKSPACE,
    RelationshipClass.OWNS,
    Entities.PROJECT,
  ),
  WORKSPACE_OWNS_REPO: relationship(
    Entities.WORKSPACE,
    RelationshipClass.OWNS,
    Entities.REPO,
  ),
  PROJECT_HAS_REPO: relationship(
    Entities.PROJECT,
    RelationshipClass.HAS,
    Entities.REPO,
  ),
  REPO_HAS_PULL_REQUEST: relationship(
    Entities.REPO,
    RelationshipClass.HAS,
    Entities.PULL_REQUEST,
    true,
  ),
  USER_OPENED_PULL_REQUEST: relationship(
    Entities.USER,
    RelationshipClass.OPENED,
    Entities.PULL_REQUEST,
    true,
  ),
  USER_REVIEWED_PULL_REQUEST: relationship(
    Entities.USER,
    RelationshipClass.REVIEWED,
    Entities.PULL_REQUEST,
    true,
  ),
  USER_APPROVED_PULL_REQUEST: relationship(
    Entities.USER,
    RelationshipClass.APPROVED,
    Entities.PULL_REQUEST,
    true,
  ),
  USER_MANAGES_WORKSPACE: relationship(
    Entities.USER,
    RelationshipClass.MANAGES,
    Entities.WORKSPACE,
  ),
  PROJECT_ALLOWS_USER: relationship(
    Entities.PROJECT,
    RelationshipClass.ALLOWS,
    Entities.USER,
  ),
  PROJECT_ALLOWS_GROUP: relationship(
    Entities.PROJECT,
    RelationshipClass.ALLOWS,
    Entities.GROUP,
  ),
  REPO_ALLOWS_USER: relationship(
    Entities.REPO,
    RelationshipClass.ALLOWS,
    Entities.USER,
  ),
  REPO_ALLOWS_GROUP: relationship(
    Entities.REPO,
    RelationshipClass.ALLOWS,
    Entities.GROUP,
  ),
  REPO_HAS_BRANCH_RESTRICTION: relationship(
    Entities.REPO,
    RelationshipClass.HAS,
    Entities.BRANCH_RESTRICTION,
  ),
  BRANCH_RESTRICTION_ALLOWS_USER: relationship(
    Entities.BRANCH_RESTRICTION,
    RelationshipClass.ALLOWS,
    Entities.USER,
  ),
  BRANCH_RESTRICTION_ALLOWS_GROUP: relationship(
    Entities.BRANCH_RESTRICTION,
    RelationshipClass.ALLOWS,
    Entities.GROUP,
  ),
};

/**
 * Authors, reviewers and approvers who are not members of a collected workspace (former
 * employees, app users) are related through mapped relationships on their Atlassian account id:
 * JupiterOne links them to a `bitbucket_user` with that `accountId` when one exists, or keeps a
 * placeholder for them, so they stay queryable as actors without a dangling direct key.
 */
function mapped(
  direct: StepRelationshipMetadata,
): StepMappedRelationshipMetadata {
  return {
    _type: direct._type,
    sourceType: Entities.PULL_REQUEST._type,
    _class: direct._class,
    targetType: Entities.USER._type,
    direction: RelationshipDirection.REVERSE,
    partial: true,
  };
}

export const MappedRelationships = {
  USER_OPENED_PULL_REQUEST: mapped(Relationships.USER_OPENED_PULL_REQUEST),
  USER_REVIEWED_PULL_REQUEST: mapped(Relationships.USER_REVIEWED_PULL_REQUEST),
  USER_APPROVED_PULL_REQUEST: mapped(Relationships.USER_APPROVED_PULL_REQUEST),
};
