/**
 * Where the time before the first API call goes: Node itself, the SDK's CLI and runtime
 * modules, ts-node compiling our sources, and our own modules; and the same collection started
 * from precompiled JavaScript (what `npm run build` produces), where ts-node is never loaded.
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { ROOT } from './collect';

export interface StartupBreakdown {
  runs: number;
  /** Wall time and CPU time (user + system) of the whole process, best of `runs`. */
  rows: Array<{ what: string; ms: number; cpuMs: number }>;
}

/**
 * Wall time depends on what else the machine runs; the CPU time the process used does much
 * less, so both are kept.
 */
function bestOf(runs: number, args: string[]): { ms: number; cpuMs: number } {
  let ms = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      },
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
    ms = Math.min(ms, Number(process.hrtime.bigint() - started) / 1e6);
    const cpu = JSON.parse(r.stdout) as { user: number; system: number };
    cpuMs = Math.min(cpuMs, (cpu.user + cpu.system) / 1000);
  }
  return { ms, cpuMs };
}

/** Compiles src/ to JavaScript in a temporary project directory that can find node_modules. */
export function precompiledProject(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-dist-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      path.join(ROOT, 'tsconfig.dist.json'),
      '--outDir',
      dir,
      '--declaration',
      'false',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const req = (what: string) =>
  `${what};process.stdout.write(JSON.stringify(process.cpuUsage()))`;

export function startupBreakdown(runs: number): StartupBreakdown {
  const dist = precompiledProject();
  try {
    const cli = "require('@jupiterone/integration-sdk-cli')";
    const tsNode = "require('ts-node/register/transpile-only')";
    const rows = [
      { what: 'Node alone', args: ['-e', req('')] },
      {
        what: '+ the SDK CLI and runtime modules',
        args: ['-e', req(cli)],
      },
      {
        what: '+ ts-node and TypeScript',
        args: ['-e', req(`${cli};${tsNode}`)],
      },
      {
        what: '+ our sources compiled by ts-node (`src/index.ts`)',
        args: ['-e', req(`${cli};${tsNode};require('./src/index.ts')`)],
      },
      {
        what: '… or our precompiled sources instead (no ts-node)',
        args: [
          '-e',
          req(
            `${cli};require(${JSON.stringify(path.join(dist.dir, 'src', 'index.js'))})`,
          ),
        ],
      },
    ];
    return {
      runs,
      rows: rows.map((r) => ({ what: r.what, ...bestOf(runs, r.args) })),
    };
  } finally {
    dist.remove();
  }
}
