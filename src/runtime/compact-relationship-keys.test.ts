import {
  createDirectRelationship,
  IntegrationDuplicateKeyError,
  Relationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import {
  DuplicateKeyTracker,
  FileSystemGraphObjectStore,
  MemoryDataStore,
  TypeTracker,
} from '@jupiterone/integration-sdk-runtime';
import { createStepJobState } from '@jupiterone/integration-sdk-runtime/dist/src/execution/jobState';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { CompactKeySet } from './compact-key-set';
import {
  compactRelationshipKeys,
  relationshipKeys,
} from './compact-relationship-keys';

describe('CompactKeySet', () => {
  test('answers membership across growth and refuses a second add', () => {
    const set = new CompactKeySet(16);
    const keys = Array.from(
      { length: 20_000 },
      (_, i) => `bitbucket_repo:{${i}}|allows|bitbucket_user:{${i * 7}}`,
    );
    for (const key of keys) expect(set.add(key)).toBe(true);
    expect(set.size).toBe(keys.length);
    expect(keys.every((k) => set.has(k))).toBe(true);
    expect(set.add(keys[123])).toBe(false);
    expect(set.has('bitbucket_repo:{1}|allows|bitbucket_user:{8}')).toBe(false);
    // 12 bytes a slot, at most four slots a key once grown: far below a Map entry's ~220.
    expect(set.bytes / set.size).toBeLessThanOrEqual(48);
  });
});

describe('compactRelationshipKeys on the SDK runtime job state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-keys-'));
    process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = dir;
  });
  afterEach(() => {
    delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
    rmSync(dir, { recursive: true, force: true });
  });

  function setUp() {
    const tracker = new DuplicateKeyTracker();
    const jobState = compactRelationshipKeys(createStepJobState)({
      stepId: 'step',
      duplicateKeyTracker: tracker,
      typeTracker: new TypeTracker(),
      graphObjectStore: new FileSystemGraphObjectStore(),
      dataStore: new MemoryDataStore(),
      onDuplicateEntityKey: () => undefined,
    });
    return { tracker, jobState };
  }

  const relate = (from: string, to: string): Relationship =>
    createDirectRelationship({
      _class: RelationshipClass.ALLOWS,
      fromKey: from,
      fromType: 'bitbucket_repo',
      toKey: to,
      toType: 'bitbucket_user',
      properties: { permission: 'write' },
    });

  test('the SDK key map holds the entities only, however many relationships', async () => {
    const { tracker, jobState } = setUp();
    const repo = {
      _key: 'bitbucket_repo:{r}',
      _type: 'bitbucket_repo',
      _class: ['CodeRepo'],
    };
    await jobState.addEntities([repo]);
    const relationships = Array.from({ length: 5_000 }, (_, i) =>
      relate(repo._key, `bitbucket_user:{${i}}`),
    );
    for (let i = 0; i < relationships.length; i += 100)
      await jobState.addRelationships(relationships.slice(i, i + 100));
    await jobState.flush();

    // The SDK's own map (a BigMap of Maps) must not grow with the relationships.
    const inner = (
      tracker as unknown as {
        graphObjectKeyMap: { maps: Map<string, unknown>[] };
      }
    ).graphObjectKeyMap.maps;
    expect(inner.reduce((n, m) => n + m.size, 0)).toBe(1);
    expect(relationshipKeys(tracker).size).toBe(5_000);

    expect(jobState.hasKey(relationships[42]._key)).toBe(true);
    expect(jobState.hasKey(repo._key)).toBe(true);
    expect(await jobState.findEntity(repo._key)).toMatchObject({
      _key: repo._key,
    });
    let written = 0;
    await jobState.iterateRelationships(
      { _type: relationships[0]._type },
      () => {
        written++;
      },
    );
    expect(written).toBe(5_000);
  });

  test('a duplicate relationship, or one keyed like an entity, still fails as in the SDK', async () => {
    const { jobState } = setUp();
    const repo = {
      _key: 'bitbucket_repo:{r}',
      _type: 'bitbucket_repo',
      _class: ['CodeRepo'],
    };
    await jobState.addEntity(repo);
    await jobState.addRelationship(relate(repo._key, 'bitbucket_user:{u}'));
    await expect(
      jobState.addRelationship(relate(repo._key, 'bitbucket_user:{u}')),
    ).rejects.toThrow(IntegrationDuplicateKeyError);
    await expect(
      jobState.addRelationships([
        { ...relate(repo._key, 'x:{y}'), _key: repo._key },
      ]),
    ).rejects.toThrow(IntegrationDuplicateKeyError);
    const clash = relate(repo._key, 'bitbucket_user:{v}');
    await jobState.addRelationship(clash);
    // The SDK fails this too, though with its duplicate report's own error (it looks for the
    // clashing key among entities): what matters is that it is refused.
    await expect(
      jobState.addEntity({
        _key: clash._key,
        _type: 'bitbucket_user',
        _class: ['User'],
      }),
    ).rejects.toThrow();
  });
});
