/**
 * End to end for the access graph (issue 13): the real `j1-integration collect` against the
 * simulator, compared with the oracle (expected-access.ts, computed from the dataset alone) —
 * every triple, `role`, `permission`, `via` and posture — on one and two workspaces, with
 * INGEST_PERMISSIONS off, with ENRICHED_PRS off, and the API calls against the minimum the
 * data requires.
 */
import { readFileSync } from 'fs';
import { load } from 'js-yaml';
import path from 'path';

import { integrationSteps } from '../../src/steps';
import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { RunningSimulator, startSimulator } from '../../simulator';
import { configEnv, makeProjectDir, runCli } from '../cli/run-cli';
import { expectedAccess, mergeExpected } from './expected-access';
import { clearWindowBoundary, expectedGraph } from './expected-graph';
import {
  CollectedGraph,
  entityKeysByType,
  readCollectedGraph,
  readSummary,
  relationshipSignatures,
  StepSummary,
} from '../helpers/graph-files';

const LOOKBACK_HOURS = 96;

interface AccessRun {
  graph: CollectedGraph;
  summary: StepSummary;
  output: string;
  code: number;
}

async function collectWith(
  env: Record<string, string | boolean>,
  sim: RunningSimulator,
): Promise<AccessRun> {
  const project = makeProjectDir();
  try {
    const result = await runCli(
      ['collect', '-p', project.dir],
      configEnv({
        apiBaseUrl: sim.apiBaseUrl,
        tokenUrl: sim.tokenUrl,
        pullRequestLookbackHours: String(LOOKBACK_HOURS),
        ...env,
      }),
    );
    const ran = result.code === 0;
    return {
      graph: ran
        ? readCollectedGraph(project.storage)
        : { entities: [], relationships: [] },
      summary: ran
        ? readSummary(project.storage)
        : { integrationStepResults: [] },
      output: result.output,
      code: result.code,
    };
  } finally {
    project.remove();
  }
}

/** Every property the oracle names, picked from what was collected, keyed like the oracle. */
function collectedProperties(
  graph: CollectedGraph,
  expected: ReturnType<typeof expectedAccess>,
) {
  const entities: Record<string, Record<string, unknown>> = {};
  const byKey = new Map(graph.entities.map((e) => [e._key, e]));
  for (const [key, props] of Object.entries(expected.entityProperties)) {
    const e = byKey.get(key);
    entities[key] = Object.fromEntries(
      Object.keys(props).flatMap((p) =>
        e && e[p] !== undefined ? [[p, e[p]]] : [],
      ),
    );
  }
  const relationships: Record<string, Record<string, unknown>> = {};
  const bySignature = new Map(
    graph.relationships
      .filter((r) => !r._mapping)
      .map((r) => [`${r._fromEntityKey}|${r._class}|${r._toEntityKey}`, r]),
  );
  for (const [signature, props] of Object.entries(
    expected.relationshipProperties,
  )) {
    const r = bySignature.get(signature);
    relationships[signature] = Object.fromEntries(
      Object.keys(props).flatMap((p) =>
        r && r[p] !== undefined ? [[p, r[p]]] : [],
      ),
    );
  }
  return { entities, relationships };
}

interface Scenario {
  name: string;
  workspaces: number;
  ingestPermissions: boolean;
  enrichedPrs: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'one workspace',
    workspaces: 1,
    ingestPermissions: true,
    enrichedPrs: true,
  },
  {
    name: 'two workspaces',
    workspaces: 2,
    ingestPermissions: true,
    enrichedPrs: true,
  },
  {
    name: 'one workspace, ENRICHED_PRS=false',
    workspaces: 1,
    ingestPermissions: true,
    enrichedPrs: false,
  },
  {
    name: 'one workspace, INGEST_PERMISSIONS=false',
    workspaces: 1,
    ingestPermissions: false,
    enrichedPrs: true,
  },
];

