/**
 * One real `collect` against the simulator with the collecting process instrumented, to find
 * where its memory goes:
 *
 *   npm run bench -- profile --size 20k --snapshot-after fetch-pr-reviews --dir /tmp/prof
 *   npm run bench -- profile --size 5k --node-args=--heap-prof,--heap-prof-dir=/tmp/prof
 *
 * `--snapshot-after <step id>` writes a V8 heap snapshot (SIGUSR2 with
 * `--heapsnapshot-signal`) when the SDK logs that step's start: the job state then holds
 * everything the earlier steps kept. Open it in Chrome DevTools or summarise it with
 * `heap-summary.ts`.
 */
import { spawn } from 'child_process';
import { mkdirSync, readFileSync } from 'fs';
import path from 'path';

import { startSimulator } from '../../simulator';
import { configEnv, makeProjectDir, ROOT } from './collect';
import { benchSize, buildDataset } from './datasets';
import { option } from './options';

const CLI = path.join(ROOT, 'node_modules', '.bin', 'j1-integration');

export async function profile(argv: string[]): Promise<void> {
  const size = benchSize(option(argv, 'size', 'large'));
  const dir = path.resolve(option(argv, 'dir', '/tmp/graph-bitbucket-profile'));
  const snapshotAfter = option(argv, 'snapshot-after', '');
  const nodeArgs = option(argv, 'node-args', '').split(',').filter(Boolean);
  mkdirSync(dir, { recursive: true });
  const now = new Date();
  const dataset = buildDataset(size, now);
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
  const args = [
    `--diagnostic-dir=${dir}`,
    ...(snapshotAfter ? ['--heapsnapshot-signal=SIGUSR2'] : []),
    ...nodeArgs,
    CLI,
    'collect',
    '-p',
    project.dir,
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let signalled = false;
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(
        peakKb,
        Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
      );
    } catch {
      // the process has ended
    }
  }, 100);
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    for (const line of text.split('\n')) {
      if (
        /Starting step|Step .* (completed|failed)|Collected|Related/.test(line)
      )
        process.stderr.write(`${line.slice(0, 200)}\n`);
    }
    if (
      snapshotAfter &&
      !signalled &&
      text.includes(snapshotAfter) &&
      /Starting step/.test(text)
    ) {
      signalled = true;
      process.stderr.write(`profile: heap snapshot requested into ${dir}\n`);
      child.kill('SIGUSR2');
    }
  });
  const code = await new Promise<number>((resolve) =>
    child.on('exit', (c) => resolve(c ?? 1)),
  );
  clearInterval(timer);
  process.stderr.write(
    `profile: exit ${code}, peak RSS ${(peakKb / 1024).toFixed(0)} MB, ${sim.stats().total} calls; files in ${dir}\n`,
  );
  project.remove();
  await sim.close();
}
