import '@jupiterone/integration-sdk-testing';

import {
  BitbucketAccount,
  BitbucketWorkspaceMembership,
} from '../../bitbucket/types';
import { recordedValues } from '../../../test/helpers/recordings';
import { createUserEntity, userKey } from './converter';

const members = recordedValues<BitbucketWorkspaceMembership>(
  'fetch-users.har',
  /\/2\.0\/workspaces\/[^/]+\/members$/,
);
const moreMembers = recordedValues<BitbucketWorkspaceMembership>(
  'getWorkspaceMembers.har',
  /\/2\.0\/workspaces\/[^/]+\/members$/,
);

describe('createUserEntity (recorded responses)', () => {
  test('maps the recorded member to a User keyed by uuid', () => {
    expect(members).toHaveLength(1);
    const entity = createUserEntity(members[0].user);
    expect(entity).toMatchGraphObjectSchema({
      _class: ['User'],
      _type: 'bitbucket_user',
    });
    expect(entity).toMatchObject({
      _key: 'bitbucket_user:{9e920c80-7062-4c24-accb-23ce439cd4e3}',
      _type: 'bitbucket_user',
      _class: ['User'],
      id: '{9e920c80-7062-4c24-accb-23ce439cd4e3}',
      uuid: '{9e920c80-7062-4c24-accb-23ce439cd4e3}',
      accountId: '63b448012c70aae1e6fae7ff',
      name: 'User 0',
      displayName: 'User 0',
      username: 'Nickname 0',
      nickname: 'Nickname 0',
      accountType: 'user',
      // The members listing carries no account_status: a listed member is active.
      active: true,
      webLink:
        'https://bitbucket.org/%7B9e920c80-7062-4c24-accb-23ce439cd4e3%7D/',
    });
    expect(entity.accountStatus).toBeUndefined();
    expect(entity.createdOn).toBeUndefined();
  });

  test('every member of the larger recording validates and keys by uuid', () => {
    const entities = moreMembers.map((m) => createUserEntity(m.user));
    expect(entities).toMatchGraphObjectSchema({ _class: ['User'] });
    expect(entities.map((e) => e._key)).toEqual([
      'bitbucket_user:{ff0294ca-05b6-4ced-925e-1f675fec4770}',
      'bitbucket_user:{288779e9-3ec5-4d87-aa34-fa8c09009e96}',
      'bitbucket_user:{0efd1a1f-58dc-437b-b6a1-bd09cd1af970}',
    ]);
    expect(entities.map((e) => e.accountId)).toEqual([
      '602aa0a17b23f4006849e578',
      '6007539ecc7af1006f446726',
      '60214f26c6e3d00070f81446',
    ]);
  });

  test('account_status decides active when present', () => {
    const base = members[0].user;
    expect(
      createUserEntity({ ...base, account_status: 'inactive' }),
    ).toMatchObject({ active: false, accountStatus: 'inactive' });
    expect(
      createUserEntity({ ...base, account_status: 'active' }),
    ).toMatchObject({ active: true, accountStatus: 'active' });
  });

  test('an app user (access token principal) is a User of accountType app_user', () => {
    const app: BitbucketAccount = {
      type: 'app_user',
      uuid: '{00000000-0000-4000-8000-0000000000aa}',
      account_id: undefined,
      display_name: 'CI token',
      nickname: 'ci-token',
      created_on: '2025-05-06T07:08:09.000000+00:00',
    };
    const entity = createUserEntity(app);
    expect(entity).toMatchGraphObjectSchema({ _class: ['User'] });
    expect(entity).toMatchObject({
      _key: 'bitbucket_user:{00000000-0000-4000-8000-0000000000aa}',
      accountType: 'app_user',
      name: 'CI token',
      createdOn: Date.UTC(2025, 4, 6, 7, 8, 9),
    });
    expect(entity.accountId).toBeUndefined();
  });

  test('the key does not change when the display name does', () => {
    const user = members[0].user;
    expect(
      createUserEntity({ ...user, display_name: 'Renamed', nickname: 'x' })
        ._key,
    ).toBe(createUserEntity(user)._key);
    expect(userKey(user.uuid)).toBe(createUserEntity(user)._key);
  });
});
