/**
 * Starts the Bitbucket Cloud simulator from the command line:
 *   npm run simulator -- --port 4010 --size small --seed 7 --workspaces 1 --latency 0
 * Credentials (repeatable; without any, one OAuth consumer `sim-client-id:sim-client-secret`):
 *   --oauth <key>:<secret>            an OAuth consumer
 *   --access-token <token>[@<slug>]   a workspace access token (for one workspace if given)
 *   --api-token <email>:<token>       an Atlassian API token
 *   --scopes a,b,c                    scopes of consumers and access tokens
 *                                     (default account,project,repository,pullrequest,
 *                                     project:admin,repository:admin)
 *   --api-token-scopes a,b,c          scopes of API tokens (default the four read:*:bitbucket and admin:repository:bitbucket)
 *   --groups-api available|forbidden|gone   how the legacy /1.0/groups API answers
 * Prints the URLs and the `.env` lines for the credentials. Stops on SIGINT, SIGTERM or SIGHUP,
 * and when the process that started it (npm) goes away.
 */
import { generateDataset, sampleDataset, DatasetSize } from './dataset';
import { GroupsApiMode, SimCredentials, startSimulator } from './server';

/** The process that started this one, as early as this module can see it. */
const STARTED_BY = process.ppid;

// What docs/jupiterone.md asks users to grant, access data included (INGEST_PERMISSIONS is on
// by default), so the printed .env collects everything.
const OAUTH_SCOPES = [
  'account',
  'project',
  'repository',
  'pullrequest',
  'project:admin',
  'repository:admin',
];
const API_TOKEN_SCOPES = [
  'read:workspace:bitbucket',
  'read:project:bitbucket',
  'read:repository:bitbucket',
  'read:pullrequest:bitbucket',
  'admin:repository:bitbucket',
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Every value of a flag that may be given more than once. */
function args(name: string): string[] {
  return process.argv.flatMap((value, i) =>
    value === `--${name}` && i + 1 < process.argv.length
      ? [process.argv[i + 1]]
      : [],
  );
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `a:b` split at the first colon; refuses anything else with the flag's expected form. */
function pair(flag: string, value: string, form: string): [string, string] {
  const at = value.indexOf(':');
  if (at <= 0 || at === value.length - 1)
    throw new Error(`--${flag} expects ${form}; got "${value}"`);
  return [value.slice(0, at), value.slice(at + 1)];
}

export function credentialsFromArgs(): SimCredentials {
  const scopes = list(arg('scopes')) ?? OAUTH_SCOPES;
  const apiScopes = list(arg('api-token-scopes')) ?? API_TOKEN_SCOPES;
  const oauth = args('oauth').map((value) => {
    const [clientId, secret] = pair('oauth', value, '<key>:<secret>');
    return { clientId, secret, scopes };
  });
  const accessTokens = args('access-token').map((value) => {
    const [token, workspace] = value.split('@');
    return { token, scopes, ...(workspace ? { workspace } : {}) };
  });
  const apiTokens = args('api-token').map((value) => {
    const [email, token] = pair('api-token', value, '<email>:<token>');
    return { email, token, scopes: apiScopes };
  });
  if (oauth.length + accessTokens.length + apiTokens.length === 0)
    oauth.push({
      clientId: 'sim-client-id',
      secret: 'sim-client-secret',
      scopes,
    });
  return { oauth, accessTokens, apiTokens };
}

function envLines(credentials: SimCredentials): string[] {
  const join = (values: string[]) => values.join(',');
  const lines: string[] = [];
  const { oauth = [], accessTokens = [], apiTokens = [] } = credentials;
  if (oauth.length)
    lines.push(
      `  OAUTH_KEY=${join(oauth.map((c) => c.clientId))}`,
      `  OAUTH_SECRET=${join(oauth.map((c) => c.secret))}`,
    );
  if (accessTokens.length)
    lines.push(`  ACCESS_TOKENS=${join(accessTokens.map((t) => t.token))}`);
  if (apiTokens.length)
    lines.push(
      `  API_TOKEN_EMAIL=${join(apiTokens.map((t) => t.email))}`,
      `  API_TOKEN=${join(apiTokens.map((t) => t.token))}`,
    );
  return lines;
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
  const credentials = credentialsFromArgs();
  const sim = await startSimulator({
    dataset,
    credentials,
    port: Number(arg('port') ?? 4010),
    faults: { latencyMs: Number(arg('latency') ?? 0) },
    rateLimit: arg('rate-limit')
      ? { limit: Number(arg('rate-limit')) }
      : undefined,
    groupsApi: arg('groups-api') as GroupsApiMode | undefined,
  });
  process.stdout.write(
    [
      `Bitbucket Cloud simulator listening on ${sim.url}`,
      `  workspaces: ${dataset.workspaces.map((w) => w.slug).join(', ')}`,
      `  API_BASE_URL=${sim.apiBaseUrl}`,
      `  TOKEN_URL=${sim.tokenUrl}`,
      ...envLines(credentials),
      `  WORKSPACE=${dataset.workspaces.map((w) => w.slug).join(',')}`,
      `  stats: ${sim.url}/_simulator/stats`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void sim.close().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, stop);
  // Stopping npm (`kill <npm pid>`) does not reach this process through `sh -c`; being
  // re-parented is the sign that whoever started it is gone.
  // Orphans are adopted by init (pid 1), which is also the case when npm went away while
  // this process was still loading.
  if (process.ppid === 1 || process.ppid !== STARTED_BY) stop();
  setInterval(() => {
    if (process.ppid !== STARTED_BY) stop();
  }, 500).unref();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}
