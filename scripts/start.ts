/**
 * `npm start`: collect from Bitbucket with the configuration in `.env` (or the environment),
 * and say how the run went. Exit code 0 when every enabled step succeeded, 1 when a step
 * failed (its data is kept, marked partial), 2 for a configuration error. Runs the SDK runtime
 * in this process rather than `j1-integration collect`, because the CLI prints every metric
 * the runtime logs and exits 0 whatever the steps did; `npx j1-integration collect` is
 * still there for anyone who wants the SDK's own output.
 *
 * Memory: package.json starts this with `node --heap-growing-percent=50 --expose-gc`. Without
 * the first, V8 on a large machine lets garbage grow to several times the live heap before a
 * full collection. It makes the next collection due at 1.5 times what the last one left alive,
 * so the peak follows the live heap whatever the workspace's size; a fixed
 * `--max-old-space-size` bounds it as well but crashes a workspace whose live heap reaches the
 * cap. Its cost is more frequent full collections, about 12 % more CPU. `--expose-gc` lets
 * run/main.ts collect the run's garbage before the pages. With the compact relationship keys
 * (installed in process, run/collect.ts): 469 MB peak RSS at 20,000 repositories with access
 * data, against 1,238 MB through the SDK's CLI as shipped (docs/benchmarks.md).
 */
import './run/quiet';

import path from 'path';

import { loadDotEnv } from './run/env-file';
import { runAndSummarise } from './run/main';

const write = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const dotEnvFound = loadDotEnv(path.resolve('.env'), process.env);
  return runAndSummarise({
    env: process.env,
    storage: path.resolve('.j1-integration'),
    dotEnvFound,
    write,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    write(
      `The run stopped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
    process.exitCode = 1;
  },
);
