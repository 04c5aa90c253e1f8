/**
 * `node -r <this> node_modules/.bin/j1-integration collect`: installs the compact relationship
 * key check into the SDK runtime the CLI is about to use. If the runtime is not the shape this
 * was written for (another SDK version), it changes nothing and says so once.
 */
import {
  compactRelationshipKeys,
  CreateStepJobState,
} from './compact-relationship-keys';

const MODULE =
  '@jupiterone/integration-sdk-runtime/dist/src/execution/jobState';

function install(): void {
  // A deep import of the runtime's own module: the CLI's copy is the one that runs the steps.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jobState = require(MODULE) as { createStepJobState?: unknown };
  if (typeof jobState.createStepJobState !== 'function') {
    process.stderr.write(
      `graph-bitbucket: ${MODULE} has no createStepJobState; relationship keys are kept the SDK's way\n`,
    );
    return;
  }
  jobState.createStepJobState = compactRelationshipKeys(
    jobState.createStepJobState as CreateStepJobState,
  );
}

install();
