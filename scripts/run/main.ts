/**
 * The run a person starts (`npm start`, `npm run demo`): check the configuration before the SDK
 * does, collect through the SDK runtime, write the pages, print a summary, and return the exit
 * code (0 every enabled step succeeded, 1 a step failed, 2 the configuration is wrong).
 */
import './quiet';

import path from 'path';

import {
  checkEnvironmentConfig,
  ConfigField,
  envVarName,
  instanceConfigFields,
  parseConfig,
} from '../../src/config';
import { writeGraphHtml } from '../graph-html';
import { runCollection } from './collect';
import { ConsoleLogger, oneLine } from './console-logger';
import { isConfigError } from './errors';
import { writeReportPage } from './report-hook';
import { EXIT_CONFIG, exitCodeOf, summaryLines } from './summary';

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  /** Where the graph and pages go (`.j1-integration/` under the working directory). */
  storage: string;
  /** Whether a `.env` file was found, for a newcomer's first message. */
  dotEnvFound: boolean;
  write: (line: string) => void;
}

/** Whether any config variable is set at all (a newcomer without `.env` has none). */
function configuredInEnvironment(env: NodeJS.ProcessEnv): boolean {
  return Object.keys(instanceConfigFields).some(
    (field) => env[envVarName(field as ConfigField)] !== undefined,
  );
}

function writePages(
  storage: string,
  logger: ConsoleLogger,
): Array<[string, string]> {
  const pages: Array<[string, string]> = [];
  try {
    const graph = writeGraphHtml(storage);
    pages.push([`graph view (offline, ${graph.nodes} nodes)`, graph.file]);
  } catch (err) {
    logger.print(
      `warning: the graph page was not written: ${oneLine(err instanceof Error ? err.message : String(err))}`,
    );
  }
  try {
    const report = writeReportPage(storage);
    if (report) pages.push(['access review', report.file]);
  } catch (err) {
    logger.print(
      `warning: the access review page was not written: ${oneLine(err instanceof Error ? err.message : String(err))}`,
    );
  }
  return pages;
}

export async function runAndSummarise(options: RunOptions): Promise<number> {
  const { env, storage, write } = options;
  let config;
  try {
    config = checkEnvironmentConfig(env);
  } catch (err) {
    if (!isConfigError(err)) throw err;
    // The missing-workspace message already says to copy .env.example: say it once.
    const hint =
      options.dotEnvFound || configuredInEnvironment(env)
        ? ''
        : err.message.includes('.env.example')
          ? ' (no .env file in this folder)'
          : ' (no .env file in this folder: copy .env.example to .env and fill it in)';
    write(`Configuration error: ${oneLine(err.message)}${hint}`);
    return EXIT_CONFIG;
  }
  const parsed = parseConfig(config);
  const logger = ConsoleLogger.create(write);
  write(
    `Collecting ${parsed.workspaces.join(', ')} from ${parsed.client.apiBaseUrl} with ${parsed.client.credentials.length} credential(s) into ${path.relative(process.cwd(), storage) || '.'}/`,
  );
  const outcome = await runCollection(config, storage, logger);
  logger.flush();
  // The run's job state (key sets, indexes, buffers) is garbage now. Collected before the pages
  // are built, its memory is reused for theirs instead of stacking under them: at 20,000
  // repositories with access data the report page's data alone is over 250 MB. `gc` is there
  // because package.json's start script passes --expose-gc.
  (globalThis as { gc?: () => void }).gc?.();
  const pages = outcome.results ? writePages(storage, logger) : [];
  const lines = summaryLines({
    outcome,
    storage,
    failures: logger.stepFailures,
    pages,
  });
  lines.forEach((line) => write(line));
  return exitCodeOf(outcome);
}
