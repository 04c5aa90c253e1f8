import '@jupiterone/integration-sdk-testing';

import { BitbucketWorkspace } from '../../bitbucket/types';
import { recordedBodies } from '../../../test/helpers/recordings';
import { createWorkspaceEntity, workspaceKey } from './converter';

describe('createWorkspaceEntity (recorded responses)', () => {
  const [example] = recordedBodies<BitbucketWorkspace>(
    'fetch-workspaces.har',
    /\/2\.0\/workspaces\/ExampleJ1Workspace$/,
  );
  const [jupiterone] = recordedBodies<BitbucketWorkspace>(
    'getWorkspace.har',
    /\/2\.0\/workspaces\/jupiterone$/,
  );

  test('maps the recorded workspace to an Account keyed by uuid', () => {
    const entity = createWorkspaceEntity(example);
    expect(entity).toMatchGraphObjectSchema({
      _class: ['Account'],
      _type: 'bitbucket_workspace',
    });
    expect(entity).toMatchObject({
      _key: 'bitbucket_workspace:{1ba2c09e-bb7b-44a1-b3da-018e8b3c0956}',
      _type: 'bitbucket_workspace',
      _class: ['Account'],
      id: '{1ba2c09e-bb7b-44a1-b3da-018e8b3c0956}',
      uuid: '{1ba2c09e-bb7b-44a1-b3da-018e8b3c0956}',
      name: 'ExampleJ1Workspace',
      displayName: 'ExampleJ1Workspace',
      slug: 'examplej1workspace',
      isPrivate: true,
      public: false,
      webLink: 'https://bitbucket.org/examplej1workspace/',
      createdOn: Date.UTC(2023, 11, 14, 13, 28, 2, 78),
    });
    // The recording has no updated_on, forking_mode or is_privacy_enforced.
    expect(entity.updatedOn).toBeUndefined();
    expect(entity.forkingMode).toBeUndefined();
    expect(entity.isPrivacyEnforced).toBeUndefined();
  });

  test('a second recorded workspace gets its own key', () => {
    const entity = createWorkspaceEntity(jupiterone);
    expect(entity).toMatchGraphObjectSchema({ _class: ['Account'] });
    expect(entity._key).toBe(
      'bitbucket_workspace:{47ee2a27-c8fa-43c4-95fd-8384e557690e}',
    );
    expect(entity.createdOn).toBe(Date.UTC(2020, 6, 1, 13, 27, 21, 119));
  });

  test('maps optional settings when Bitbucket sends them', () => {
    const entity = createWorkspaceEntity({
      ...example,
      is_privacy_enforced: true,
      forking_mode: 'internal_only',
      updated_on: '2024-01-02T03:04:05.000000+00:00',
    });
    expect(entity).toMatchObject({
      isPrivacyEnforced: true,
      forkingMode: 'internal_only',
      updatedOn: Date.UTC(2024, 0, 2, 3, 4, 5),
    });
  });

  test('raw data is the API object and nothing else', () => {
    const entity = createWorkspaceEntity(example);
    expect(entity._rawData).toEqual([{ name: 'default', rawData: example }]);
  });

  test('keys are at least 10 characters even for short ids', () => {
    expect(workspaceKey('{a}').length).toBeGreaterThanOrEqual(10);
  });
});