describe.each(SCENARIOS)('access: $name', (scenario) => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  let run: AccessRun;
  const now = new Date();
  const windowStart = new Date(now.getTime() - LOOKBACK_HOURS * 3_600_000);
  const slugs = () =>
    dataset.workspaces.slice(0, scenario.workspaces).map((w) => w.slug);

  beforeAll(async () => {
    dataset = generateDataset({
      seed: 31,
      now,
      size: 'small',
      workspaces: scenario.workspaces,
    });
    clearWindowBoundary(dataset, windowStart);
    sim = await startSimulator({ dataset });
    run = await collectWith(
      {
        workspace: slugs().join(','),
        oauthKey: 'sim-client-id',
        oauthSecret: 'sim-client-secret',
        enrichedPrs: scenario.enrichedPrs,
        ingestPermissions: scenario.ingestPermissions,
      },
      sim,
    );
  });
  afterAll(() => sim?.close());

  it('collects exactly the graph and the access properties the dataset implies', () => {
    expect(run.code).toBe(0);
    const base = expectedGraph(dataset, {
      workspaces: slugs(),
      ingestPullRequests: true,
      enrichedPrs: scenario.enrichedPrs,
      windowStart,
    });
    const access = expectedAccess(dataset, {
      workspaces: slugs(),
      ingestPermissions: scenario.ingestPermissions,
      ingestPullRequests: true,
      windowStart,
    });
    const expected = mergeExpected(base, access);
    expect(entityKeysByType(run.graph.entities)).toEqual(expected.entities);
    expect(relationshipSignatures(run.graph.relationships)).toEqual(
      expected.relationships,
    );
    const collected = collectedProperties(run.graph, access);
    expect(collected.entities).toEqual(access.entityProperties);
    expect(collected.relationships).toEqual(access.relationshipProperties);

    const count = (pattern: RegExp) =>
      expected.relationships.filter((s) => pattern.test(s)).length;
    // Not vacuous: the scenario exercised what it names.
    expect(count(/\|APPROVED\|/)).toBeGreaterThan(0);
    expect(count(/\|REVIEWED\|/) > 0).toBe(scenario.enrichedPrs);
    const accessEdges = count(
      /\|(ALLOWS|MANAGES)\||bitbucket_branch_restriction/,
    );
    if (scenario.ingestPermissions) {
      expect(
        count(/^bitbucket_repo:[^|]+\|ALLOWS\|bitbucket_user:/),
      ).toBeGreaterThan(20);
      expect(count(/\|MANAGES\|/)).toBeGreaterThan(0);
      expect(
        expected.entities.bitbucket_branch_restriction?.length,
      ).toBeGreaterThan(5);
      expect(
        Object.values(access.relationshipProperties).some((p) =>
          String(p.via).includes('project-group:'),
        ),
      ).toBe(true);
    } else {
      expect(accessEdges).toBe(0);
      expect(
        run.graph.entities.some(
          (e) => 'workspaceRoles' in e || 'mainBranchPushRestricted' in e,
        ),
      ).toBe(false);
      expect(run.graph.relationships.some((r) => 'role' in r)).toBe(false);
    }
    // Every enabled step succeeds: nothing was refused.
    for (const step of run.summary.integrationStepResults) {
      expect([step.id, step.status]).toEqual([
        step.id,
        expect.stringMatching(/^(success|disabled)$/),
      ]);
    }
    const disabled = run.summary.integrationStepResults
      .filter((s) => s.status === 'disabled')
      .map((s) => s.id);
    expect(disabled.length).toBe(
      (scenario.ingestPermissions ? 0 : 5) + (scenario.enrichedPrs ? 0 : 1),
    );
  });

  it('the managed questions ask about relationship properties the run collected', () => {
    if (!scenario.ingestPermissions) return;
    const file = load(
      readFileSync(
        path.resolve(__dirname, '../../jupiterone/questions/questions.yaml'),
        'utf8',
      ),
    ) as {
      questions: Array<{ id: string; queries: Array<{ query: string }> }>;
    };
    const grants = run.graph.relationships.filter(
      (r) => r._type === 'bitbucket_repo_allows_user',
    );
    const used = file.questions.flatMap((q) =>
      q.queries.flatMap(({ query }) =>
        [...query.matchAll(/\bGrant\.(\w+)/g)].map((m) => [q.id, m[1]]),
      ),
    );
    expect(used.length).toBeGreaterThanOrEqual(4);
    for (const [id, property] of used) {
      expect([
        id,
        property,
        grants.some((r) => r[property] !== undefined),
      ]).toEqual([id, property, true]);
    }
    // Each question has answers in the generated workspace.
    expect(grants.some((r) => r.onlyViaGroups === true)).toBe(true);
    expect(
      run.graph.entities.some((e) => e.mainBranchPushRestricted === false),
    ).toBe(true);
  });

  it('makes the minimum API calls the data requires (within 5 %)', () => {
    const stats = sim.stats();
    const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
    const minimum: Record<string, number> = {
      'POST /site/oauth2/access_token': 1,
      'GET /2.0/workspaces/{workspace}': scenario.workspaces,
      'GET /1.0/groups/{workspace}': scenario.workspaces,
    };
    const add = (endpoint: string, n: number) =>
      (minimum[endpoint] = (minimum[endpoint] ?? 0) + n);
    for (const ws of dataset.workspaces.slice(0, scenario.workspaces)) {
      add(
        scenario.ingestPermissions
          ? 'GET /2.0/workspaces/{workspace}/permissions'
          : 'GET /2.0/workspaces/{workspace}/members',
        pages(ws.memberAccountIds.length, 100),
      );
      add(
        'GET /2.0/workspaces/{workspace}/projects',
        pages(ws.projects.length, 100),
      );
      add(
        'GET /2.0/repositories/{workspace}',
        pages(ws.repositories.length, 100),
      );
      for (const r of ws.repositories) {
        const inWindow = r.pullRequests.filter(
          (pr) => Date.parse(pr.updatedOn) > windowStart.getTime(),
        );
        add(
          'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests',
          pages(inWindow.length, 50),
        );
      }
      if (!scenario.ingestPermissions) continue;
      for (const p of ws.projects) {
        add(
          'GET /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/users',
          pages((p.userGrants ?? []).length, 100),
        );
        add(
          'GET /2.0/workspaces/{workspace}/projects/{project_key}/permissions-config/groups',
          pages((p.groupGrants ?? []).length, 100),
        );
      }
      for (const r of ws.repositories) {
        add(
          'GET /2.0/repositories/{workspace}/{repo_slug}/permissions-config/users',
          pages((r.userGrants ?? []).length, 100),
        );
        add(
          'GET /2.0/repositories/{workspace}/{repo_slug}/permissions-config/groups',
          pages((r.groupGrants ?? []).length, 100),
        );
        const restrictions = r.branchRestrictions ?? [];
        add(
          'GET /2.0/repositories/{workspace}/{repo_slug}/branch-restrictions',
          pages(restrictions.length, 50),
        );
        // The model only matters for a main branch's posture: empty repositories have none.
        if (
          r.mainBranch !== null &&
          restrictions.some((b) => b.branchMatchKind === 'branching_model')
        )
          add(
            'GET /2.0/repositories/{workspace}/{repo_slug}/branching-model',
            1,
          );
      }
    }
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((a, b) => a + b, 0);
    expect(stats.byEndpoint).toEqual(minimum);
    expect(stats.total).toBeLessThanOrEqual(Math.ceil(total(minimum) * 1.05));
    expect(stats.byStatus).toEqual({
      '200': stats.total - stats.tokenRequests,
    });
  });
});

