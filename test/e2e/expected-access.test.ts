/** The oracle's own rules, on the hand-written fixture whose every grant the test can name. */
import { ALICE, BOB, fixtureDataset } from '../../simulator/fixture';
import { SimBranchRestriction, SimBranchingModel } from '../../simulator/model';
import {
  appliesToMainBranch,
  approvalPosture,
  effectiveAccess,
  expectedAccess,
  globMatches,
  mainBranchPosture,
} from './expected-access';

const dataset = fixtureDataset();
const ws = dataset.workspaces[0];
const [gateway, infra] = ws.repositories;
const alice = '{11111111-1111-4111-8111-111111111111}';
const bob = '{22222222-2222-4222-8222-222222222222}';

describe('effective access in the oracle', () => {
  it('takes the maximum and lists every source in order', () => {
    const byUser = new Map(
      effectiveAccess(ws, gateway).map((e) => [e.accountId, e]),
    );
    expect(byUser.get(ALICE)).toEqual({
      accountId: ALICE,
      permission: 'admin',
      directPermission: 'admin',
      via: [
        'direct',
        'group:administrators',
        'project-group:administrators',
        'workspace-owner',
      ],
    });
    // A direct read under a project create-repo: write wins, the direct grant is kept.
    expect(byUser.get(BOB)).toEqual({
      accountId: BOB,
      permission: 'write',
      directPermission: 'read',
      via: ['direct', 'project'],
    });
  });

  it('ignores a `none` grant as a source', () => {
    const bobOnInfra = effectiveAccess(ws, infra).find(
      (e) => e.accountId === BOB,
    );
    expect(bobOnInfra).toEqual({
      accountId: BOB,
      permission: 'write',
      via: ['project'],
    });
  });
});

describe('the main branch posture in the oracle', () => {
  const rule = (
    patch: Partial<SimBranchRestriction>,
  ): SimBranchRestriction => ({
    id: 1,
    kind: 'push',
    branchMatchKind: 'glob',
    pattern: 'main',
    value: null,
    userAccountIds: [],
    groupSlugs: [],
    ...patch,
  });
  const gitflow: SimBranchingModel = {
    development: { name: 'develop', useMainbranch: false },
    production: { name: null, useMainbranch: true },
    branchTypes: [{ kind: 'release', prefix: 'release/', enabled: true }],
  };

  it('matches globs on the whole name, `*` across slashes', () => {
    expect(globMatches('main', 'main')).toBe(true);
    expect(globMatches('mai', 'main')).toBe(false);
    expect(globMatches('*', 'release/1.0')).toBe(true);
    expect(globMatches('ma*', 'main')).toBe(true);
    expect(globMatches('release/*', 'main')).toBe(false);
    expect(globMatches('a.b', 'axb')).toBe(false);
  });

  it('matches branching-model rules through the repository model or the default one', () => {
    const model = (branchType: SimBranchRestriction['branchType']) =>
      rule({ branchMatchKind: 'branching_model', pattern: '', branchType });
    expect(appliesToMainBranch(model('production'), 'main', gitflow)).toBe(
      true,
    );
    expect(appliesToMainBranch(model('development'), 'main', gitflow)).toBe(
      false,
    );
    expect(appliesToMainBranch(model('development'), 'main')).toBe(true);
    expect(appliesToMainBranch(model('production'), 'main')).toBe(false);
    expect(appliesToMainBranch(model('release'), 'release/2', gitflow)).toBe(
      true,
    );
    expect(
      appliesToMainBranch(model('release'), 'release/2', {
        ...gitflow,
        branchTypes: [{ kind: 'release', prefix: 'release/', enabled: false }],
      }),
    ).toBe(false);
  });

  it('reads the strongest applying rule of each kind, and nothing for an empty repository', () => {
    expect(mainBranchPosture(gateway)).toEqual({
      mainBranchPushRestricted: true,
      mainBranchForcePushBlocked: true,
      mainBranchDeleteBlocked: true,
      mainBranchRequiredApprovals: 2,
      mainBranchRequiredPassingBuilds: 1,
      mainBranchRequiresNoChangesRequested: true,
      mainBranchResetsApprovalsOnChange: true,
    });
    const onlyElsewhere = {
      ...gateway,
      branchRestrictions: [
        rule({ kind: 'force', pattern: 'release/*' }),
        rule({
          kind: 'require_approvals_to_merge',
          pattern: 'develop',
          value: 3,
        }),
      ],
    };
    expect(mainBranchPosture(onlyElsewhere)).toEqual({
      mainBranchPushRestricted: false,
      mainBranchForcePushBlocked: false,
      mainBranchDeleteBlocked: false,
      mainBranchRequiredApprovals: 0,
      mainBranchRequiredPassingBuilds: 0,
      mainBranchRequiresNoChangesRequested: false,
      mainBranchResetsApprovalsOnChange: false,
    });
    expect(mainBranchPosture(infra)).toBeUndefined();
  });
});

