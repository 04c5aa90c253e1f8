/**
 * `npm run demo`: the main job in one command. With Bitbucket credentials in the environment or
 * `.env`, it runs `j1-integration collect` against Bitbucket. Without them, it starts the
 * built-in Bitbucket Cloud simulator with a sample workspace, points the real CLI at it, and
 * prints what was collected and what it cost in API calls.
 */
import { spawn } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import path from 'path';

import { readCollectedGraph } from '../test/helpers/graph-files';
import { RunningSimulator, startSimulator } from '../simulator';
import { sampleDataset } from '../simulator/dataset';
import { writeGraphHtml } from './graph-html';

const ROOT = path.resolve(__dirname, '..');
const OUTPUT = path.join(ROOT, '.j1-integration');
const CREDENTIAL_VARIABLES = ['OAUTH_KEY', 'ACCESS_TOKENS', 'API_TOKEN'];

/** The CLI reads `.env` itself; the demo only needs to know whether credentials are there. */
function loadDotEnv(file: string): void {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || process.env[match[1]] !== undefined) continue;
    process.env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function runCollect(env: NodeJS.ProcessEnv): Promise<number> {
  const cli = path.join(ROOT, 'node_modules', '.bin', 'j1-integration');
  return new Promise((resolve, reject) => {
    const child = spawn(cli, ['collect'], {
      cwd: ROOT,
      env: { ...env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

interface StepResult {
  id: string;
  status: string;
}

/** Collected entities and relationships by `_type`. */
function countByType(): Map<string, number> {
  const counts = new Map<string, number>();
  const { entities, relationships } = readCollectedGraph(OUTPUT);
  for (const { _type } of [...entities, ...relationships])
    counts.set(_type, (counts.get(_type) ?? 0) + 1);
  return counts;
}

function summarise(
  simulator: RunningSimulator | undefined,
  ms: number,
): number {
  const summaryPath = path.join(OUTPUT, 'summary.json');
  if (!existsSync(summaryPath)) {
    print(
      'No summary was written: the collection did not start (see the error above).',
    );
    return 1;
  }
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as {
    integrationStepResults: StepResult[];
    metadata?: { partialDatasets?: { types?: string[] } };
  };
  print('\nCollected objects by type:');
  for (const [type, count] of [...countByType()].sort()) {
    print(`  ${type.padEnd(48)} ${count}`);
  }
  if (simulator) {
    const stats = simulator.stats();
    print('\nBitbucket API calls by endpoint (served by the simulator):');
    for (const [endpoint, count] of Object.entries(stats.byEndpoint).sort()) {
      print(`  ${endpoint.padEnd(64)} ${count}`);
    }
    print(`  ${'total'.padEnd(64)} ${stats.total}`);
  }
  const failed = summary.integrationStepResults.filter(
    (step) => step.status !== 'success' && step.status !== 'disabled',
  );
  const html = writeGraphHtml(OUTPUT);
  print(`\nTime: ${(ms / 1000).toFixed(1)} s`);
  print(`Graph files: ${path.relative(process.cwd(), OUTPUT)}/`);
  print(
    `Graph view (works offline): ${path.relative(process.cwd(), html.file)} — ${html.nodes} nodes, ${html.edges} relationships`,
  );
  if (failed.length > 0) {
    print(
      `Steps that did not succeed: ${failed.map((s) => `${s.id} (${s.status})`).join(', ')}`,
    );
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  loadDotEnv(path.join(ROOT, '.env'));
  const started = Date.now();
  if (CREDENTIAL_VARIABLES.some((name) => process.env[name])) {
    print('Bitbucket credentials found: collecting from Bitbucket Cloud.');
    const code = await runCollect(process.env);
    return code === 0 ? summarise(undefined, Date.now() - started) : code;
  }

  const dataset = sampleDataset({ now: new Date() });
  const simulator = await startSimulator({ dataset });
  const workspace = dataset.workspaces.map((w) => w.slug).join(',');
  print(
    `No Bitbucket credentials set: collecting workspace "${workspace}" from the built-in`,
  );
  print(`Bitbucket Cloud simulator at ${simulator.apiBaseUrl}.\n`);
  try {
    const code = await runCollect({
      ...process.env,
      WORKSPACE: workspace,
      OAUTH_KEY: 'sim-client-id',
      OAUTH_SECRET: 'sim-client-secret',
      API_BASE_URL: simulator.apiBaseUrl,
      TOKEN_URL: simulator.tokenUrl,
    });
    const result = summarise(simulator, Date.now() - started);
    return code === 0 ? result : code;
  } finally {
    await simulator.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `demo failed: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
