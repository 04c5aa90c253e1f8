/**
 * One collection against the simulator with the collecting process instrumented, to find where
 * its memory goes. By default what `npm start` runs; `--via cli` runs `j1-integration collect`
 * as the SDK ships it (no flags, no compact keys: the "before").
 *
 *   npm run bench -- profile --size 20k --snapshot-after fetch-repo-permissions --dir /tmp/prof
 *   npm run bench -- profile --size 5k --node-args=--heap-prof,--heap-prof-dir=/tmp/prof
 *
 * `--snapshot-after <step id>` writes a V8 heap snapshot (SIGUSR2 with
 * `--heapsnapshot-signal`) when that step has ended (`npm start` prints `done: <step name>`;
 * the CLI logs the next step's start). Open it in Chrome DevTools or summarise it with
 * `npm run bench -- heap --file <snapshot>`.
 */
import { ChildProcess } from 'child_process';
import { mkdirSync } from 'fs';
import path from 'path';

import { startSimulator } from '../../simulator';
import { Steps } from '../../src/steps/constants';
import { Collector, configEnv, makeProjectDir, runCollect } from './collect';
import { benchSize, buildDataset } from './datasets';
import { option } from './options';

/** The line that says a step has ended, for either runner. */
function endedLine(stepId: string, via: string): RegExp {
  const step = Object.values(Steps).find((s) => s.id === stepId);
  if (!step) throw new Error(`No step ${stepId}`);
  const name = step.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return via === 'cli'
    ? new RegExp(
        `Step "${name}" (completed|failed)|"stepId":"${stepId}".*(completed|failed)`,
      )
    : new RegExp(`\\] (done|FAILED): ${name}\\b`);
}

export async function profile(argv: string[]): Promise<void> {
  const size = benchSize(option(argv, 'size', 'large'));
  const dir = path.resolve(option(argv, 'dir', '/tmp/graph-bitbucket-profile'));
  const snapshotAfter = option(argv, 'snapshot-after', '');
  const via = option(argv, 'via', 'start');
  const nodeArgs = option(argv, 'node-args', '').split(',').filter(Boolean);
  mkdirSync(dir, { recursive: true });
  const dataset = buildDataset(size, new Date());
  const sim = await startSimulator({
    dataset,
    // A short window keeps the simulator's per-request bookkeeping small.
    rateLimit: { limit: 10_000_000, windowMs: 1_000 },
    credentials: {
      oauth: [
        {
          clientId: 'bench-1',
          secret: 'bench-secret-1',
          scopes: [
            'account',
            'project',
            'repository',
            'pullrequest',
            'project:admin',
            'repository:admin',
          ],
        },
      ],
    },
  });
  const project = makeProjectDir();
  const env = configEnv({
    workspace: dataset.workspaces.map((w) => w.slug).join(','),
    oauthKey: 'bench-1',
    oauthSecret: 'bench-secret-1',
    apiBaseUrl: sim.apiBaseUrl,
    tokenUrl: sim.tokenUrl,
    pullRequestLookbackHours: '24',
    maxConcurrency: '5',
    ingestPermissions: option(argv, 'permissions', 'true'),
  });
  const collector: Collector =
    via === 'cli' ? { kind: 'cli', nodeArgs: [] } : { kind: 'start' };
  const ended = snapshotAfter ? endedLine(snapshotAfter, via) : undefined;
  const watch = (child: ChildProcess) => {
    let signalled = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      for (const line of text.split('\n')) {
        if (
          /\] (done|FAILED)|Starting step|Step .* (completed|failed)/.test(line)
        )
          process.stderr.write(`${line.slice(0, 200)}\n`);
      }
      if (ended && !signalled && ended.test(text)) {
        signalled = true;
        process.stderr.write(`profile: heap snapshot requested into ${dir}\n`);
        child.kill('SIGUSR2');
      }
    });
  };
  try {
    const run = await runCollect({
      env,
      project,
      requestCount: () => sim.stats().total,
      collector,
      extraNodeArgs: [
        `--diagnostic-dir=${dir}`,
        ...(snapshotAfter ? ['--heapsnapshot-signal=SIGUSR2'] : []),
        ...nodeArgs,
      ],
      stdout: 'pipe',
      onSpawn: watch,
    });
    process.stderr.write(
      `profile: exit ${run.code}, peak RSS ${(run.peakRssKb / 1024).toFixed(0)} MB, CPU ${(run.cpuMs / 1000).toFixed(1)} s, ${sim.stats().total} calls; files in ${dir}\n`,
    );
  } finally {
    project.remove();
    await sim.close();
  }
}
