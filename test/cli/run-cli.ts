/**
 * Runs the real `j1-integration` CLI in a child process against a throw-away project directory
 * whose `src` links to ours, so each test writes its own `.j1-integration/` and several tests
 * can run at once. Every config field's variable is set explicitly (empty when unused) so that
 * a developer's `.env` cannot leak into a test: dotenv never overrides a variable already set.
 */
import { spawn } from 'child_process';
import path from 'path';

import { startCommandArgs } from '../../scripts/run/start-command';

export const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'node_modules', '.bin', 'j1-integration');

export interface CliResult {
  code: number;
  output: string;
}

export { configEnv, makeProjectDir } from '../../scripts/bench/collect';
export type { ProjectDir } from '../../scripts/bench/collect';

/** The environment a CLI child process gets: only what it needs, plus `env`. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    ...env,
  };
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, {
      cwd: ROOT,
      env: cliEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** `npm start`'s command from package.json as `node` arguments, runnable from any folder. */
export const startArgs = () => startCommandArgs(ROOT);

/**
 * Runs `npm start`'s command (scripts/start.ts) in `cwd`: it reads `.env` from there and writes
 * `.j1-integration/` there.
 */
export function runStart(
  cwd: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, startArgs(), {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}
