/**
 * `j1-integration sync` uploads a real collection to JupiterOne: collect from the simulator with
 * the real CLI, then sync to a fake JupiterOne synchronization API and compare what arrived with
 * what was collected on disk.
 */
import { readdirSync, readFileSync } from 'fs';
import path from 'path';

import { RunningSimulator, startSimulator } from '../../simulator';
import { sampleDataset } from '../../simulator/dataset';
import { FakeJupiterOne, startFakeJupiterOne } from '../fake-jupiterone/server';
import { ProjectDir, configEnv, makeProjectDir, runCli } from '../cli/run-cli';

function readGraph(storage: string, kind: 'entities' | 'relationships'): any[] {
  const out: any[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (full.includes(`${path.sep}${kind}${path.sep}`)) {
        out.push(...(JSON.parse(readFileSync(full, 'utf8'))[kind] ?? []));
      }
    }
  };
  walk(path.join(storage, 'graph'));
  return out;
}

describe('j1-integration sync', () => {
  let simulator: RunningSimulator;
  let jupiterone: FakeJupiterOne;
  let project: ProjectDir;
  const env = () =>
    configEnv({
      workspace: simulator.dataset.workspaces[0].slug,
      oauthKey: 'sim-client-id',
      oauthSecret: 'sim-client-secret',
      apiBaseUrl: simulator.apiBaseUrl,
      tokenUrl: simulator.tokenUrl,
    });

  beforeAll(async () => {
    simulator = await startSimulator({
      dataset: sampleDataset({ now: new Date() }),
    });
    jupiterone = await startFakeJupiterOne();
    project = makeProjectDir();
  });

  afterAll(async () => {
    await simulator?.close();
    await jupiterone?.close();
    project?.remove();
  });

  it('uploads every collected entity and relationship and finalizes with partial pull request types', async () => {
    const collected = await runCli(['collect', '-p', project.dir], env());
    expect(collected.output).not.toMatch(/completed with status: failure/);
    expect(collected.code).toBe(0);

    const entities = readGraph(project.storage, 'entities');
    const relationships = readGraph(project.storage, 'relationships');
    expect(entities.some((e) => e._type === 'bitbucket_pullrequest')).toBe(
      true,
    );

    const synced = await runCli(
      [
        'sync',
        '-p',
        project.dir,
        '-i',
        'instance-1',
        '--api-base-url',
        jupiterone.url,
        '--account',
        'j1-account',
        '--api-key',
        'j1-api-key',
      ],
      env(),
    );
    expect(synced.code).toBe(0);

    const paths = jupiterone.calls.map(
      (c) => `${c.method} ${c.path.replace(/job-\d+/, ':id')}`,
    );
    expect(paths[0]).toBe('POST /persister/synchronization/jobs');
    expect(paths[paths.length - 1]).toBe(
      'POST /persister/synchronization/jobs/:id/finalize',
    );
    expect(jupiterone.calls[0].body).toEqual({
      source: 'integration-managed',
      integrationInstanceId: 'instance-1',
    });
    expect(jupiterone.calls[0].headers['lifeomic-account']).toBe('j1-account');

    const keys = (objects: any[]) => objects.map((o) => o._key).sort();
    expect(keys(jupiterone.entities)).toEqual(keys(entities));
    expect(keys(jupiterone.relationships)).toEqual(keys(relationships));

    const partial: string[] =
      jupiterone.finalizeBodies[0].partialDatasets.types;
    expect(partial).toEqual(expect.arrayContaining(['bitbucket_pullrequest']));
    expect(partial.filter((t) => !t.includes('pullrequest'))).toEqual([]);
    expect([...jupiterone.jobs.values()][0].status).toBe('FINALIZE_PENDING');
  });
});
