/** The demo's sample workspace collected by the real CLI into a throw-away project. */
import { configEnv, makeProjectDir, ProjectDir, runCli } from '../cli/run-cli';
import { sampleDataset } from '../../simulator/dataset';
import { RunningSimulator, startSimulator } from '../../simulator';

export interface SampleCollection {
  sim: RunningSimulator;
  project: ProjectDir;
  close(): Promise<void>;
}

export async function collectSampleWorkspace(
  extra: Record<string, string | boolean> = {},
): Promise<SampleCollection> {
  const sim = await startSimulator({
    dataset: sampleDataset({ now: new Date() }),
  });
  const project = makeProjectDir();
  const result = await runCli(
    ['collect', '-p', project.dir],
    configEnv({
      workspace: sim.dataset.workspaces[0].slug,
      oauthKey: 'sim-client-id',
      oauthSecret: 'sim-client-secret',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      ...extra,
    }),
  );
  if (result.code !== 0) {
    await sim.close();
    project.remove();
    throw new Error(`collect exited ${result.code}:\n${result.output}`);
  }
  return {
    sim,
    project,
    close: async () => {
      await sim.close();
      project.remove();
    },
  };
}