describe('access: credentials that cannot read it', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  const now = new Date();
  const windowStart = new Date(now.getTime() - LOOKBACK_HOURS * 3_600_000);

  beforeAll(async () => {
    dataset = generateDataset({ seed: 32, now, size: 'small' });
    clearWindowBoundary(dataset, windowStart);
    sim = await startSimulator({
      dataset,
      credentials: {
        oauth: [
          {
            clientId: 'no-admin-consumer',
            secret: 'no-admin-secret',
            scopes: ['account', 'project', 'repository', 'pullrequest'],
          },
        ],
        accessTokens: [
          {
            token: 'ATCTT-access-only',
            scopes: ['account', 'project', 'repository:admin', 'pullrequest'],
            workspace: dataset.workspaces[0].slug,
          },
        ],
      },
    });
  });
  afterAll(() => sim?.close());

  it('a consumer without the admin scopes collects the rest; the access steps end partial, naming what is missing', async () => {
    const run = await collectWith(
      {
        workspace: dataset.workspaces[0].slug,
        oauthKey: 'no-admin-consumer',
        oauthSecret: 'no-admin-secret',
      },
      sim,
    );
    expect(run.code).toBe(0);
    expect(run.output).toContain(
      'OAuth consumer #1 (key no-admin-consumer) lacks project:admin, repository:admin',
    );
    expect(run.output).not.toContain('no-admin-secret');
    // Every repository and pull request of the workspace is still collected.
    const repos = run.graph.entities.filter(
      (e) => e._type === 'bitbucket_repo',
    );
    expect(repos).toHaveLength(dataset.workspaces[0].repositories.length);
    const status = Object.fromEntries(
      run.summary.integrationStepResults.map((s) => [s.id, s.status]),
    );
    expect(status).toMatchObject({
      'fetch-users': 'success',
      'fetch-project-permissions': 'failure',
      'fetch-repo-permissions': 'failure',
    });
    const partial = run.summary.metadata?.partialDatasets?.types ?? [];
    expect(partial).toEqual(
      expect.arrayContaining([
        'bitbucket_project_allows_user',
        'bitbucket_repo_allows_user',
      ]),
    );
  });

  it('an access token alone: restrictions and posture, no permissions, and the rest as today', async () => {
    const run = await collectWith(
      {
        workspace: dataset.workspaces[0].slug,
        accessTokens: 'ATCTT-access-only',
      },
      sim,
    );
    expect(run.code).toBe(0);
    const slugs = [dataset.workspaces[0].slug];
    const access = expectedAccess(dataset, {
      workspaces: slugs,
      ingestPermissions: true,
      ingestPullRequests: true,
      windowStart,
      readable: { permissions: false, restrictions: true },
    });
    const expected = mergeExpected(
      expectedGraph(dataset, {
        workspaces: slugs,
        ingestPullRequests: true,
        enrichedPrs: true,
        windowStart,
      }),
      access,
    );
    // Access tokens cannot read /1.0/groups (as before this issue): no group, nor edges to one.
    const withoutGroups = (keys: string[]) =>
      keys.filter((k) => !k.includes('bitbucket_group:'));
    const { bitbucket_group: _groups, ...entities } = expected.entities;
    expect(entityKeysByType(run.graph.entities)).toEqual(entities);
    expect(relationshipSignatures(run.graph.relationships)).toEqual(
      withoutGroups(expected.relationships),
    );
    expect(
      expected.entities.bitbucket_branch_restriction?.length,
    ).toBeGreaterThan(5);
    const collected = collectedProperties(run.graph, access);
    expect(collected.entities).toEqual(access.entityProperties);

    const status = Object.fromEntries(
      run.summary.integrationStepResults.map((s) => [s.id, s.status]),
    );
    expect(status).toMatchObject({
      'fetch-users': 'success',
      'fetch-repos': 'success',
      'fetch-pull-requests': 'success',
      'fetch-groups': 'failure',
      'build-user-workspace-relationships': 'failure',
      'fetch-project-permissions': 'failure',
      'fetch-repo-permissions': 'failure',
    });
    const partial = run.summary.metadata?.partialDatasets?.types ?? [];
    expect(partial).toEqual(
      expect.arrayContaining([
        'bitbucket_user_manages_workspace',
        'bitbucket_project_allows_user',
        'bitbucket_repo_allows_user',
        'bitbucket_repo_allows_group',
      ]),
    );
    // The warnings name the credential and what it would need.
    expect(run.output).toContain('with access token #1');
    expect(run.output).toContain('"Projects: Admin"');
    expect(run.output).toContain('"Repositories: Admin"');
    expect(run.output).not.toContain('ATCTT-access-only');
  });
});

