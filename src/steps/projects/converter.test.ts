import '@jupiterone/integration-sdk-testing';

import { BitbucketProject } from '../../bitbucket/types';
import { recordedValues } from '../../../test/helpers/recordings';
import { createProjectEntity, projectKey } from './converter';

const projects = recordedValues<BitbucketProject>(
  'fetch-projects.har',
  /\/2\.0\/workspaces\/[^/]+\/projects\/?$/,
);
const moreProjects = recordedValues<BitbucketProject>(
  'getAllProjects.har',
  /\/2\.0\/workspaces\/[^/]+\/projects\/?$/,
);

describe('createProjectEntity (recorded responses)', () => {
  test('maps the recorded project to a Project keyed by uuid', () => {
    expect(projects).toHaveLength(1);
    const entity = createProjectEntity('examplej1workspace', projects[0]);
    expect(entity).toMatchGraphObjectSchema({
      _class: ['Project'],
      _type: 'bitbucket_project',
    });
    expect(entity).toMatchObject({
      _key: 'bitbucket_project:{6c356f18-5e32-4796-bfd6-5afd00bb9017}',
      _type: 'bitbucket_project',
      _class: ['Project'],
      id: '{6c356f18-5e32-4796-bfd6-5afd00bb9017}',
      uuid: '{6c356f18-5e32-4796-bfd6-5afd00bb9017}',
      key: 'PROJ',
      name: 'project1',
      displayName: 'project1',
      workspace: 'examplej1workspace',
      isPrivate: false,
      public: true,
      hasPubliclyVisibleRepos: false,
      webLink:
        'https://bitbucket.org/examplej1workspace/workspace/projects/PROJ',
      createdOn: Date.UTC(2023, 11, 14, 13, 28, 31, 980),
      updatedOn: Date.UTC(2023, 11, 14, 13, 28, 31, 980),
    });
    // Recorded as `"description": null`.
    expect(entity.description).toBeUndefined();
  });

  test('every project of the larger recording validates, with distinct keys', () => {
    const entities = moreProjects.map((p) =>
      createProjectEntity('jupiterone', p),
    );
    expect(entities.length).toBeGreaterThan(1);
    expect(entities).toMatchGraphObjectSchema({ _class: ['Project'] });
    expect(new Set(entities.map((e) => e._key)).size).toBe(entities.length);
    for (const [i, e] of entities.entries()) {
      expect(e._key).toBe(projectKey(moreProjects[i].uuid));
      expect(e.key).toBe(moreProjects[i].key);
    }
  });
});
