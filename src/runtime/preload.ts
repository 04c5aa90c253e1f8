/**
 * `node -r <this> node_modules/.bin/j1-integration collect` (what `npm run collect` runs):
 * installs the compact relationship-key check into the SDK runtime the CLI is about to use.
 * `npm start` installs it in process instead (scripts/run/collect.ts). If the runtime is not
 * the release and shape this was tested on, it changes nothing and says so once.
 */
import { installCompactRelationshipKeys } from './install';

const result = installCompactRelationshipKeys();
if (!result.installed)
  process.stderr.write(`graph-bitbucket: ${result.reason}\n`);
