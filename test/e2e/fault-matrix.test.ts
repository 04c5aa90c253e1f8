/**
 * The fault matrix: a full `j1-integration collect` against the simulator under each fault,
 * compared with the fault-free collection of the same dataset. Transient faults must leave the
 * graph identical; data that is truly unavailable must be declared partial with a warning —
 * never a silently smaller graph. No run may leak a secret into any output.
 */
import { readdirSync, readFileSync } from 'fs';
import path from 'path';

import { generateDataset } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import {
  FaultSettings,
  GroupsApiMode,
  RateLimitSettings,
  RunningSimulator,
  SimCredentials,
  startSimulator,
} from '../../simulator';
import { configEnv, makeProjectDir, runCli } from '../cli/run-cli';
import {
  CollectedGraph,
  readCollectedGraph,
  readSummary,
  relationshipSignatures,
  StepSummary,
} from '../helpers/graph-files';

const SECRETS = [
  'Fm-secret-alpha-93kq',
  'Fm-secret-bravo-93kq',
  'Fm-secret-charlie-93kq',
];
const ACCESS_TOKEN = 'ATCTT3xFfGN0-matrix-access-token-93kq';
/** An access token of a workspace the instance is not configured for. */
const FOREIGN_ACCESS_TOKEN = 'ATCTT3xFfGN0-foreign-access-token-93kq';
/** A project access token: it cannot be granted `account` and sees one project. */
const PROJECT_TOKEN = 'ATCTT3xFfGN0-matrix-project-token-93kq';
const SCOPES = ['account', 'project', 'repository', 'pullrequest'];
/** Access tokens belong to one workspace each, as in Bitbucket. */
const credentialsFor = (workspace: string): SimCredentials => ({
  oauth: SECRETS.map((secret, i) => ({
    clientId: `matrix-${i + 1}`,
    secret,
    scopes: SCOPES,
  })),
  accessTokens: [
    { token: ACCESS_TOKEN, scopes: SCOPES, workspace },
    {
      token: FOREIGN_ACCESS_TOKEN,
      scopes: SCOPES,
      workspace: 'another-workspace',
    },
    {
      token: PROJECT_TOKEN,
      scopes: ['project', 'repository', 'pullrequest'],
      workspace,
      project: dataset.workspaces[0].projects.find((p) =>
        dataset.workspaces[0].repositories.some((r) => r.projectKey === p.key),
      )?.key,
    },
  ],
});
const PR_ENDPOINT =
  'GET /2.0/repositories/{workspace}/{repo_slug}/pullrequests';
const GROUP_TYPES = [
  'bitbucket_group',
  'bitbucket_workspace_has_group',
  'bitbucket_group_has_user',
  'bitbucket_user_owns_group',
];

interface Run {
  code: number;
  output: string;
  graph: CollectedGraph;
  summary?: StepSummary;
  files: string;
  simulator: ReturnType<RunningSimulator['stats']>;
}

const NOW = new Date();
let dataset: Dataset;

