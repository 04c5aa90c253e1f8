/**
 * Runs the real `j1-integration` CLI in a child process against a throw-away project directory
 * whose `src` links to ours, so each test writes its own `.j1-integration/` and several tests
 * can run at once. Every config field's variable is set explicitly (empty when unused) so that
 * a developer's `.env` cannot leak into a test: dotenv never overrides a variable already set.
 */
import { spawn } from 'child_process';
import { readFileSync } from 'fs';
import path from 'path';

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
 * `npm start`'s command line from package.json as `node` arguments, its module and script paths
 * made absolute so that it runs from any folder: the tests run what a person runs, loader and
 * Node flags included.
 */
export function startArgs(): string[] {
  const pkg = JSON.parse(
    readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
  ) as { scripts: Record<string, string> };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== 'node')
    throw new Error(`npm start should run node: ${pkg.scripts.start}`);
  return args.map((arg, i) =>
    args[i - 1] === '-r' || args[i - 1] === '--require'
      ? require.resolve(arg, { paths: [ROOT] })
      : /\.[cm]?[jt]s$/.test(arg)
        ? path.resolve(ROOT, arg)
        : arg,
  );
}

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
