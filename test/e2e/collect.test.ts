/**
 * End to end: the real `j1-integration collect` against the simulator, compared with the graph
 * the dataset implies — for pull requests on and off, enriched on and off, one and two
 * workspaces — and the API calls the collection made against the pages it had to read.
 */
import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { RunningSimulator, startSimulator } from '../../simulator';
import { configEnv, makeProjectDir, runCli } from '../cli/run-cli';
import { clearWindowBoundary, expectedGraph } from './expected-graph';
import {
  entityKeysByType,
  readCollectedGraph,
  readSummary,
  relationshipSignatures,
} from '../helpers/graph-files';

const LOOKBACK_HOURS = 96;

interface Scenario {
  name: string;
  workspaces: number;
  ingestPullRequests: boolean;
  enrichedPrs: boolean;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'one workspace, pull requests enriched',
    workspaces: 1,
    ingestPullRequests: true,
    enrichedPrs: true,
  },
  {
    name: 'one workspace, pull requests not enriched',
    workspaces: 1,
    ingestPullRequests: true,
    enrichedPrs: false,
  },
  {
    name: 'one workspace, pull requests off',
    workspaces: 1,
    ingestPullRequests: false,
    enrichedPrs: true,
  },
  {
    name: 'two workspaces, pull requests enriched',
    workspaces: 2,
    ingestPullRequests: true,
    enrichedPrs: true,
  },
];

async function collect(
  dataset: Dataset,
  scenario: Scenario,
  sim: RunningSimulator,
) {
  const project = makeProjectDir();
  try {
    const result = await runCli(
      ['collect', '-p', project.dir],
      configEnv({
        workspace: dataset.workspaces
          .slice(0, scenario.workspaces)
          .map((w) => w.slug)
          .join(','),
        oauthKey: 'sim-client-id',
        oauthSecret: 'sim-client-secret',
        apiBaseUrl: sim.apiBaseUrl,
        tokenUrl: sim.tokenUrl,
        ingestPullRequests: scenario.ingestPullRequests,
        enrichedPrs: scenario.enrichedPrs,
        // The access graph has its own e2e (access.test.ts); here the graph of issue 1.
        ingestPermissions: false,
        pullRequestLookbackHours: String(LOOKBACK_HOURS),
      }),
    );
    if (result.code !== 0)
      throw new Error(`collect exited ${result.code}:\n${result.output}`);
    return {
      graph: readCollectedGraph(project.storage),
      summary: readSummary(project.storage),
      output: result.output,
    };
  } finally {
    project.remove();
  }
}

describe.each(SCENARIOS)('collect: $name', (scenario) => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  const now = new Date();
  const windowStart = new Date(now.getTime() - LOOKBACK_HOURS * 3_600_000);

  beforeAll(async () => {
    dataset = generateDataset({
      seed: 11,
      now,
      size: 'small',
      workspaces: scenario.workspaces,
    });
    clearWindowBoundary(dataset, windowStart);
    sim = await startSimulator({ dataset });
  });
  afterAll(() => sim?.close());

  it('produces exactly the entities and relationships the dataset implies', async () => {
    const { graph, summary } = await collect(dataset, scenario, sim);
    const expected = expectedGraph(dataset, {
      workspaces: dataset.workspaces
        .slice(0, scenario.workspaces)
        .map((w) => w.slug),
      ingestPullRequests: scenario.ingestPullRequests,
      enrichedPrs: scenario.enrichedPrs,
      windowStart,
    });

    expect(entityKeysByType(graph.entities)).toEqual(expected.entities);
    expect(relationshipSignatures(graph.relationships)).toEqual(
      expected.relationships,
    );

    // Guard against a vacuous comparison: the scenario really exercised what it names.
    expect(expected.entities.bitbucket_repo.length).toBeGreaterThanOrEqual(20);
    if (scenario.ingestPullRequests) {
      expect(expected.entities.bitbucket_pullrequest.length).toBeGreaterThan(
        20,
      );
      expect(expected.relationships.some((r) => r.includes('|REVERSE|'))).toBe(
        true,
      );
    } else {
      expect(expected.entities.bitbucket_pullrequest).toBeUndefined();
    }
    if (scenario.ingestPullRequests) {
      // Approvals whatever "enriched PRs" says; reviewers only with it.
      expect(expected.relationships.some((r) => r.includes('|APPROVED|'))).toBe(
        true,
      );
      expect(expected.relationships.some((r) => r.includes('|REVIEWED|'))).toBe(
        scenario.enrichedPrs,
      );
    }

    for (const step of summary.integrationStepResults) {
      expect([step.id, step.status]).toEqual([
        step.id,
        expect.stringMatching(/^(success|disabled)$/),
      ]);
    }
  });

  it('reads each page once at the largest pagelen: calls equal the pages the data requires', () => {
    const stats = sim.stats();
    const workspaces = dataset.workspaces.slice(0, scenario.workspaces);
    const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
    const expected: Record<string, number> = {
      'POST /site/oauth2/access_token': 1,
      // validateInvocation reads each workspace once; fetch-workspaces uses that answer.
      'GET /2.0/workspaces/{workspace}': workspaces.length,
      'GET /2.0/workspaces/{workspace}/members': 0,
      'GET /1.0/groups/{workspace}': workspaces.length,
      'GET /2.0/workspaces/{workspace}/projects': 0,
      'GET /2.0/repositories/{workspace}': 0,
    };
    let prPages = 0;
    for (const ws of workspaces) {
      expected['GET /2.0/workspaces/{workspace}/members'] += pages(
        ws.memberAccountIds.length,
        100,
      );
      expected['GET /2.0/workspaces/{workspace}/projects'] += pages(
        ws.projects.length,
        100,
      );
      expected['GET /2.0/repositories/{workspace}'] += pages(
        ws.repositories.length,
        100,
      );
      for (const r of ws.repositories) {
        const inWindow = r.pullRequests.filter(
          (pr) => Date.parse(pr.updatedOn) > windowStart.getTime(),
        ).length;
        prPages += pages(inWindow, 50);
      }
    }
    if (scenario.ingestPullRequests) {
      expected['GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests'] =
        prPages;
    }
    expect(stats.byEndpoint).toEqual(expected);
    expect(stats.byStatus).toEqual({
      '200': stats.total - stats.tokenRequests,
    });
  });
});

