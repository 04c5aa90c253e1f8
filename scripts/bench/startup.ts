/**
 * Where the time before the first API call goes, and what `npm start` costs from process start
 * to its first request: before (`ts-node --transpile-only`, which loads the TypeScript compiler
 * to strip types), now (package.json's `start` line: Node with sucrase's type-stripping hook,
 * `scripts/register-ts.js`), and the floor (the same scripts precompiled to JavaScript).
 */
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { startCommandArgs, startCommandLine } from '../run/start-command';
import { configEnv, makeProjectDir, ROOT } from './collect';

export interface StartupBreakdown {
  runs: number;
  /** Wall time and CPU time (user + system) of the whole process, best of `runs`. */
  rows: Array<{ what: string; ms: number; cpuMs: number }>;
}

interface Timing {
  ms: number;
  cpuMs: number;
}

/** Node with only the environment a run needs: nothing of the caller's `.env` or shell leaks in. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    ...extra,
  };
}

/**
 * Wall time depends on what else the machine runs; the CPU time the process used does much
 * less, so both are kept, each the best of `runs`.
 */
function bestOf(runs: number, once: () => Timing): Timing {
  let ms = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = once();
    ms = Math.min(ms, t.ms);
    cpuMs = Math.min(cpuMs, t.cpuMs);
  }
  return { ms, cpuMs };
}

