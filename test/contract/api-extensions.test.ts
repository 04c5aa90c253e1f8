/**
 * The hand-written parts of the response types stay tied to evidence: every extension in
 * `src/bitbucket/api-extensions.ts` is shown real by a recording or the spec itself (and is
 * dropped once the spec covers it), and the fields `src/bitbucket/types.ts` requires are in every
 * recorded object.
 */
import {
  EXTENSION_EVIDENCE,
  Evidence,
} from '../../src/bitbucket/api-extensions';
import type {
  BitbucketProject,
  BitbucketRepository,
  BitbucketV1Group,
  BitbucketV1GroupMember,
  BitbucketWorkspace,
} from '../../src/bitbucket/types';
import { evidenceProblems } from './extension-evidence';
import { recordedResponses } from './recordings';

const entries = Object.entries(EXTENSION_EVIDENCE).flatMap(([schema, fields]) =>
  Object.entries(fields as Record<string, Evidence>).map(
    ([field, evidence]) => [schema, field, evidence] as const,
  ),
);

describe('api-extensions.ts', () => {
  it('has evidence for every extension (the type requires one per field)', () => {
    expect(entries.length).toBeGreaterThanOrEqual(18);
  });

  it.each(entries)('%s.%s is shown by its evidence', (schema, field, ev) => {
    expect(evidenceProblems(schema, field, ev)).toEqual([]);
  });

  it('rejects evidence that does not show what it claims', () => {
    const cases: Array<[string, string, Evidence]> = [
      // Declared by the spec and never null where recorded: no reason to extend.
      [
        'repository',
        'full_name',
        { recording: 'fetch-repos.har', at: 'values[].full_name' },
      ],
      // Not in the recording at all.
      [
        'repository',
        'lfs_enabled',
        { recording: 'fetch-repos.har', at: 'values[].lfs_enabled' },
      ],
      // Recorded elsewhere, not in the named recording.
      [
        'group',
        'default_permission',
        {
          recording: 'fetch-users.har',
          at: 'values[].group.default_permission',
        },
      ],
      // The path leads to another field.
      [
        'repository',
        'slug',
        { recording: 'fetch-repos.har', at: 'values[].name' },
      ],
      // Every recorded group link name (self, html) is one the spec declares.
      [
        'group',
        'links',
        { recording: 'fetch-repo-permissions.har', at: 'values[].group.links' },
      ],
      // Not in the example of that operation.
      [
        'workspace_membership',
        'permission',
        {
          specExample: 'GET /workspaces/{workspace}/members',
          at: 'values[].permission',
        },
      ],
      // The description says no such thing.
      [
        'participant',
        'approved',
        { specDescription: 'participant.approved', says: 'null' },
      ],
      [
        'nonexistent_schema',
        'x',
        { recording: 'fetch-repos.har', at: 'values[].x' },
      ],
    ];
    for (const [schema, field, evidence] of cases) {
      expect([
        schema,
        field,
        evidenceProblems(schema, field, evidence),
      ]).not.toEqual([schema, field, []]);
    }
  });
});

/** Every recorded 200 GET body whose URL path matches. */
function bodies(pattern: RegExp): unknown[] {
  return recordedResponses()
    .filter(
      (r) =>
        r.method === 'GET' &&
        r.status === 200 &&
        pattern.test(new URL(r.url).pathname),
    )
    .map((r) => r.body);
}

function missing(objects: unknown[], keys: readonly string[]): string[] {
  expect(objects.length).toBeGreaterThan(0);
  return objects.flatMap((o, i) =>
    keys
      .filter((k) => (o as Record<string, unknown>)[k] == null)
      .map((k) => `#${i}.${k}`),
  );
}

const values = (pattern: RegExp) =>
  bodies(pattern).flatMap((b) => (b as { values?: unknown[] }).values ?? []);

describe('fields types.ts requires', () => {
  it('are in every recorded workspace, project, repository and member', () => {
    const workspace = ['uuid', 'name', 'slug'] satisfies Array<
      keyof BitbucketWorkspace
    >;
    const project = ['uuid', 'key', 'name'] satisfies Array<
      keyof BitbucketProject
    >;
    const repository = ['uuid', 'name', 'full_name'] satisfies Array<
      keyof BitbucketRepository
    >;
    expect(
      missing(bodies(/^\/api\/2\.0\/workspaces\/[^/]+\/?$/), workspace),
    ).toEqual([]);
    expect(missing(values(/\/projects\/?$/), project)).toEqual([]);
    expect(
      missing(values(/^\/api\/2\.0\/repositories\/[^/]+\/?$/), repository),
    ).toEqual([]);
    const members = values(/\/members\/?$/) as Array<{ user: unknown }>;
    expect(missing(members, ['user'])).toEqual([]);
    expect(
      missing(
        members.map((m) => m.user),
        ['uuid', 'type'],
      ),
    ).toEqual([]);
  });

  it('are in every recorded /1.0/groups element (hand-written: not in the 2.0 spec)', () => {
    const groups = bodies(/^\/api\/1\.0\/groups\//).flat() as Array<{
      owner: unknown;
      members: unknown[];
      permission: unknown;
    }>;
    const group = [
      'name',
      'slug',
      'auto_add',
      'owner',
      'members',
    ] satisfies Array<keyof BitbucketV1Group>;
    const member = ['uuid', 'display_name', 'nickname'] satisfies Array<
      keyof BitbucketV1GroupMember
    >;
    expect(missing(groups, group)).toEqual([]);
    expect(
      missing(
        groups.flatMap((g) => [g.owner, ...g.members]),
        member,
      ),
    ).toEqual([]);
    // Nullable in the type because the recording has nulls here.
    expect(groups.some((g) => g.permission === null)).toBe(true);
  });
});
