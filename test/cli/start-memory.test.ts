/**
 * `npm start` runs the SDK runtime in its own process (scripts/run): that run must keep its
 * relationship keys in the compact set (src/runtime), not the SDK's key map, whatever the
 * command line loaded. Through the SDK's real runtime against the simulator over HTTP.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { forEachRelationship } from '../../scripts/report/graph-files';
import { runAndSummarise } from '../../scripts/run/main';
import { compactRelationshipKeyCount } from '../../src/runtime/compact-relationship-keys';
import { TESTED_RUNTIME_VERSION } from '../../src/runtime/install';
import { RunningSimulator, startSimulator } from '../../simulator';
import { sampleDataset } from '../../simulator/dataset';
import { configEnv } from './run-cli';

const SCOPES = [
  'account',
  'project',
  'repository',
  'pullrequest',
  'project:admin',
  'repository:admin',
];

let sim: RunningSimulator;
let storage: string;
const storageVariable = process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;

beforeAll(async () => {
  sim = await startSimulator({
    dataset: sampleDataset({ now: new Date() }),
    credentials: {
      oauth: [{ clientId: 'id', secret: 'secret', scopes: SCOPES }],
    },
  });
  storage = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-start-mem-'));
});
afterAll(async () => {
  await sim?.close();
  rmSync(storage, { recursive: true, force: true });
  if (storageVariable === undefined)
    delete process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY;
  else process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = storageVariable;
});

test('the in-process run checks every relationship key in the compact set', async () => {
  const lines: string[] = [];
  const before = compactRelationshipKeyCount();
  const code = await runAndSummarise({
    env: configEnv({
      workspace: sim.dataset.workspaces[0].slug,
      oauthKey: 'id',
      oauthSecret: 'secret',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
    }),
    storage,
    dotEnvFound: true,
    write: (line) => lines.push(line),
  });
  expect(lines.join('\n')).toMatch(/All \d+ enabled step\(s\) succeeded/);
  expect(code).toBe(0);
  // Tested against this release only: another one keeps the SDK's way and says so.
  expect(lines.join('\n')).not.toMatch(
    /relationship keys are kept the SDK way/,
  );
  expect(TESTED_RUNTIME_VERSION).toBe(
    jest.requireActual<{ version: string }>(
      '@jupiterone/integration-sdk-runtime/package.json',
    ).version,
  );

  let written = 0;
  forEachRelationship(storage, () => written++);
  expect(written).toBeGreaterThan(100);
  expect(compactRelationshipKeyCount() - before).toBe(written);
}, 120_000);
