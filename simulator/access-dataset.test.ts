import { generateDataset, sampleDataset, DatasetSize } from './dataset';
import { RESTRICTION_KINDS } from './access-dataset';
import { effectivePermissions } from './access-render';
import { Dataset, SimWorkspace } from './model';
import {
  approvalPosture,
  effectiveAccess,
  expectedAccess,
  mainBranchPosture,
} from '../test/e2e/expected-access';

const NOW = '2026-11-23T12:00:00Z';
const SIZES: DatasetSize[] = ['tiny', 'small', 'medium', 'large', 'xlarge'];

/** Every access feature the e2e test and the demo rely on, in one workspace. */
function expectEveryFeature(ws: SimWorkspace) {
  const members = new Set(ws.memberAccountIds);
  const owners = ws.ownerAccountIds ?? [];
  expect(owners.length).toBeGreaterThan(0);
  expect(owners.every((id) => members.has(id))).toBe(true);
  expect(ws.memberAccountIds.some((id) => !owners.includes(id))).toBe(true);

  const levels = (grants: Array<{ permission: string }> = []) =>
    new Set(grants.map((g) => g.permission));
  const projectUsers = levels(ws.projects.flatMap((p) => p.userGrants ?? []));
  expect([...projectUsers].sort()).toEqual(
    ['admin', 'create-repo', 'none', 'read', 'write'].sort(),
  );
  const repoUsers = levels(ws.repositories.flatMap((r) => r.userGrants ?? []));
  expect([...repoUsers].sort()).toEqual(['admin', 'none', 'read', 'write']);
  const projectGroups = ws.projects.flatMap((p) => p.groupGrants ?? []);
  const repoGroups = ws.repositories.flatMap((r) => r.groupGrants ?? []);
  expect(projectGroups.length).toBeGreaterThan(0);
  expect(levels(repoGroups).size).toBeGreaterThanOrEqual(3);

  const emptyGroups = new Set(
    ws.groups.filter((g) => g.memberAccountIds.length === 0).map((g) => g.slug),
  );
  expect(emptyGroups.size).toBeGreaterThan(0);
  expect(repoGroups.some((g) => emptyGroups.has(g.groupSlug))).toBe(true);
  expect(projectGroups.some((g) => emptyGroups.has(g.groupSlug))).toBe(true);

  // Grants and exemptions point at members and groups of this workspace only (one expect:
  // jest's per-call cost adds up over 20,000 repositories).
  const slugs = new Set(ws.groups.map((g) => g.slug));
  const strays: string[] = [];
  for (const holder of [...ws.projects, ...ws.repositories]) {
    for (const g of holder.userGrants ?? [])
      if (!members.has(g.accountId)) strays.push(g.accountId);
    for (const g of holder.groupGrants ?? [])
      if (!slugs.has(g.groupSlug)) strays.push(g.groupSlug);
  }
  expect(
    ws.repositories.some((r) => !r.isPrivate && r.forkPolicy === 'allow_forks'),
  ).toBe(true);
  expect(ws.repositories.some((r) => r.branchingModel)).toBe(true);
  expect(ws.repositories.some((r) => !r.branchingModel)).toBe(true);
  expect(
    ws.repositories.some(
      (r) =>
        r.branchingModel?.production &&
        !r.branchingModel.production.useMainbranch,
    ),
  ).toBe(true);

  const restrictions = ws.repositories.flatMap(
    (r) => r.branchRestrictions ?? [],
  );
  expect(new Set(restrictions.map((b) => b.kind))).toEqual(
    new Set(RESTRICTION_KINDS),
  );
  expect(new Set(restrictions.map((b) => b.branchMatchKind))).toEqual(
    new Set(['glob', 'branching_model']),
  );
  expect(restrictions.some((b) => b.value === null)).toBe(true);
  expect(restrictions.some((b) => typeof b.value === 'number')).toBe(true);
  const push = restrictions.filter((b) => b.kind === 'push');
  expect(push.some((b) => b.userAccountIds.length > 0)).toBe(true);
  expect(push.some((b) => b.groupSlugs.length > 0)).toBe(true);
  for (const b of restrictions) {
    if (
      !['push', 'restrict_merges'].includes(b.kind) &&
      b.userAccountIds.length + b.groupSlugs.length > 0
    )
      strays.push(`${b.id} exempts`);
    if ((b.branchMatchKind === 'glob') !== (b.branchType === undefined))
      strays.push(`${b.id} branch type`);
    if ((b.branchMatchKind === 'glob') !== (b.pattern !== ''))
      strays.push(`${b.id} pattern`);
    for (const id of b.userAccountIds) if (!members.has(id)) strays.push(id);
    for (const slug of b.groupSlugs) if (!slugs.has(slug)) strays.push(slug);
  }
  expect(strays).toEqual([]);
  const ids = restrictions.map((b) => b.id);
  expect(new Set(ids).size).toBe(ids.length);

  // The main-branch posture is both protected and unprotected somewhere.
  const postures = ws.repositories
    .map(mainBranchPosture)
    .filter((p) => p !== undefined);
  expect(postures.some((p) => p.mainBranchPushRestricted)).toBe(true);
  expect(postures.some((p) => !p.mainBranchPushRestricted)).toBe(true);
  expect(postures.some((p) => p.mainBranchRequiredApprovals > 0)).toBe(true);
}