describe('pull request approval posture in the oracle', () => {
  const pr = gateway.pullRequests[59];
  it('counts approvals and who gave them', () => {
    expect(approvalPosture(pr)).toEqual({
      approvalCount: 1,
      approvedByNonAuthor: true,
      selfApproved: false,
      mergedWithoutApproval: false,
    });
    const selfOnly = {
      ...pr,
      state: 'MERGED' as const,
      participants: [{ ...pr.participants[0], accountId: pr.authorAccountId }],
    };
    expect(approvalPosture(selfOnly)).toEqual({
      approvalCount: 1,
      approvedByNonAuthor: false,
      selfApproved: true,
      mergedWithoutApproval: true,
    });
  });
});

describe('the expected access graph', () => {
  const base = {
    workspaces: ['acme'],
    ingestPullRequests: false,
    windowStart: new Date(0),
  };

  it('has roles, grants, effective access, restrictions and exemptions', () => {
    const access = expectedAccess(dataset, {
      ...base,
      ingestPermissions: true,
    });
    const wsKey = `bitbucket_workspace:${ws.uuid}`;
    const groupKey = `bitbucket_group:${ws.uuid}:administrators`;
    const repoKey = `bitbucket_repo:${gateway.uuid}`;
    expect(access.relationships).toContain(
      `bitbucket_user:${alice}|MANAGES|${wsKey}`,
    );
    expect(access.relationships).not.toContain(
      `bitbucket_user:${bob}|MANAGES|${wsKey}`,
    );
    expect(
      access.relationshipProperties[`${wsKey}|HAS|bitbucket_user:${bob}`],
    ).toEqual({
      role: 'member',
    });
    expect(access.entityProperties[`bitbucket_user:${alice}`]).toEqual({
      workspaceRoles: ['acme:owner'],
    });
    expect(
      access.relationshipProperties[`${repoKey}|ALLOWS|bitbucket_user:${bob}`],
    ).toEqual({
      permission: 'write',
      readPermission: true,
      writePermission: true,
      adminPermission: false,
      directPermission: 'read',
      via: 'direct,project',
      onlyViaGroups: false,
    });
    expect(
      access.relationshipProperties[
        `bitbucket_project:${ws.projects[0].uuid}|ALLOWS|bitbucket_user:${bob}`
      ],
    ).toEqual({
      permission: 'create-repo',
      readPermission: true,
      writePermission: true,
      createRepoPermission: true,
      adminPermission: false,
    });
    expect(
      access.relationshipProperties[`${repoKey}|ALLOWS|${groupKey}`],
    ).toMatchObject({
      permission: 'write',
    });
    // infra_tools' only direct grant is `none`: no edge comes from it, Bob's access is the project's.
    expect(
      access.relationshipProperties[
        `bitbucket_repo:${infra.uuid}|ALLOWS|bitbucket_user:${bob}`
      ],
    ).toMatchObject({ via: 'project' });
    const push = `bitbucket_branch_restriction:${gateway.uuid}:101`;
    expect(access.entities.bitbucket_branch_restriction).toHaveLength(12);
    expect(access.relationships).toEqual(
      expect.arrayContaining([
        `${repoKey}|HAS|${push}`,
        `${push}|ALLOWS|bitbucket_user:${bob}`,
        `${push}|ALLOWS|${groupKey}`,
      ]),
    );
    expect(access.entityProperties[push]).toEqual({
      id: '101',
      kind: 'push',
      branchMatchKind: 'glob',
      pattern: 'main',
    });
    expect(
      access.entityProperties[
        `bitbucket_branch_restriction:${gateway.uuid}:110`
      ],
    ).toEqual({
      id: '110',
      kind: 'require_commits_behind',
      branchMatchKind: 'branching_model',
      branchType: 'development',
      value: 5,
    });
    expect(access.entityProperties[`bitbucket_repo:${infra.uuid}`]).toEqual({
      public: true,
    });
  });

  it('keeps only `public` with INGEST_PERMISSIONS off, and restrictions alone for access tokens', () => {
    const off = expectedAccess(dataset, { ...base, ingestPermissions: false });
    expect(off.relationships).toEqual([]);
    expect(off.entities).toEqual({});
    expect(Object.values(off.entityProperties)).toEqual([
      { public: false },
      { public: true },
    ]);
    const tokens = expectedAccess(dataset, {
      ...base,
      ingestPermissions: true,
      readable: { permissions: false, restrictions: true },
    });
    expect(
      tokens.relationships.every((r) => r.includes('branch_restriction')),
    ).toBe(true);
    expect(tokens.relationships.length).toBeGreaterThan(12);
    expect(
      tokens.entityProperties[`bitbucket_repo:${gateway.uuid}`],
    ).toMatchObject({ mainBranchPushRestricted: true });
  });
});
