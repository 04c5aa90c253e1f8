/**
 * Starts the Bitbucket Cloud simulator from the command line:
 *   npm run simulator -- --port 4010 --size small --seed 7 --workspaces 1 --latency 0
 * Prints the URLs and the credentials to put in `.env`.
 */
import { generateDataset, sampleDataset, DatasetSize } from './dataset';
import { DEFAULT_CREDENTIALS, startSimulator } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const size = arg('size') as DatasetSize | 'sample' | undefined;
  const now = new Date();
  const dataset =
    !size || size === 'sample'
      ? sampleDataset({ now })
      : generateDataset({
          seed: Number(arg('seed') ?? 1),
          now,
          size,
          workspaces: Number(arg('workspaces') ?? 1),
        });
  const sim = await startSimulator({
    dataset,
    port: Number(arg('port') ?? 4010),
    faults: { latencyMs: Number(arg('latency') ?? 0) },
    rateLimit: arg('rate-limit')
      ? { limit: Number(arg('rate-limit')) }
      : undefined,
  });
  const consumer = DEFAULT_CREDENTIALS.oauth?.[0];
  process.stdout.write(
    [
      `Bitbucket Cloud simulator listening on ${sim.url}`,
      `  workspaces: ${dataset.workspaces.map((w) => w.slug).join(', ')}`,
      `  API_BASE_URL=${sim.apiBaseUrl}`,
      `  TOKEN_URL=${sim.tokenUrl}`,
      `  OAUTH_KEY=${consumer?.clientId ?? ''}`,
      `  OAUTH_SECRET=${consumer?.secret ?? ''}`,
      `  WORKSPACE=${dataset.workspaces.map((w) => w.slug).join(',')}`,
      `  stats: ${sim.url}/_simulator/stats`,
      '',
    ].join('\n'),
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
