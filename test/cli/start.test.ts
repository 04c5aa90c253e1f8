/**
 * `npm start` (scripts/start.ts) end to end: the real SDK runtime against the simulator over
 * real HTTP. What a person reads and what a cron job sees: the summary, and exit codes 0 (every
 * enabled step succeeded), 1 (a step failed) and 2 (configuration error, no stack trace).
 */
import { spawnSync } from 'child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { RunningSimulator, startSimulator } from '../../simulator';
import { sampleDataset } from '../../simulator/dataset';
import {
  configEnv,
  makeProjectDir,
  ProjectDir,
  ROOT,
  runStart,
  startArgs,
} from './run-cli';

const SCOPES = [
  'account',
  'project',
  'repository',
  'pullrequest',
  'project:admin',
  'repository:admin',
];
/** A stack frame as Node prints it. */
const STACK = /^\s+at .+[(:]\d+/m;

let sim: RunningSimulator;
let workspace: string;
let project: ProjectDir;

beforeAll(async () => {
  const dataset = sampleDataset({ now: new Date() });
  workspace = dataset.workspaces[0].slug;
  sim = await startSimulator({
    dataset,
    credentials: {
      oauth: [
        {
          clientId: 'sim-client-id',
          secret: 'sim-client-secret',
          scopes: SCOPES,
        },
      ],
      accessTokens: [{ token: 'ATCTT-start-test', scopes: SCOPES, workspace }],
    },
  });
});
afterAll(() => sim?.close());
beforeEach(() => {
  project = makeProjectDir();
});
afterEach(() => project.remove());

function env(values: Record<string, string | boolean>) {
  return configEnv({
    workspace,
    apiBaseUrl: sim.apiBaseUrl,
    tokenUrl: sim.tokenUrl,
    ...values,
  });
}

const oauth = { oauthKey: 'sim-client-id', oauthSecret: 'sim-client-secret' };

describe('npm start', () => {
  it('a successful run exits 0 with a short summary of what it collected and cost', async () => {
    const result = await runStart(project.dir, env(oauth));
    expect(result.output).not.toMatch(STACK);
    expect(result.code).toBe(0);
    const lines = result.output.trimEnd().split('\n');
    expect(lines.length).toBeLessThan(60);
    expect(result.output).toMatch(/^ {2}bitbucket_repo +\d+$/m);
    expect(result.output).toMatch(/Relationships by class: .*HAS \d+/);
    expect(result.output).toMatch(
      /^ {2}GET \/2\.0\/repositories\/\{workspace\}\/\{repo_slug\}\/pullrequests +\d+ +0 +0$/m,
    );
    expect(result.output).toMatch(
      /Bitbucket API: \d+ call\(s\), 0 answered 429/,
    );
    expect(result.output).toMatch(/All \d+ enabled step\(s\) succeeded\./);
    expect(result.output).toMatch(/Output: \.j1-integration\//);
    // The SDK's metric and accounting dumps stay out of the person's view.
    expect(result.output).not.toMatch(/Collected metric|bitbucketApi|"metric"/);
  });

  it('a run whose groups step fails exits 1 and says why in one line', async () => {
    const result = await runStart(
      project.dir,
      env({ accessTokens: 'ATCTT-start-test' }),
    );
    expect(result.output).not.toMatch(STACK);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(
      /^ {2}FAILED +fetch-groups: Groups were not collected for workspace\(s\) acme-security: .*$/m,
    );
    expect(result.output).toMatch(
      /\d+ of \d+ enabled step\(s\) did not succeed/,
    );
  });

  it.each<[string, Record<string, string | boolean>, RegExp]>([
    [
      'a boolean that is not one',
      { ...oauth, ingestPullRequests: 'yes' },
      /^Configuration error: INGEST_PULL_REQUESTS \(ingestPullRequests\) must be true or false; got "yes"\.$/m,
    ],
    [
      'a URL pasted as the workspace',
      { ...oauth, workspace: 'https://bitbucket.org/acme-security/' },
      /^Configuration error: WORKSPACE \(workspace\) entry 1 .* e\.g\. acme-security/m,
    ],
    [
      'an empty required field',
      { oauthKey: 'sim-client-id' },
      /^Configuration error: OAUTH_SECRET \(oauthSecret\) is required when OAUTH_KEY \(oauthKey\) is set\.$/m,
    ],
    [
      'a wrong secret',
      { oauthKey: 'sim-client-id', oauthSecret: 'wrong' },
      /^Configuration error: .*OAuth consumer #1 \(key sim-client-id\)/m,
    ],
  ])(
    '%s exits 2 with one line and no stack',
    async (_name, values, expected) => {
      const result = await runStart(project.dir, env(values));
      expect(result.output).not.toMatch(STACK);
      expect(result.output).toMatch(expected);
      // The error once; a run that got as far as validation also says what it set out to do.
      const lines = result.output.trimEnd().split('\n');
      expect(lines.filter((line) => /error/i.test(line))).toHaveLength(1);
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(result.code).toBe(2);
    },
  );

  it('no .env at all exits 2 and says to create one', async () => {
    const result = await runStart(project.dir, {});
    const output = result.output.trim();
    expect(output).toMatch(
      /^Configuration error: WORKSPACE \(workspace\) is not set: copy \.env\.example to \.env .*\(no \.env file in this folder\)$/,
    );
    // The advice once, not twice.
    expect(output.split('.env.example')).toHaveLength(2);
    expect(result.code).toBe(2);
  });

  it('reads .env from the folder it runs in', async () => {
    writeFileSync(
      path.join(project.dir, '.env'),
      'WORKSPACE=acme-security\nOAUTH_KEY=sim-client-id\nOAUTH_SECRET=sim-client-secret\nENRICHED_PRS=maybe\n',
    );
    const result = await runStart(project.dir, {});
    expect(result.output.trim()).toBe(
      'Configuration error: ENRICHED_PRS (enrichedPrs) must be true or false; got "maybe".',
    );
    expect(result.code).toBe(2);
  });
});

describe("npm start's TypeScript loader", () => {
  // ts-node loaded the whole TypeScript compiler to strip types: 1.7 s of CPU before every run.
  it('strips types without loading the TypeScript compiler', () => {
    const args = startArgs();
    const hook = args[args.indexOf('-r') + 1];
    expect(path.relative(ROOT, hook)).toBe(
      path.join('scripts', 'register-ts.js'),
    );
    // Node's flags and preloads from the start line, then the run's modules without running them.
    const flags = args.filter((arg) => !arg.endsWith('start.ts'));
    const runner = path.join(ROOT, 'scripts', 'run', 'main.ts');
    const probe = spawnSync(
      process.execPath,
      [
        ...flags,
        '-e',
        `require(${JSON.stringify(runner)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    expect(probe.stderr).toBe('');
    const loaded = JSON.parse(probe.stdout) as string[];
    expect(loaded).toContain(runner);
    expect(loaded).toContain(path.join(ROOT, 'src', 'index.ts'));
    const compilers = loaded.filter((file) =>
      /node_modules[\\/](typescript|ts-node)[\\/]/.test(file),
    );
    expect(compilers).toEqual([]);
  });

  // Its own cache folder, so the shared one under node_modules/.cache is never written.
  const loaderEnv = (cache: string) => ({
    PATH: process.env.PATH,
    GRAPH_BITBUCKET_TS_CACHE: cache,
  });

  it('serves a changed file fresh and an unchanged one from its cache without loading sucrase', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-loader-'));
    try {
      const file = path.join(dir, 'value.ts');
      const hook = path.join(ROOT, 'scripts', 'register-ts.js');
      const cache = path.join(dir, 'cache');
      const run = () => {
        const r = spawnSync(
          process.execPath,
          [
            '-r',
            hook,
            '-e',
            `const { value } = require(${JSON.stringify(file)}); const loaded = Object.keys(require.cache).some((f) => /sucrase[\\/]dist/.test(f)); process.stdout.write(JSON.stringify({ value, loaded }))`,
          ],
          { cwd: dir, encoding: 'utf8', env: loaderEnv(cache) },
        );
        expect(r.stderr).toBe('');
        return JSON.parse(r.stdout) as { value: string; loaded: boolean };
      };
      // Unique per test run, so no earlier run's cache entry can answer the first time.
      const stamp = `${process.pid}-${Date.now()}`;
      writeFileSync(file, `export const value: string = 'one ${stamp}';\n`);
      expect(run()).toEqual({ value: `one ${stamp}`, loaded: true });
      expect(run()).toEqual({ value: `one ${stamp}`, loaded: false });
      writeFileSync(file, `export const value: string = 'two ${stamp}';\n`);
      expect(run()).toEqual({ value: `two ${stamp}`, loaded: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('removes the temporary files of a run killed before its rename once they are stale', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-loader-'));
    try {
      const cache = path.join(dir, 'cache');
      mkdirSync(cache);
      const name = (n: number) => `${String(n).repeat(40)}.js.4242.tmp`;
      const stale = path.join(cache, name(1));
      const fresh = path.join(cache, name(2));
      const foreign = path.join(cache, 'notes.tmp');
      for (const f of [stale, fresh, foreign]) writeFileSync(f, '');
      const hourAgo = new Date(Date.now() - 3_600_000);
      utimesSync(stale, hourAgo, hourAgo);
      utimesSync(foreign, hourAgo, hourAgo);
      // A file not in the cache yet, so the run stores one and tidies the folder first.
      const file = path.join(dir, 'value.ts');
      writeFileSync(file, `export const value: number = ${Date.now()};\n`);
      const r = spawnSync(
        process.execPath,
        [
          '-r',
          path.join(ROOT, 'scripts', 'register-ts.js'),
          '-e',
          `require(${JSON.stringify(file)})`,
        ],
        { cwd: dir, encoding: 'utf8', env: loaderEnv(cache) },
      );
      expect(r.stderr).toBe('');
      expect(existsSync(stale)).toBe(false);
      // A younger one may be another run's write in progress; not ours to judge.
      expect(existsSync(fresh)).toBe(true);
      expect(existsSync(foreign)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
