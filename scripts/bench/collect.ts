/**
 * Runs the real `j1-integration collect` in its own process against a throw-away project
 * directory (whose `src` links to ours) and measures it from outside: wall time, the kernel's
 * peak RSS of the process, the time from spawn to the first request the simulator sees, and
 * which steps ran. The CLI tests use its project and environment set-up too (scripts never
 * import test/, so it lives here).
 */
import { spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import {
  ConfigField,
  envVarName,
  instanceConfigFields,
} from '../../src/config';

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
  /** Spawn to the first request the simulator counted; undefined if it saw none. */
  firstCallMs?: number;
  /** Step id → status from summary.json. */
  steps: Record<string, string>;
}

/** Peak resident set of a process: the kernel's own high-water mark (VmHWM). */
function readPeakRssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : 0;
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

export interface CollectOptions {
  env: Record<string, string>;
  project: ProjectDir;
  /** Requests the simulator has answered so far; polled to time the first call. */
  requestCount: () => number;
  /** Extra flags for the collecting Node process (e.g. `--heap-prof`). */
  nodeArgs?: string[];
  /** Where the child's stdout goes; default discarded. */
  stdout?: 'ignore' | 'inherit';
}

export function runCollect(options: CollectOptions): Promise<CollectRun> {
  const before = options.requestCount();
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), CLI, 'collect', '-p', options.project.dir],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
          ...options.env,
        },
        stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
      },
    );
    let peak = 0;
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
      if (child.pid) peak = Math.max(peak, readPeakRssKb(child.pid));
    }, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(firstCall);
      clearInterval(rss);
      resolve({
        code: code ?? 1,
        wallMs: elapsedMs(),
        peakRssKb: peak,
        firstCallMs,
        steps: readSteps(options.project.storage),
      });
    });
  });
}
