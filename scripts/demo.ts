/**
 * `npm run demo`: the main job in one command. With Bitbucket credentials in the environment or
 * `.env`, it is `npm start`. Without them, it starts the built-in Bitbucket Cloud simulator with
 * a sample workspace and runs the same collection against it, ending with the same summary and
 * exit code (0 every enabled step succeeded, 1 a step failed, 2 configuration error).
 */
import './run/quiet';

import path from 'path';

import { startSimulator } from '../simulator';
import { sampleDataset } from '../simulator/dataset';
import { loadDotEnv } from './run/env-file';
import { runAndSummarise } from './run/main';

const CREDENTIAL_VARIABLES = ['OAUTH_KEY', 'ACCESS_TOKENS', 'API_TOKEN'];
const write = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const dotEnvFound = loadDotEnv(path.resolve('.env'), process.env);
  const storage = path.resolve('.j1-integration');
  if (CREDENTIAL_VARIABLES.some((name) => process.env[name])) {
    write('Bitbucket credentials found: collecting from Bitbucket Cloud.');
    return runAndSummarise({ env: process.env, storage, dotEnvFound, write });
  }

  const dataset = sampleDataset({ now: new Date() });
  const simulator = await startSimulator({ dataset });
  const workspace = dataset.workspaces.map((w) => w.slug).join(',');
  write(
    `No Bitbucket credentials set: using the built-in Bitbucket Cloud simulator at ${simulator.url}.`,
  );
  try {
    return await runAndSummarise({
      env: {
        ...process.env,
        WORKSPACE: workspace,
        OAUTH_KEY: 'sim-client-id',
        OAUTH_SECRET: 'sim-client-secret',
        API_BASE_URL: simulator.apiBaseUrl,
        TOKEN_URL: simulator.tokenUrl,
      },
      storage,
      dotEnvFound: true,
      write,
    });
  } finally {
    write(
      `The simulator served ${simulator.stats().total} request(s) (token requests included).`,
    );
    await simulator.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    write(
      `The demo stopped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    );
    process.exitCode = 1;
  },
);