describe('collect: two workspaces (one configured by uuid), a workspace access token for each and an API token', () => {
  let sim: RunningSimulator;
  let dataset: Dataset;
  const now = new Date();
  const windowStart = new Date(now.getTime() - LOOKBACK_HOURS * 3_600_000);
  const scopes = ['account', 'project', 'repository', 'pullrequest'];

  beforeAll(async () => {
    dataset = generateDataset({ seed: 12, now, size: 'small', workspaces: 2 });
    clearWindowBoundary(dataset, windowStart);
    sim = await startSimulator({
      dataset,
      credentials: {
        // Each access token belongs to one workspace; the other answers 404 to it.
        accessTokens: dataset.workspaces.map((w, i) => ({
          token: `ATCTT-e2e-token-${i + 1}`,
          scopes,
          workspace: w.slug,
        })),
        apiTokens: [
          {
            email: 'auditor@acme.test',
            token: 'ATATT-e2e-api-token',
            scopes: [
              'read:workspace:bitbucket',
              'read:project:bitbucket',
              'read:repository:bitbucket',
              'read:pullrequest:bitbucket',
            ],
          },
        ],
      },
    });
  });
  afterAll(() => sim?.close());

  it('sends each workspace only to credentials that can read it, and collects the whole graph', async () => {
    const project = makeProjectDir();
    try {
      const result = await runCli(
        ['collect', '-p', project.dir],
        configEnv({
          // The first by `{uuid}`, as the API allows: the steps then address it by the slug
          // Bitbucket returned, and must still find the token that can read it.
          workspace: [
            dataset.workspaces[0].uuid,
            dataset.workspaces[1].slug,
          ].join(','),
          accessTokens: 'ATCTT-e2e-token-1,ATCTT-e2e-token-2',
          apiTokenEmail: 'auditor@acme.test',
          apiToken: 'ATATT-e2e-api-token',
          apiBaseUrl: sim.apiBaseUrl,
          tokenUrl: sim.tokenUrl,
          ingestPermissions: false,
          pullRequestLookbackHours: String(LOOKBACK_HOURS),
        }),
      );
      expect(result.code).toBe(0);
      const graph = readCollectedGraph(project.storage);
      const expected = expectedGraph(dataset, {
        workspaces: dataset.workspaces.map((w) => w.slug),
        ingestPullRequests: true,
        enrichedPrs: true,
        windowStart,
      });
      expect(entityKeysByType(graph.entities)).toEqual(expected.entities);
      expect(relationshipSignatures(graph.relationships)).toEqual(
        expected.relationships,
      );
      for (const step of readSummary(project.storage).integrationStepResults)
        expect([step.id, step.status]).toEqual([
          step.id,
          expect.stringMatching(/^(success|disabled)$/),
        ]);

      const stats = sim.stats();
      // Validation reads each workspace once per credential: each access token is refused
      // the other workspace (2 × 404) and never sent there again. The only other refusals are
      // the access tokens' 401s on /1.0/groups, which the API token then answers.
      expect(stats.byStatus['404']).toBe(2);
      expect(
        Object.entries(stats.byEndpointStatus)
          .filter(([k]) => !k.endsWith(' 200'))
          .filter(([k]) => !k.startsWith('GET /1.0/groups/{workspace} 401'))
          .map(([k, n]) => `${k}: ${n}`),
      ).toEqual(['GET /2.0/workspaces/{workspace} 404: 2']);
      expect(stats.byCredential['access-token:#1']).toBeGreaterThan(0);
      expect(stats.byCredential['access-token:#2']).toBeGreaterThan(0);
    } finally {
      project.remove();
    }
  });
});