describe('access data in generated datasets', () => {
  it.each(SIZES)('%s has every access feature', (size) => {
    const dataset = generateDataset({ seed: 7, now: NOW, size });
    expectEveryFeature(dataset.workspaces[0]);
  });

  it('has every access feature in each of two workspaces, with restriction ids unique across them', () => {
    const dataset = generateDataset({
      seed: 7,
      now: NOW,
      size: 'tiny',
      workspaces: 2,
    });
    dataset.workspaces.forEach(expectEveryFeature);
    const ids = dataset.workspaces.flatMap((w) =>
      w.repositories.flatMap((r) =>
        (r.branchRestrictions ?? []).map((b) => b.id),
      ),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is deterministic for a seed', () => {
    const a = generateDataset({ seed: 9, now: NOW, size: 'small' });
    const b = generateDataset({ seed: 9, now: NOW, size: 'small' });
    expect(a).toEqual(b);
  });

  it('lets effective access come from every kind of source, with the maximum winning', () => {
    const dataset = generateDataset({ seed: 7, now: NOW, size: 'medium' });
    const ws = dataset.workspaces[0];
    const all = ws.repositories.flatMap((r) => effectiveAccess(ws, r));
    const kinds = new Set(
      all.flatMap((e) => e.via.map((v) => v.split(':')[0])),
    );
    expect(kinds).toEqual(
      new Set([
        'direct',
        'group',
        'project',
        'project-group',
        'workspace-owner',
      ]),
    );
    // Several sources, and a direct grant below what another source gives.
    expect(all.some((e) => e.via.length >= 3)).toBe(true);
    expect(
      all.some(
        (e) => e.directPermission && e.directPermission !== e.permission,
      ),
    ).toBe(true);
    // Access only through a group, which an access review asks for.
    expect(
      all.some((e) =>
        e.via.every(
          (v) => v.startsWith('group:') || v.startsWith('project-group:'),
        ),
      ),
    ).toBe(true);
  });

  it('serves on /permissions/repositories the same effective levels the oracle computes on its own', () => {
    const dataset = generateDataset({ seed: 7, now: NOW, size: 'medium' });
    const ws = dataset.workspaces[0];
    const served = ws.repositories.flatMap((r) =>
      effectivePermissions(ws, r).map(
        (e) => `${r.slug} ${e.accountId} ${e.permission}`,
      ),
    );
    const oracle = ws.repositories.flatMap((r) =>
      effectiveAccess(ws, r).map(
        (e) => `${r.slug} ${e.accountId} ${e.permission}`,
      ),
    );
    expect(served.length).toBeGreaterThan(1000);
    expect(served.sort()).toEqual(oracle.sort());
  });

  it('accepts a profile override: 20,000 repositories and 10,000 members', () => {
    const dataset = generateDataset({
      seed: 2026,
      now: NOW,
      size: 'tiny',
      profile: { repos: 20_000, members: 10_000, prs: 0 },
    });
    const ws = dataset.workspaces[0];
    expect(ws.repositories).toHaveLength(20_000);
    expect(ws.memberAccountIds).toHaveLength(10_000);
    expectEveryFeature(ws);
  });
});

describe('access data in the demo workspace', () => {
  let demo: Dataset;
  beforeAll(() => {
    demo = sampleDataset({ now: NOW });
  });

  it('has owners, grants, restrictions and effective access', () => {
    const ws = demo.workspaces[0];
    expect(ws.ownerAccountIds?.length).toBeGreaterThan(0);
    const access = expectedAccess(demo, {
      workspaces: [ws.slug],
      ingestPermissions: true,
      ingestPullRequests: true,
      windowStart: new Date(0),
    });
    const count = (verb: string, toType: string) =>
      access.relationships.filter((s) => {
        const [from, v, to] = s.split('|');
        return v === verb && to.startsWith(toType) && from !== to;
      }).length;
    expect(count('MANAGES', 'bitbucket_workspace:')).toBeGreaterThan(0);
    expect(count('ALLOWS', 'bitbucket_user:')).toBeGreaterThan(20);
    expect(count('ALLOWS', 'bitbucket_group:')).toBeGreaterThan(2);
    expect(count('HAS', 'bitbucket_branch_restriction:')).toBeGreaterThan(18);
    expectEveryFeatureOfDemo(ws);
  });

  it('has a pull request merged without an approval from anyone but its author', () => {
    const prs = demo.workspaces[0].repositories.flatMap((r) => r.pullRequests);
    expect(prs.some((pr) => approvalPosture(pr).mergedWithoutApproval)).toBe(
      true,
    );
    expect(prs.some((pr) => approvalPosture(pr).approvedByNonAuthor)).toBe(
      true,
    );
  });
});

/** The demo is cut down after generation: what it keeps must still show each thing. */
function expectEveryFeatureOfDemo(ws: SimWorkspace) {
  const restrictions = ws.repositories.flatMap(
    (r) => r.branchRestrictions ?? [],
  );
  expect(new Set(restrictions.map((b) => b.kind))).toEqual(
    new Set(RESTRICTION_KINDS),
  );
  expect(restrictions.some((b) => b.userAccountIds.length > 0)).toBe(true);
  expect(ws.repositories.some((r) => !r.isPrivate)).toBe(true);
  expect(ws.repositories.some((r) => (r.userGrants ?? []).length > 0)).toBe(
    true,
  );
  expect(ws.projects.some((p) => (p.groupGrants ?? []).length > 0)).toBe(true);
}