async function collect(options: {
  faults?: FaultSettings;
  rateLimit?: Partial<RateLimitSettings>;
  groupsApi?: GroupsApiMode;
  workspace?: string;
  consumers?: number;
  accessTokenOnly?: boolean;
  /** Adds an access token that belongs to another workspace. */
  foreignAccessToken?: boolean;
  /** Overrides the comma-delimited secrets, to mistype one. */
  oauthSecrets?: string;
  /** A project access token beside the consumers, or alone. */
  projectToken?: 'beside' | 'alone';
  apiBaseUrl?: string;
  tokenUrl?: string;
}): Promise<Run> {
  const sim = await startSimulator({
    dataset,
    credentials: credentialsFor(dataset.workspaces[0].slug),
    faults: options.faults,
    rateLimit: options.rateLimit,
    groupsApi: options.groupsApi,
  });
  const project = makeProjectDir();
  try {
    const consumers =
      credentialsFor('').oauth?.slice(0, options.consumers ?? 3) ?? [];
    const result = await runCli(
      ['collect', '-p', project.dir],
      configEnv({
        workspace: options.workspace ?? dataset.workspaces[0].slug,
        ...(options.foreignAccessToken
          ? { accessTokens: FOREIGN_ACCESS_TOKEN }
          : {}),
        ...(options.projectToken ? { accessTokens: PROJECT_TOKEN } : {}),
        ...(options.accessTokenOnly || options.projectToken === 'alone'
          ? {
              accessTokens: options.projectToken ? PROJECT_TOKEN : ACCESS_TOKEN,
            }
          : {
              oauthKey: consumers.map((c) => c.clientId).join(','),
              oauthSecret:
                options.oauthSecrets ??
                consumers.map((c) => c.secret).join(','),
            }),
        apiBaseUrl: options.apiBaseUrl ?? sim.apiBaseUrl,
        tokenUrl: options.tokenUrl ?? sim.tokenUrl,
        pullRequestLookbackHours: '96',
        requestTimeoutSeconds: '2',
        // Faults against the issue-1 graph; access data has its own e2e (access.test.ts).
        ingestPermissions: false,
      }),
      180_000,
    );
    let summary: StepSummary | undefined;
    let files = '';
    try {
      summary = readSummary(project.storage);
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory()
            ? walk(path.join(dir, e.name))
            : [readFileSync(path.join(dir, e.name), 'utf8')],
        );
      files = walk(project.storage).join('\n');
    } catch {
      summary = undefined;
    }
    return {
      code: result.code,
      output: result.output,
      graph: readCollectedGraph(project.storage),
      summary,
      files,
      simulator: sim.stats(),
    };
  } finally {
    project.remove();
    await sim.close();
  }
}

const entityKeys = (g: CollectedGraph) => g.entities.map((e) => e._key).sort();
const signatures = (g: CollectedGraph) =>
  relationshipSignatures(g.relationships);

function expectNoSecrets(run: Run) {
  const everything = `${run.output}\n${run.files}`;
  for (const secret of [
    ...SECRETS,
    ACCESS_TOKEN,
    FOREIGN_ACCESS_TOKEN,
    PROJECT_TOKEN,
  ])
    expect(everything).not.toContain(secret);
  expect(everything).not.toMatch(/sim-at-\d+/);
}

function expectAllStepsSucceeded(run: Run) {
  expect(run.code).toBe(0);
  expect(
    run.summary?.integrationStepResults
      .filter((s) => s.status !== 'success' && s.status !== 'disabled')
      .map((s) => s.id),
  ).toEqual([]);
}