/** What only the access features write; everything else is the graph as without them. */
const ACCESS_SIGNATURE = /\|(ALLOWS|MANAGES)\||bitbucket_branch_restriction/;

describe('access: a consumer whose user administers no repository (at runtime)', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  let run: AccessRun;
  const now = new Date();
  const windowStart = new Date(now.getTime() - LOOKBACK_HOURS * 3_600_000);

  beforeAll(async () => {
    dataset = generateDataset({ seed: 33, now, size: 'small' });
    clearWindowBoundary(dataset, windowStart);
    // The consumer has every scope (validation passes); its user is no admin, so the
    // admin-only endpoints answer "The requesting user isn't an admin of the repository".
    sim = await startSimulator({
      dataset,
      access: { notAdmin: ['oauth:sim-client-id'] },
    });
    run = await collectWith(
      {
        workspace: dataset.workspaces[0].slug,
        oauthKey: 'sim-client-id',
        oauthSecret: 'sim-client-secret',
      },
      sim,
    );
  });
  afterAll(() => sim?.close());

  it('fails only the restriction and permission steps: repositories and pull requests are complete', () => {
    expect(run.code).toBe(0);
    const status = Object.fromEntries(
      run.summary.integrationStepResults.map((s) => [s.id, s.status]),
    );
    expect(status).toMatchObject({
      'fetch-repos': 'success',
      'fetch-pull-requests': 'success',
      'build-pull-request-review-relationships': 'success',
      'fetch-branch-restrictions': 'failure',
      'fetch-project-permissions': 'failure',
      'fetch-repo-permissions': 'failure',
    });
    // Pull request types are partial in every run (collected for a window); beyond them,
    // only what the refused reads write.
    const alwaysPartial = integrationSteps.flatMap((step) =>
      [
        ...step.entities,
        ...step.relationships,
        ...(step.mappedRelationships ?? []),
      ].flatMap((t) => (t.partial ? [t._type] : [])),
    );
    expect(alwaysPartial.length).toBeGreaterThan(0);
    expect(
      (run.summary.metadata?.partialDatasets?.types ?? [])
        .filter((t) => !alwaysPartial.includes(t))
        .sort(),
    ).toEqual([
      'bitbucket_branch_restriction',
      'bitbucket_branch_restriction_allows_group',
      'bitbucket_branch_restriction_allows_user',
      'bitbucket_project_allows_group',
      'bitbucket_project_allows_user',
      'bitbucket_repo_allows_group',
      'bitbucket_repo_allows_user',
      'bitbucket_repo_has_branch_restriction',
    ]);
  });

  it('collects every repository, without a main-branch posture, and the rest of the graph', () => {
    const expected = expectedGraph(dataset, {
      workspaces: [dataset.workspaces[0].slug],
      ingestPullRequests: true,
      enrichedPrs: true,
      windowStart,
    });
    const { bitbucket_branch_restriction: restrictions, ...entities } =
      entityKeysByType(run.graph.entities);
    expect(restrictions).toBeUndefined();
    expect(entities).toEqual(expected.entities);
    expect(
      relationshipSignatures(run.graph.relationships).filter(
        (s) => !ACCESS_SIGNATURE.test(s),
      ),
    ).toEqual(expected.relationships.filter((s) => !ACCESS_SIGNATURE.test(s)));
    const repos = run.graph.entities.filter(
      (e) => e._type === 'bitbucket_repo',
    );
    expect(repos.length).toBe(dataset.workspaces[0].repositories.length);
    for (const repo of repos) {
      expect(
        Object.keys(repo).filter((k) => /^mainBranch[A-Z]/.test(k)),
      ).toEqual([]);
    }
  });

  it("asks for each repository's restrictions (a refusal of one is not a refusal of all) and says what is missing", () => {
    expect(
      sim.stats().byEndpoint[
        'GET /2.0/repositories/{workspace}/{repo_slug}/branch-restrictions'
      ],
    ).toBe(dataset.workspaces[0].repositories.length);
    expect(run.output).toContain(
      `Bitbucket refused the branch restrictions of ${dataset.workspaces[0].repositories.length} repositories of workspace "${dataset.workspaces[0].slug}"`,
    );
    expect(run.output).toContain('with OAuth consumer');
    expect(run.output).toContain('"Repositories: Admin"');
    expect(run.output).not.toContain('sim-client-secret');
  });
});

