/**
 * One collection in this process, through the SDK runtime's own `executeIntegrationInstance`
 * (what `j1-integration collect` runs) with our logger, the same file store, schema
 * validation on, and the client's accounting at hand for the summary.
 */
import {
  IntegrationExecutionContext,
  IntegrationInvocationConfig,
  IntegrationStep,
} from '@jupiterone/integration-sdk-core';
import {
  executeIntegrationInstance,
  ExecuteIntegrationResult,
  FileSystemGraphObjectStore,
  LOCAL_INTEGRATION_INSTANCE,
} from '@jupiterone/integration-sdk-runtime';

import { ClientStats } from '../../src/bitbucket/client';
import { getClient } from '../../src/client-registry';
import { IntegrationConfig } from '../../src/config';
import { invocationConfig } from '../../src';
import { installCompactRelationshipKeys } from '../../src/runtime/install';
import { ConsoleLogger } from './console-logger';
import { isConfigError } from './errors';

export interface CollectionOutcome {
  /** Absent when the run stopped before any step (validation, or an unexpected error). */
  results?: ExecuteIntegrationResult;
  /** Set when validation refused the configuration or a credential (the user's to fix). */
  configError?: Error;
  /** Any other error that stopped the run. */
  crash?: Error;
  stats?: ClientStats;
  durationMs: number;
}

export async function runCollection(
  config: IntegrationConfig,
  storage: string,
  logger: ConsoleLogger,
): Promise<CollectionOutcome> {
  // The runtime's file store and `removeStorageDirectory` both follow this variable.
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storage;
  // The disk-usage metric walks the output folder every 30 s only to log a number.
  process.env.DISABLE_DISK_USAGE_METRIC = '1';
  // The SDK keeps every relationship key until the run ends (over 300 MB for the 1.5 million
  // access edges of 20,000 repositories); this run keeps them compact when the runtime is the
  // release that was tested, and otherwise says once that it could not.
  const keys = installCompactRelationshipKeys();
  if (!keys.installed) logger.print(`note: ${keys.reason}`);

  // The runtime hands validation a trimmed copy of the config; the client is keyed by that copy.
  let runConfig: IntegrationConfig | undefined;
  const invocation: IntegrationInvocationConfig<IntegrationConfig> = {
    ...invocationConfig,
    validateInvocation: (
      context: IntegrationExecutionContext<IntegrationConfig>,
    ) => {
      runConfig = context.instance.config;
      return invocationConfig.validateInvocation?.(context);
    },
  };
  const statsOf = () =>
    runConfig
      ? getClient({ instance: { config: runConfig }, logger }).getStats()
      : undefined;

  const started = Date.now();
  try {
    const results = await executeIntegrationInstance(
      logger,
      {
        ...LOCAL_INTEGRATION_INSTANCE,
        id:
          process.env.INTEGRATION_INSTANCE_ID || LOCAL_INTEGRATION_INSTANCE.id,
        config,
      },
      invocation,
      { current: { startedOn: started } },
      {
        enableSchemaValidation: true,
        graphObjectStore: new FileSystemGraphObjectStore({
          prettifyFiles: true,
          // Only step metadata is read here (which types each step indexes).
          integrationSteps:
            invocation.integrationSteps as unknown as IntegrationStep[],
        }),
      },
    );
    return { results, stats: statsOf(), durationMs: Date.now() - started };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    return {
      ...(isConfigError(error) ? { configError: error } : { crash: error }),
      stats: statsOf(),
      durationMs: Date.now() - started,
    };
  }
}
