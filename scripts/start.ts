/**
 * `npm start`: collect from Bitbucket with the configuration in `.env` (or the environment),
 * and say how the run went. Exit code 0 when every enabled step succeeded, 1 when a step
 * failed (its data is kept, marked partial), 2 for a configuration error. Runs the SDK runtime
 * in this process rather than `j1-integration collect`, because the CLI prints every metric
 * the runtime logs and exits 0 whatever the steps did; `npx j1-integration collect` is
 * still there for anyone who wants the SDK's own output.
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
