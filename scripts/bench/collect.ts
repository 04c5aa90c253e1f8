/**
 * Runs a collection in its own process against a throw-away project directory (whose `src`
 * links to ours) and measures it from outside: wall time, the kernel's peak RSS of the process
 * (which a preload also has it report as it exits, see peak-rss.js), its CPU time, the time from spawn to the first request the simulator sees, and which steps
 * ran. Either what `npm start` runs (package.json's start script, with its Node flags, in the
 * project directory as its working directory) or the SDK's `j1-integration collect -p <dir>`.
 * The CLI tests use its project and environment set-up too (scripts never import test/).
 */
import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import {
  ConfigField,
  envVarName,
  instanceConfigFields,
} from '../../src/config';
import { startCommand } from '../run/start-command';

export const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', '.bin', 'j1-integration');

export interface ProjectDir {
  dir: string;
  storage: string;
  remove(): void;
}

/** A project whose `src` is ours, or another (e.g. precompiled) copy of it. */
export function makeProjectDir(src = path.join(ROOT, 'src')): ProjectDir {
  const dir = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-bench-'));
  symlinkSync(src, path.join(dir, 'src'), 'dir');
  return {
    dir,
    storage: path.join(dir, '.j1-integration'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Every config field as an environment variable, booleans at their documented default, so a
 * developer's `.env` cannot leak into a measurement (dotenv never overrides what is set).
 */
export function configEnv(
  values: Record<string, string | boolean>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [field, definition] of Object.entries(instanceConfigFields)) {
    const value = values[field];
    const name = envVarName(field as ConfigField);
    if (value !== undefined) env[name] = String(value);
    else env[name] = definition.type === 'boolean' ? 'true' : '';
  }
  return env;
}

export interface CollectRun {
  code: number;
  wallMs: number;
  peakRssKb: number;
  /**
   * CPU time (user + system) of the process, last sampled before it ended: unlike wall time,
   * barely moved by what else the machine runs.
   */
  cpuMs: number;
  /** Spawn to the first request the simulator counted; undefined if it saw none. */
  firstCallMs?: number;
  /** Step id → status from summary.json. */
  steps: Record<string, string>;
}

/** Peak resident set of a process: the kernel's own high-water mark (VmHWM). */
export function readPeakRssKb(pid: number | 'self'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Where the collecting process's preload (peak-rss.js) writes its own peak RSS. */
export const PEAK_RSS_PRELOAD = path.join(__dirname, 'peak-rss.js');

/** The peak RSS in kB the process reported at its exit; 0 if it wrote none. */
export function readReportedPeakKb(file: string): number {
  try {
    const kb = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(kb) && kb > 0 ? kb : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU time of a running process (clock ticks of 10 ms on Linux). */
function readCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function readSteps(storage: string): Record<string, string> {
  try {
    const summary = JSON.parse(
      readFileSync(path.join(storage, 'summary.json'), 'utf8'),
    ) as { integrationStepResults: Array<{ id: string; status: string }> };
    return Object.fromEntries(
      summary.integrationStepResults.map((r) => [r.id, r.status]),
    );
  } catch {
    return {};
  }
}

/**
 * `start`: what `npm start` runs. `cli`: `j1-integration collect` with these Node flags (none:
 * the CLI as the SDK ships it).
 */
export type Collector = { kind: 'start' } | { kind: 'cli'; nodeArgs: string[] };

export interface CollectOptions {
  env: Record<string, string>;
  project: ProjectDir;
  /** Requests the simulator has answered so far; polled to time the first call. */
  requestCount: () => number;
  collector: Collector;
  /** Node flags put before the collector's own (e.g. `--heap-prof`). */
  extraNodeArgs?: string[];
  /** Where the child's stdout goes; default discarded. */
  stdout?: 'ignore' | 'inherit' | 'pipe';
  /** Sees the child as soon as it is spawned (e.g. to read its piped output). */
  onSpawn?: (child: ChildProcess) => void;
}

/** The process to spawn for a collector: its arguments, working directory and variables. */
export function collectorProcess(
  collector: Collector,
  project: ProjectDir,
): { args: string[]; cwd: string; env: Record<string, string> } {
  if (collector.kind === 'cli') {
    return {
      args: [...collector.nodeArgs, CLI, 'collect', '-p', project.dir],
      // ts-node (registered by the SDK's CLI for a TypeScript project) looks for tsconfig.json
      // from the working directory: ROOT has it. Precompiled JavaScript needs none.
      cwd: ROOT,
      env: {},
    };
  }
  const start = startCommand(ROOT);
  return {
    args: [...start.nodeArgs, start.script],
    // `npm start` reads `.env` from, and writes `.j1-integration/` into, its working directory.
    cwd: project.dir,
    // scripts/register-ts.js reads no tsconfig.json, so the other directory does not matter.
    env: start.env,
  };
}

export function runCollect(options: CollectOptions): Promise<CollectRun> {
  const before = options.requestCount();
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    const how = collectorProcess(options.collector, options.project);
    const peakFile = path.join(options.project.dir, 'peak-rss-kb');
    const child = spawn(
      process.execPath,
      ['-r', PEAK_RSS_PRELOAD, ...(options.extraNodeArgs ?? []), ...how.args],
      {
        cwd: how.cwd,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
          ...how.env,
          ...options.env,
          BENCH_PEAK_FILE: peakFile,
        },
        stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
      },
    );
    options.onSpawn?.(child);
    // Polled as a fallback: a process that is killed never reports its own.
    let peak = 0;
    let cpuMs = 0;
    let firstCallMs: number | undefined;
    // The simulator runs in this process, so polling its counter is cheap; 5 ms is the
    // resolution of the start-up figure.
    const firstCall = setInterval(() => {
      if (options.requestCount() > before) {
        firstCallMs = elapsedMs();
        clearInterval(firstCall);
      }
    }, 5);
    const rss = setInterval(() => {
      if (!child.pid) return;
      peak = Math.max(peak, readPeakRssKb(child.pid));
      cpuMs = Math.max(cpuMs, readCpuMs(child.pid));
    }, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(firstCall);
      clearInterval(rss);
      resolve({
        code: code ?? 1,
        wallMs: elapsedMs(),
        peakRssKb: Math.max(peak, readReportedPeakKb(peakFile)),
        cpuMs,
        firstCallMs,
        steps: readSteps(options.project.storage),
      });
    });
  });
}
