import '@jupiterone/integration-sdk-testing';

import { BitbucketV1Group } from '../../bitbucket/types';
import { recordedBodies } from '../../../test/helpers/recordings';
import { createGroupEntity, groupKey } from './converter';

const [groups] = recordedBodies<BitbucketV1Group[]>(
  'fetch-repo-permissions.har',
  /\/1\.0\/groups\/examplej1workspace$/,
);
const workspace = {
  uuid: '{1ba2c09e-bb7b-44a1-b3da-018e8b3c0956}',
  slug: 'examplej1workspace',
};

describe('createGroupEntity (recorded /1.0/groups response)', () => {
  test('maps both recorded groups to UserGroups keyed by workspace uuid and slug', () => {
    const entities = groups.map((g) => createGroupEntity(workspace, g));
    expect(entities).toMatchGraphObjectSchema({
      _class: ['UserGroup'],
      _type: 'bitbucket_group',
    });
    expect(entities.map((e) => e._key)).toEqual([
      'bitbucket_group:{1ba2c09e-bb7b-44a1-b3da-018e8b3c0956}:developers',
      'bitbucket_group:{1ba2c09e-bb7b-44a1-b3da-018e8b3c0956}:administrators',
    ]);
    expect(entities[1]).toMatchObject({
      _type: 'bitbucket_group',
      _class: ['UserGroup'],
      id: 'examplej1workspace:administrators',
      name: 'Administrators',
      displayName: 'Administrators',
      slug: 'administrators',
      fullSlug: 'examplej1workspace:administrators',
      workspace: 'examplej1workspace',
      autoAdd: false,
      memberCount: 1,
      ownedByWorkspace: true,
      webLink:
        'https://bitbucket.org/examplej1workspace/workspace/settings/groups',
    });
    // Recorded as null: absent rather than a null property.
    expect(entities[1].permission).toBeUndefined();
    expect(entities[1].emailForwardingDisabled).toBeUndefined();
    expect(entities[0].memberCount).toBe(0);
  });

  test('members are related, not copied into the raw data', () => {
    const entity = createGroupEntity(workspace, groups[1]);
    const raw = entity._rawData?.[0].rawData as Record<string, unknown>;
    expect(raw.members).toBeUndefined();
    expect(raw.memberCount).toBe(1);
    expect(raw.slug).toBe('administrators');
  });

  test('the same slug in two workspaces gives two keys', () => {
    const other = { uuid: '{22222222-2222-4222-8222-222222222222}', slug: 'b' };
    expect(groupKey(workspace.uuid, 'developers')).not.toBe(
      groupKey(other.uuid, 'developers'),
    );
  });

  test('permission and email forwarding are mapped when set', () => {
    const entity = createGroupEntity(workspace, {
      ...groups[0],
      permission: 'write',
      email_forwarding_disabled: true,
      auto_add: true,
    });
    expect(entity).toMatchObject({
      permission: 'write',
      emailForwardingDisabled: true,
      autoAdd: true,
    });
  });
});