describe('fault matrix', () => {
  let baseline: Run;

  beforeAll(async () => {
    dataset = generateDataset({ seed: 5, now: NOW, size: 'small' });
    baseline = await collect({});
    expectAllStepsSucceeded(baseline);
    expect(baseline.graph.entities.length).toBeGreaterThan(100);
  });

  const transient: Array<
    [string, Parameters<typeof collect>[0], (run: Run) => void]
  > = [
    [
      '429 on one consumer',
      { rateLimit: { perCredential: { 'oauth:matrix-1': 5 } } },
      (run) =>
        expect(run.simulator.byCredential['oauth:matrix-2']).toBeGreaterThan(0),
    ],
    [
      '429 on all consumers, then recovery',
      {
        consumers: 2,
        faults: {
          // One rule per consumer: with the limit known, requests already in flight on a
          // consumer add nothing, so both must be refused to leave none to move to.
          rules: ['oauth:matrix-1', 'oauth:matrix-2'].map((credential) => ({
            endpoint: PR_ENDPOINT,
            credential,
            nth: 2,
            times: 2,
            fault: 'rate-limit' as const,
          })),
        },
      },
      (run) => expect(run.output).toMatch(/rate limited; waiting/),
    ],
    [
      '5xx bursts',
      {
        faults: {
          seed: 3,
          serverErrorRate: 0.08,
          rules: [{ nth: 4, times: 3, fault: 'server-error' }],
        },
      },
      (run) => expect(run.simulator.byStatus['500']).toBeGreaterThanOrEqual(3),
    ],
    [
      'connection resets',
      {
        faults: {
          seed: 4,
          resetRate: 0.05,
          rules: [{ nth: 6, times: 2, fault: 'reset' }],
        },
      },
      (run) => expect(run.simulator.byStatus.reset).toBeGreaterThanOrEqual(2),
    ],
    [
      'stalled responses',
      {
        faults: {
          stallMs: 20_000,
          rules: [{ nth: 5, times: 2, fault: 'stall' }],
        },
      },
      (run) => expect(run.simulator.byStatus.stall).toBe(2),
    ],
    [
      'truncated JSON',
      {
        faults: {
          seed: 6,
          truncateRate: 0.05,
          rules: [{ nth: 7, times: 2, fault: 'truncate' }],
        },
      },
      (run) =>
        expect(run.simulator.byStatus.truncated).toBeGreaterThanOrEqual(2),
    ],
    [
      'a looping next',
      {
        faults: {
          rules: [
            {
              endpoint: 'GET /2.0/repositories/{workspace}',
              fault: 'loop-next',
            },
          ],
        },
      },
      (run) => expect(run.simulator.faultsInjected['loop-next']).toBe(1),
    ],
    [
      'token expiry mid-run',
      {
        faults: {
          rules: [{ endpoint: PR_ENDPOINT, nth: 5, fault: 'expire-token' }],
        },
      },
      (run) => expect(run.simulator.tokenRequests).toBe(4),
    ],
  ];

  it.each(transient)(
    '%s: the graph is identical',
    async (_name, options, check) => {
      const run = await collect(options);
      expectAllStepsSucceeded(run);
      expect(entityKeys(run.graph)).toEqual(entityKeys(baseline.graph));
      expect(signatures(run.graph)).toEqual(signatures(baseline.graph));
      check(run);
      expectNoSecrets(run);
    },
  );

  it.each(['forbidden', 'gone'] as GroupsApiMode[])(
    'groups refused (%s): group types are partial with a warning, the rest is identical',
    async (mode) => {
      const run = await collect({ groupsApi: mode });
      const nonGroup = (keys: string[]) =>
        keys.filter((k) => !k.includes('bitbucket_group:'));
      expect(nonGroup(entityKeys(run.graph))).toEqual(
        nonGroup(entityKeys(baseline.graph)),
      );
      expect(
        run.graph.entities.some((e) => e._type === 'bitbucket_group'),
      ).toBe(false);
      expect(run.summary?.metadata?.partialDatasets?.types).toEqual(
        expect.arrayContaining(GROUP_TYPES),
      );
      expect(run.output).toMatch(/groups/i);
      expect(run.output).toMatch(/warn/i);
      expectNoSecrets(run);
    },
  );

  it('a workspace access token alone: groups partial with a warning, everything else identical', async () => {
    const run = await collect({ accessTokenOnly: true });
    const nonGroup = (keys: string[]) =>
      keys.filter((k) => !k.includes('bitbucket_group:'));
    expect(nonGroup(entityKeys(run.graph))).toEqual(
      nonGroup(entityKeys(baseline.graph)),
    );
    expect(signatures(run.graph)).toEqual(
      signatures(baseline.graph).filter((s) => !s.includes('bitbucket_group:')),
    );
    expect(run.summary?.metadata?.partialDatasets?.types).toEqual(
      expect.arrayContaining(GROUP_TYPES),
    );
    expect(run.output).toMatch(/access tokens cannot read it/);
    expect(run.simulator.tokenRequests).toBe(0);
    expectNoSecrets(run);
  });

  it('a repository deleted between listing and its pull requests: warned, nothing else lost', async () => {
    const repo = dataset.workspaces[0].repositories.find((r) =>
      r.pullRequests.some(
        (pr) => Date.parse(pr.updatedOn) > NOW.getTime() - 96 * 3_600_000,
      ),
    );
    if (!repo)
      throw new Error(
        'dataset has no repository with pull requests in the window',
      );
    const run = await collect({
      faults: {
        rules: [
          {
            endpoint: PR_ENDPOINT,
            pathIncludes: encodeURIComponent(repo.uuid),
            fault: 'not-found',
            times: Infinity,
          },
        ],
      },
    });
    expect(run.code).toBe(0);
    const lost = (k: string) =>
      k.includes(`bitbucket_pullrequest:${repo.uuid}:`);
    expect(entityKeys(run.graph)).toEqual(
      entityKeys(baseline.graph).filter((k) => !lost(k)),
    );
    expect(signatures(run.graph)).toEqual(
      signatures(baseline.graph).filter((s) => !lost(s)),
    );
    expect(entityKeys(baseline.graph).some(lost)).toBe(true);
    expect(run.output).toContain(repo.uuid);
    expect(run.summary?.metadata?.partialDatasets?.types).toEqual(
      expect.arrayContaining(['bitbucket_pullrequest']),
    );
    expectNoSecrets(run);
  });

  it('a mistyped secret fails validation naming the consumer, without a stack trace', async () => {
    const run = await collect({
      oauthSecrets:
        'Fm-secret-alpha-93kq,typo-secret-93kq,Fm-secret-charlie-93kq',
    });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('OAuth consumer #2 (key matrix-2)');
    expect(run.output).not.toMatch(/^\s+at .*src\//m);
    expect(run.output).not.toContain('typo-secret-93kq');
    expect(run.graph.entities).toEqual([]);
    expectNoSecrets(run);
  });

  it('an access token of another workspace fails validation naming it, before collection', async () => {
    const run = await collect({ foreignAccessToken: true });
    expect(run.code).not.toBe(0);
    expect(run.output).toContain(
      'access token #1 cannot read any configured workspace',
    );
    expect(run.graph.entities).toEqual([]);
    expect(
      run.simulator.byEndpoint['GET /2.0/repositories/{workspace}'],
    ).toBeUndefined();
    expectNoSecrets(run);
  });

  it('a workspace that does not exist fails validation naming the field, collecting nothing', async () => {
    const run = await collect({ workspace: 'no-such-workspace' });
    expect(run.output).toMatch(
      /WORKSPACE \(workspace\): workspace "no-such-workspace" does not exist/,
    );
    expect(run.graph.entities).toEqual([]);
    expect(
      run.simulator.byEndpoint['GET /2.0/repositories/{workspace}'],
    ).toBeUndefined();
    expectNoSecrets(run);
  });

  it.each([
    ['API_BASE_URL (apiBaseUrl)', { apiBaseUrl: 'http://127.0.0.1:1/2.0' }],
    [
      'TOKEN_URL (tokenUrl)',
      { tokenUrl: 'http://127.0.0.1:1/site/oauth2/access_token' },
    ],
  ] as const)(
    'an unreachable %s fails validation naming it and the URL, without a stack trace',
    async (field, urls) => {
      const run = await collect(urls);
      expect(run.code).not.toBe(0);
      const url = Object.values(urls)[0];
      expect(run.output).toContain(`${field} is "${url}"`);
      expect(run.output).not.toContain('UNEXPECTED_ERROR');
      expect(run.output).not.toMatch(/^\s+at /m);
      expect(run.graph.entities).toEqual([]);
      expectNoSecrets(run);
    },
  );

  it.each([
    ['beside the consumers', 'beside'],
    ['alone', 'alone'],
  ] as const)(
    'a project access token %s is refused at validation, never a smaller graph',
    async (_name, projectToken) => {
      const run = await collect({ projectToken });
      expect(run.code).not.toBe(0);
      expect(run.output).toContain('access token #1');
      expect(run.output).toMatch(
        projectToken === 'alone'
          ? /No configured credential sees the whole workspace/
          : /access token #1 cannot be used/,
      );
      expect(run.output).toContain('ACCESS_TOKENS (accessTokens)');
      expect(run.graph.entities).toEqual([]);
      expect(
        run.simulator.byEndpoint['GET /2.0/repositories/{workspace}'],
      ).toBeUndefined();
      expectNoSecrets(run);
    },
  );
});
