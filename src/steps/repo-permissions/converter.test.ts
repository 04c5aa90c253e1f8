import {
  BitbucketRepositoryGroupPermission,
  BitbucketRepositoryUserPermission,
} from '../../bitbucket/types';
import { recordedValues } from '../../../test/helpers/recordings';
import { createProjectGrantRelationship } from '../project-permissions/converter';
import {
  createRepoGroupRelationship,
  createRepoUserRelationship,
  effectiveRepoUsers,
  RepoAccessInput,
} from './converter';

const REPO = 'bitbucket_repo:{e5891ca2-0c3f-49a5-b7cf-a3e16500231a}';
const WS = '{1ba2c09e-bb7b-44a1-b3da-018e8b3c0956}';
const user = (n: number) =>
  `bitbucket_user:{00000000-0000-4000-8000-00000000000${n}}`;

function edgesFor(input: RepoAccessInput) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, sources] of effectiveRepoUsers(input)) {
    const edge = createRepoUserRelationship(input.repoKey, key, sources);
    if (edge) out[key] = edge;
  }
  return out;
}

const base: RepoAccessInput = {
  repoKey: REPO,
  userGrants: [],
  groupGrants: [],
  groupMembers: new Map(),
  owners: [],
};

describe('repository permissions from the recording (fetch-repo-permissions.har)', () => {
  const users = recordedValues<BitbucketRepositoryUserPermission>(
    'fetch-repo-permissions.har',
    /permissions-config\/users$/,
  );
  const groups = recordedValues<BitbucketRepositoryGroupPermission>(
    'fetch-repo-permissions.har',
    /permissions-config\/groups$/,
  );

  test('a direct admin grant is effective admin, from `direct`', () => {
    const key = `bitbucket_user:${users[0].user.uuid}`;
    const edges = edgesFor({
      ...base,
      userGrants: users.map((g) => [
        `bitbucket_user:${g.user.uuid}`,
        g.permission,
      ]),
    });
    expect(edges[key]).toMatchObject({
      _type: 'bitbucket_repo_allows_user',
      _class: 'ALLOWS',
      _fromEntityKey: REPO,
      _toEntityKey: key,
      permission: 'admin',
      readPermission: true,
      writePermission: true,
      adminPermission: true,
      directPermission: 'admin',
      via: 'direct',
    });
  });

  test('a group grant is an edge to the group, even when the group has no members', () => {
    const [grant] = groups;
    expect(grant.group.slug).toBe('developers');
    const groupKey = `bitbucket_group:${WS}:developers`;
    expect(
      createRepoGroupRelationship(REPO, groupKey, grant.permission),
    ).toMatchObject({
      _type: 'bitbucket_repo_allows_group',
      _toEntityKey: groupKey,
      permission: 'read',
      readPermission: true,
      writePermission: false,
      adminPermission: false,
    });
    // The recorded "developers" group has no members: no user gets access through it.
    expect(
      edgesFor({
        ...base,
        groupGrants: [['developers', grant.permission]],
        groupMembers: new Map([['developers', []]]),
      }),
    ).toEqual({});
  });
});

describe('effective access', () => {
  test('the highest source wins and every source is named, in order', () => {
    const edges = edgesFor({
      ...base,
      userGrants: [[user(1), 'read']],
      groupGrants: [
        ['qa', 'read'],
        ['devs', 'write'],
      ],
      project: {
        users: [[user(1), 'create-repo']],
        groups: [['leads', 'admin']],
      },
      groupMembers: new Map([
        ['devs', [user(1), user(2)]],
        ['qa', [user(1)]],
        ['leads', [user(3)]],
      ]),
      owners: [user(1)],
    });
    expect(edges[user(1)]).toMatchObject({
      permission: 'admin',
      directPermission: 'read',
      via: 'direct,group:devs,group:qa,project,workspace-owner',
    });
    expect(edges[user(2)]).toMatchObject({
      permission: 'write',
      via: 'group:devs',
      onlyViaGroups: true,
    });
    expect(edges[user(1)].onlyViaGroups).toBe(false);
    expect(edges[user(2)].directPermission).toBeUndefined();
    expect(edges[user(3)]).toMatchObject({
      permission: 'admin',
      via: 'project-group:leads',
      onlyViaGroups: true,
    });
  });

  test('create-repo on the project is write on its repositories', () => {
    const edges = edgesFor({
      ...base,
      project: { users: [[user(4), 'create-repo']], groups: [] },
    });
    expect(edges[user(4)]).toMatchObject({
      permission: 'write',
      writePermission: true,
      adminPermission: false,
      via: 'project',
    });
  });

  test('`none` gives nothing, and a repository grant cannot lower a project grant', () => {
    const edges = edgesFor({
      ...base,
      userGrants: [
        [user(5), 'none'],
        [user(6), 'read'],
      ],
      project: { users: [[user(6), 'admin']], groups: [] },
    });
    expect(edges[user(5)]).toBeUndefined();
    expect(edges[user(6)]).toMatchObject({
      permission: 'admin',
      directPermission: 'read',
      via: 'direct,project',
    });
    expect(
      createRepoGroupRelationship(REPO, 'bitbucket_group:x:y', 'none'),
    ).toBeUndefined();
  });

  test('owners administer every repository', () => {
    expect(edgesFor({ ...base, owners: [user(7)] })[user(7)]).toMatchObject({
      permission: 'admin',
      via: 'workspace-owner',
    });
  });
});

describe('project grants', () => {
  test('cumulative booleans per level; none is no edge', () => {
    const props = (p: string) =>
      createProjectGrantRelationship(
        'user',
        'bitbucket_project:{p}',
        user(1),
        p,
      );
    expect(props('create-repo')).toMatchObject({
      _type: 'bitbucket_project_allows_user',
      permission: 'create-repo',
      readPermission: true,
      writePermission: true,
      createRepoPermission: true,
      adminPermission: false,
    });
    expect(props('admin')).toMatchObject({
      createRepoPermission: true,
      adminPermission: true,
    });
    expect(props('read')).toMatchObject({
      writePermission: false,
      createRepoPermission: false,
    });
    expect(props('none')).toBeUndefined();
    expect(
      createProjectGrantRelationship(
        'group',
        'bitbucket_project:{p}',
        'bitbucket_group:{w}:g',
        'write',
      ),
    ).toMatchObject({
      _type: 'bitbucket_project_allows_group',
      permission: 'write',
    });
  });
});
