/**
 * Puts the compact relationship-key check into the SDK runtime loaded in this process, for both
 * local paths: `npm start` (scripts/run, in process) and `j1-integration collect` (./preload.ts,
 * through `node -r`). The runtime's `executeIntegrationInstance` calls its module's export
 * `createStepJobState` for every step, so replacing that export before the run starts is enough.
 */
import {
  compactRelationshipKeys,
  CreateStepJobState,
} from './compact-relationship-keys';

/** The runtime release the wrapper was written and tested against (private module paths). */
export const TESTED_RUNTIME_VERSION = '8.41.0';

const RUNTIME = '@jupiterone/integration-sdk-runtime';
const JOB_STATE = `${RUNTIME}/dist/src/execution/jobState`;
const INSTALLED = Symbol.for('graph-bitbucket.compactRelationshipKeys');

export type InstallResult =
  | { installed: true }
  /** `reason` is one plain line for the person running the collection. */
  | { installed: false; reason: string };

interface JobStateModule {
  createStepJobState?: unknown;
}

/** Idempotent; changes nothing unless the runtime is exactly the tested release and shape. */
export function installCompactRelationshipKeys(
  load: (id: string) => unknown = require,
): InstallResult {
  const keptSdkWay = 'relationship keys are kept the SDK way (more memory)';
  let version: unknown;
  let jobState: JobStateModule;
  try {
    version = (load(`${RUNTIME}/package.json`) as { version?: unknown })
      .version;
    jobState = load(JOB_STATE) as JobStateModule;
  } catch {
    return {
      installed: false,
      reason: `${JOB_STATE} could not be loaded; ${keptSdkWay}`,
    };
  }
  if (version !== TESTED_RUNTIME_VERSION) {
    return {
      installed: false,
      reason: `the SDK runtime is ${String(version)}, the compact key check was tested on ${TESTED_RUNTIME_VERSION}; ${keptSdkWay}`,
    };
  }
  const original = jobState.createStepJobState;
  if (typeof original !== 'function') {
    return {
      installed: false,
      reason: `${JOB_STATE} has no createStepJobState; ${keptSdkWay}`,
    };
  }
  if ((original as { [INSTALLED]?: true })[INSTALLED])
    return { installed: true };
  const wrapped = compactRelationshipKeys(original as CreateStepJobState);
  Object.defineProperty(wrapped, INSTALLED, { value: true });
  jobState.createStepJobState = wrapped;
  return { installed: true };
}