describe('access: the restrictions of one repository keep failing', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  let run: AccessRun;
  let broken: Dataset['workspaces'][number]['repositories'][number];
  const fullName = () => `${dataset.workspaces[0].slug}/${broken.slug}`;
  const now = new Date();

  beforeAll(async () => {
    dataset = generateDataset({ seed: 34, now, size: 'small' });
    const ws = dataset.workspaces[0];
    broken = ws.repositories.find((r) => (r.branchRestrictions ?? []).length)!;
    sim = await startSimulator({
      dataset,
      faults: {
        rules: [
          {
            endpoint:
              'GET /2.0/repositories/{workspace}/{repo_slug}/branch-restrictions',
            // The client names repositories by uuid; braces may be percent-encoded.
            pathIncludes: broken.uuid.replace(/[{}]/g, ''),
            times: Infinity,
            fault: 'server-error',
          },
        ],
      },
    });
    run = await collectWith(
      {
        workspace: ws.slug,
        oauthKey: 'sim-client-id',
        oauthSecret: 'sim-client-secret',
      },
      sim,
    );
    // One repository's restrictions answer 5xx every time: the client spends its whole retry
    // budget on it (5 retries, 1 s doubling to 30 s, each randomised up to twice: 31–60 s)
    // before the step gives that repository up, so the run alone can pass jest's 60 s default.
  }, 180_000);
  afterAll(() => sim?.close());

  it('fails fetch-branch-restrictions only, naming the repository; the others keep their restrictions and posture', () => {
    expect(run.code).toBe(0);
    const status = Object.fromEntries(
      run.summary.integrationStepResults.map((s) => [s.id, s.status]),
    );
    expect(status).toMatchObject({
      'fetch-repos': 'success',
      'fetch-pull-requests': 'success',
      'fetch-repo-permissions': 'success',
      'fetch-branch-restrictions': 'failure',
    });
    expect(run.output).toContain(fullName());
    const repos = run.graph.entities.filter(
      (e) => e._type === 'bitbucket_repo',
    );
    expect(repos.length).toBe(dataset.workspaces[0].repositories.length);
    const brokenRepo = repos.find((r) => r.fullName === fullName());
    expect(brokenRepo).toBeDefined();
    expect(brokenRepo!.mainBranchPushRestricted).toBeUndefined();
    expect(
      repos.filter((r) => r.mainBranchPushRestricted !== undefined).length,
    ).toBe(repos.filter((r) => r.mainBranch !== undefined).length - 1);
    const restrictionRepos = new Set(
      run.graph.entities
        .filter((e) => e._type === 'bitbucket_branch_restriction')
        .map((e) => e.repository),
    );
    expect(restrictionRepos.has(fullName())).toBe(false);
    expect(restrictionRepos.size).toBeGreaterThan(0);
  });
});
