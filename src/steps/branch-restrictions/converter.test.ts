import '@jupiterone/integration-sdk-testing';

import {
  BitbucketBranchingModel,
  BitbucketBranchRestriction,
} from '../../bitbucket/types';
import { recordedValues } from '../../../test/helpers/recordings';
import {
  branchRestrictionKey,
  createBranchRestrictionEntity as fromStash,
} from './converter';
import { stashRestriction } from './stash';
import { appliesToBranch, globMatches, mainBranchPosture } from './posture';

const REPO = {
  uuid: '{e5891ca2-0c3f-49a5-b7cf-a3e16500231a}',
  fullName: 'examplej1workspace/project-one',
};

let nextId = 1;
const restriction = (
  kind: string,
  extra: Partial<BitbucketBranchRestriction> = {},
): BitbucketBranchRestriction => ({
  type: 'branchrestriction',
  id: nextId++,
  kind: kind as BitbucketBranchRestriction['kind'],
  branch_match_kind: 'glob',
  pattern: 'main',
  value: null,
  users: [],
  groups: [],
  ...extra,
});

const createBranchRestrictionEntity = (
  repo: typeof REPO,
  r: BitbucketBranchRestriction,
) => fromStash(repo, stashRestriction(r));

describe('branch restrictions from the recording (fetch-repo-branch-restrictions.har)', () => {
  const recorded = recordedValues<BitbucketBranchRestriction>(
    'fetch-repo-branch-restrictions.har',
    /branch-restrictions$/,
  );

  test('both recorded pages are read: 16 rules', () => {
    expect(recorded).toHaveLength(16);
  });

  test('every rule is a Rule and an AccessPolicy keyed by repository uuid and id', () => {
    for (const r of recorded) {
      const entity = createBranchRestrictionEntity(REPO, r);
      expect(entity).toMatchGraphObjectSchema({
        _class: ['Rule', 'AccessPolicy'],
        _type: 'bitbucket_branch_restriction',
      });
      expect(entity._key).toBe(branchRestrictionKey(REPO.uuid, r.id));
    }
  });

  test('keeps value, kind, match kind and pattern; a null value is left unset', () => {
    const builds = recorded.find(
      (r) => r.kind === 'require_passing_builds_to_merge',
    );
    const tasks = recorded.find(
      (r) => r.kind === 'require_tasks_to_be_completed',
    );
    expect(createBranchRestrictionEntity(REPO, builds!)).toMatchObject({
      id: String(builds!.id),
      kind: 'require_passing_builds_to_merge',
      branchMatchKind: 'glob',
      pattern: 'branchtype2',
      value: 1,
    });
    const nullValue = createBranchRestrictionEntity(REPO, tasks!);
    expect(tasks!.value).toBeNull();
    expect(nullValue.value).toBeUndefined();
    expect(nullValue.branchType).toBeUndefined();
  });

  test('name and matchKind as graph-bitbucket 3.x wrote them, so its queries keep working', () => {
    const entity = createBranchRestrictionEntity(
      REPO,
      restriction('force', { pattern: 'release/*' }),
    );
    expect(entity).toMatchObject({
      name: 'force',
      kind: 'force',
      matchKind: 'glob',
      branchMatchKind: 'glob',
      displayName: 'force on release/*',
    });
  });

  test('exempt users and groups are kept by id, not copied whole', () => {
    const entity = createBranchRestrictionEntity(
      REPO,
      restriction('push', {
        users: [{ type: 'user', uuid: '{u1}', display_name: 'A' }],
        groups: [
          { slug: 'release-managers' } as NonNullable<
            BitbucketBranchRestriction['groups']
          >[number],
        ],
      }),
    );
    expect(entity).toMatchObject({
      exemptUserUuids: ['{u1}'],
      exemptGroupSlugs: ['release-managers'],
    });
    const raw = entity._rawData?.[0].rawData as Record<string, unknown>;
    expect(raw.users).toBeUndefined();
  });
});

describe('main-branch posture', () => {
  test('globs: * is any run of characters, everything else literal, whole name', () => {
    expect(globMatches('main', 'main')).toBe(true);
    expect(globMatches('ma*', 'main')).toBe(true);
    expect(globMatches('*', 'release/1.0')).toBe(true);
    expect(globMatches('release/*', 'release/1.0')).toBe(true);
    expect(globMatches('mai', 'main')).toBe(false);
    expect(globMatches('m.in', 'main')).toBe(false);
  });

  test('every property from the restrictions that apply; unrelated patterns do not count', () => {
    expect(
      mainBranchPosture(
        [
          restriction('push'),
          restriction('force', { pattern: '*' }),
          restriction('delete', { pattern: 'develop' }),
          restriction('require_approvals_to_merge', { value: 2 }),
          restriction('require_approvals_to_merge', {
            pattern: 'm*',
            value: 3,
          }),
          restriction('require_passing_builds_to_merge', { value: null }),
          restriction('require_no_changes_requested'),
        ],
        'main',
        undefined,
      ),
    ).toEqual({
      mainBranchPushRestricted: true,
      mainBranchForcePushBlocked: true,
      mainBranchDeleteBlocked: false,
      mainBranchRequiredApprovals: 3,
      mainBranchRequiredPassingBuilds: 0,
      mainBranchRequiresNoChangesRequested: true,
      mainBranchResetsApprovalsOnChange: false,
    });
  });

  test('branching-model restrictions follow the model', () => {
    const model: BitbucketBranchingModel = {
      type: 'branching_model',
      development: { name: 'develop', use_mainbranch: false },
      production: { name: 'main', use_mainbranch: true },
      branch_types: [{ kind: 'release', prefix: 'release/' }],
    };
    const on = (branch_type: string) =>
      restriction('push', {
        branch_match_kind: 'branching_model',
        branch_type: branch_type as BitbucketBranchRestriction['branch_type'],
        pattern: '',
      });
    expect(appliesToBranch(on('production'), 'main', model)).toBe(true);
    expect(appliesToBranch(on('development'), 'main', model)).toBe(false);
    expect(appliesToBranch(on('development'), 'develop', model)).toBe(true);
    expect(appliesToBranch(on('release'), 'release/2', model)).toBe(true);
    expect(appliesToBranch(on('hotfix'), 'main', model)).toBe(false);
    expect(
      appliesToBranch(on('production'), 'main', {
        ...model,
        production: undefined,
      }),
    ).toBe(false);
    // Without the model nothing can be said to apply.
    expect(appliesToBranch(on('production'), 'main', undefined)).toBe(false);
  });
});
