import '@jupiterone/integration-sdk-testing';

import { BitbucketRepository } from '../../bitbucket/types';
import { recordedValues } from '../../../test/helpers/recordings';
import { createRepoEntity, repoKey } from './converter';

const repos = recordedValues<BitbucketRepository>(
  'fetch-repos.har',
  /\/2\.0\/repositories\/[^/]+$/,
);
const allRepos = recordedValues<BitbucketRepository>(
  'getAllRepos.har',
  /\/2\.0\/repositories\/jupiterone$/,
);

describe('createRepoEntity (recorded responses)', () => {
  test('maps the recorded repository to a CodeRepo keyed by uuid', () => {
    expect(repos).toHaveLength(1);
    const entity = createRepoEntity('examplej1workspace', repos[0]);
    expect(entity).toMatchGraphObjectSchema({
      _class: ['CodeRepo'],
      _type: 'bitbucket_repo',
    });
    expect(entity).toMatchObject({
      _key: 'bitbucket_repo:{e5891ca2-0c3f-49a5-b7cf-a3e16500231a}',
      _type: 'bitbucket_repo',
      _class: ['CodeRepo'],
      id: '{e5891ca2-0c3f-49a5-b7cf-a3e16500231a}',
      uuid: '{e5891ca2-0c3f-49a5-b7cf-a3e16500231a}',
      name: 'Project one',
      displayName: 'Project one',
      fullName: 'examplej1workspace/project-one',
      slug: 'project-one',
      owner: 'examplej1workspace',
      workspace: 'examplej1workspace',
      isPrivate: true,
      public: false,
      forkPolicy: 'no_public_forks',
      mainBranch: 'master',
      projectKey: 'PROJ',
      projectName: 'project1',
      isFork: false,
      size: 55800,
      hasIssues: false,
      hasWiki: false,
      webLink: 'https://bitbucket.org/examplej1workspace/project-one',
      createdOn: Date.UTC(2023, 11, 14, 13, 28, 32, 31),
      updatedOn: Date.UTC(2023, 11, 14, 13, 28, 34, 916),
    });
    // Recorded as "" (description, language) and null (website, parent).
    expect(entity.description).toBeUndefined();
    expect(entity.language).toBeUndefined();
    expect(entity.website).toBeUndefined();
    expect(entity.parentFullName).toBeUndefined();
  });

  test('clone links (which embed the workspace as a URL user) stay out of the raw data', () => {
    const entity = createRepoEntity('examplej1workspace', repos[0]);
    const serialized = JSON.stringify(entity._rawData);
    expect(serialized).not.toContain('examplej1workspace@bitbucket.org');
    expect(serialized).toContain(
      'https://bitbucket.org/examplej1workspace/project-one',
    );
  });

  test('all 244 recorded repositories validate with unique uuid keys', () => {
    expect(allRepos).toHaveLength(244);
    const entities = allRepos.map((r) => createRepoEntity('jupiterone', r));
    expect(entities).toMatchGraphObjectSchema({ _class: ['CodeRepo'] });
    expect(new Set(entities.map((e) => e._key)).size).toBe(244);
    entities.forEach((e, i) => expect(e._key).toBe(repoKey(allRepos[i].uuid)));
    // Three recorded repositories have no main branch (empty repositories).
    expect(entities.filter((e) => e.mainBranch === undefined)).toHaveLength(3);
    expect(entities.filter((e) => e.language !== undefined)).toHaveLength(58);
  });

  test('a fork names its parent', () => {
    const entity = createRepoEntity('examplej1workspace', {
      ...repos[0],
      parent: {
        type: 'repository',
        uuid: '{33333333-3333-4333-8333-333333333333}',
        full_name: 'upstream/project-one',
        name: 'project-one',
      },
    });
    expect(entity).toMatchObject({
      isFork: true,
      parentFullName: 'upstream/project-one',
    });
  });
});