/** A process that prints its own CPU time when it has loaded what `args` load. */
function loadOnce(args: string[], env: Record<string, string>): Timing {
  const started = Date.now();
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0)
    throw new Error(`node ${args.join(' ')} failed: ${r.stderr.slice(0, 500)}`);
  const cpu = JSON.parse(r.stdout) as { user: number; system: number };
  return { ms: Date.now() - started, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const MARK = 'STARTUP-PROBE ';

/**
 * Preloaded first: at the process's first outgoing HTTP request (the run's first API call, the
 * token grant or a credential check) it reports the time and the CPU used so far and ends the
 * process, so nothing is sent and no server is needed.
 */
const PROBE = `
const fs = require('fs');
for (const mod of [require('http'), require('https')]) {
  const request = mod.request;
  mod.request = function (...args) {
    const cpu = process.cpuUsage();
    fs.writeSync(2, ${JSON.stringify(MARK)} + JSON.stringify({ at: Date.now(), cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');
    process.exit(0);
    return request.apply(this, args);
  };
}
`;

/**
 * One `npm start`-style run in a throw-away project folder (no `.env`), configured for a
 * workspace behind an address nothing listens on: the probe ends it before the first request.
 */
function firstCallOnce(
  probe: string,
  args: string[],
  cwd: string,
  extra: Record<string, string>,
): Timing {
  const env = configEnv({
    workspace: 'acme-security',
    apiBaseUrl: 'http://127.0.0.1:9/2.0',
    tokenUrl: 'http://127.0.0.1:9/site/oauth2/access_token',
    oauthKey: 'startup-key',
    oauthSecret: 'startup-secret',
  });
  const started = Date.now();
  const r = spawnSync(process.execPath, ['-r', probe, ...args], {
    cwd,
    env: childEnv({ ...env, ...extra }),
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith(MARK));
  if (!line)
    throw new Error(
      `node ${args.join(' ')} made no API call (exit ${r.status}): ${r.stderr.slice(0, 500)}`,
    );
  const seen = JSON.parse(line.slice(MARK.length)) as {
    at: number;
    cpuMs: number;
  };
  return { ms: seen.at - started, cpuMs: seen.cpuMs };
}

/** A temporary folder that finds our node_modules, removed by `remove`. */
function tempProject(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Compiles src/ to JavaScript in a temporary project directory that can find node_modules. */
export function precompiledProject(): { dir: string; remove(): void } {
  const project = tempProject('graph-bitbucket-dist-');
  execFileSync(
    process.execPath,
    [
      TSC,
      '-p',
      path.join(ROOT, 'tsconfig.dist.json'),
      '--outDir',
      project.dir,
      '--declaration',
      'false',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return project;
}

/** `scripts/start.ts` and everything it imports, compiled with our tsconfig's settings. */
function precompiledStart(): { dir: string; remove(): void } {
  const project = tempProject('graph-bitbucket-start-');
  const tsconfig = path.join(project.dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.json'),
      compilerOptions: { rootDir: ROOT, outDir: project.dir, types: ['node'] },
      files: [path.join(ROOT, 'scripts', 'start.ts')],
      include: [],
    }),
  );
  execFileSync(process.execPath, [TSC, '-p', tsconfig], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  return project;
}

const req = (what: string) =>
  `${what};process.stdout.write(JSON.stringify(process.cpuUsage()))`;
const load = (file: string) => `require(${JSON.stringify(file)})`;

/**
 * The loader's cache: `empty` is a new folder for every run (a first run after a change),
 * `filled` one folder that a first run has filled (every run after it).
 */
interface LoaderCaches {
  empty: () => Record<string, string>;
  filled: Record<string, string>;
}

function loaderCaches(dir: string): LoaderCaches {
  let n = 0;
  return {
    empty: () => ({
      GRAPH_BITBUCKET_TS_CACHE: path.join(dir, `empty-${n++}`),
    }),
    filled: { GRAPH_BITBUCKET_TS_CACHE: path.join(dir, 'filled') },
  };
}

interface Row {
  what: string;
  args: string[];
  env?: () => Record<string, string>;
}

/** What loading each part costs: each line loads what the one above did plus one more thing. */
function moduleRows(caches: LoaderCaches): Row[] {
  const runtime =
    "require('@jupiterone/integration-sdk-runtime');require('@jupiterone/integration-sdk-core')";
  const tsNode = "require('ts-node/register/transpile-only')";
  const hook = load(path.join(ROOT, 'scripts', 'register-ts.js'));
  const ours = load(path.join(ROOT, 'scripts', 'run', 'main.ts'));
  return [
    { what: 'Node alone', args: ['-e', req('')] },
    {
      what: '+ the SDK runtime and core modules (what `npm start` loads of the SDK)',
      args: ['-e', req(runtime)],
    },
    {
      what: 'before: + ts-node and TypeScript',
      args: ['-e', req(`${runtime};${tsNode}`)],
    },
    {
      what: 'before: + our runner and sources compiled by ts-node',
      args: ['-e', req(`${runtime};${tsNode};${ours}`)],
    },
    {
      what: 'now: + our runner and sources stripped by sucrase (`scripts/register-ts.js`, first run)',
      args: ['-e', req(`${runtime};${hook};${ours}`)],
      env: caches.empty,
    },
    {
      what: "now: + our runner and sources from the loader's cache (every later run)",
      args: ['-e', req(`${runtime};${hook};${ours}`)],
      env: () => caches.filled,
    },
  ];
}

export function startupBreakdown(runs: number): StartupBreakdown {
  const dist = precompiledStart();
  const folder = makeProjectDir();
  const scratch = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-probe-'));
  try {
    const probe = path.join(scratch, 'probe.js');
    writeFileSync(probe, PROBE);
    const caches = loaderCaches(scratch);
    const start = path.join(ROOT, 'scripts', 'start.ts');
    const line = startCommandLine(ROOT);
    // Fills the cache the `filled` rows read.
    firstCallOnce(probe, startCommandArgs(ROOT), folder.dir, caches.filled);
    const firstCall: Row[] = [
      {
        what: '`npm start` before (`ts-node --transpile-only scripts/start.ts`): process start to first API call',
        args: [
          path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js'),
          '--project',
          path.join(ROOT, 'tsconfig.json'),
          '--transpile-only',
          start,
        ],
      },
      {
        what: `\`npm start\` now (\`${line}\`), first run after a change: process start to first API call`,
        args: startCommandArgs(ROOT),
        env: caches.empty,
      },
      {
        what: "`npm start` now, every later run (from the loader's cache): process start to first API call",
        args: startCommandArgs(ROOT),
        env: () => caches.filled,
      },
      {
        what: '… the same scripts precompiled to JavaScript (the floor): process start to first API call',
        args: [path.join(dist.dir, 'scripts', 'start.js')],
      },
    ];
    const time = (
      rows: Row[],
      once: (r: Row, env: Record<string, string>) => Timing,
    ) =>
      rows.map((r) => ({
        what: r.what,
        ...bestOf(runs, () => once(r, r.env?.() ?? {})),
      }));
    return {
      runs,
      rows: [
        ...time(moduleRows(caches), (r, env) => loadOnce(r.args, env)),
        ...time(firstCall, (r, env) =>
          firstCallOnce(probe, r.args, folder.dir, env),
        ),
      ],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    folder.remove();
    dist.remove();
  }
}
