/**
 * Runs the real `j1-integration` CLI in a child process against a throw-away project directory
 * whose `src` links to ours, so each test writes its own `.j1-integration/` and several tests
 * can run at once. Every config field's variable is set explicitly (empty when unused) so that
 * a developer's `.env` cannot leak into a test: dotenv never overrides a variable already set.
 */
import { spawn } from 'child_process';
import path from 'path';

import { startCommand } from '../../scripts/bench/start-command';

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

/**
 * Runs what `npm start` runs (package.json's start script: its Node flags and scripts/start.ts)
 * in `cwd`: it reads `.env` from there and writes `.j1-integration/` there.
 */
export function runStart(
  cwd: string,
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const start = startCommand(ROOT);
    const child = spawn(process.execPath, [...start.nodeArgs, start.script], {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // ts-node looks for tsconfig.json from the working directory, here not the project.
        TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
        ...start.env,
        ...env,
      },
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
