/** One benchmark run: a generated dataset, the simulator in this process, `collect` in another. */
import path from 'path';

import {
  RateLimitSettings,
  SimCredentials,
  startSimulator,
} from '../../simulator';
import { datasetSummary } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import { configEnv, makeProjectDir, ROOT, runCollect } from './collect';
import { BenchSize, buildDataset } from './datasets';
import { minimumCalls } from './minimum';

export const CONCURRENCY = 5;
export const LOOKBACK_HOURS = 24;

/** Steps that exist without the access data; any other step that ran belongs to it. */
const BASE_STEPS = new Set([
  'fetch-workspaces',
  'fetch-users',
  'fetch-groups',
  'fetch-projects',
  'fetch-repos',
  'fetch-pull-requests',
  'build-pull-request-review-relationships',
]);

export interface RunOptions {
  label: string;
  size: BenchSize;
  latencyMs: number;
  consumers: number;
  permissions: boolean;
  rateLimit?: RateLimitSettings;
  /**
   * Flags for the collecting Node process; default `MEMORY_FLAGS` with the preload from `src`
   * (or from the precompiled copy when `srcDir` is given). `[]` runs the CLI as it comes.
   */
  nodeArgs?: string[];
  /** Collect from this copy of `src` (e.g. precompiled JavaScript) instead of ours. */
  srcDir?: string;
  /** Called with the finished run's `.j1-integration` directory before it is deleted. */
  onStorage?: (storageDir: string) => Promise<void>;
}

export interface Measurement {
  options: RunOptions;
  repos: number;
  prs: number;
  members: number;
  prsInWindow: number;
  calls: number;
  admitted: number;
  rateLimited: number;
  byCredential: Record<string, number>;
  minimum: number;
  minimumFixed: number;
  wallMs: number;
  firstCallMs?: number;
  latencyBoundMs: number;
  /** What the credentials' rate budget allows at best (rate-limited runs only). */
  budgetBoundMs?: number;
  peakRssMb: number;
  exitCode: number;
  failedSteps: string[];
  /** Steps beyond the base set that ran (the access data's, once it exists). */
  extraSteps: string[];
  stepsRan: number;
}

/**
 * How the collecting process is started: the SDK's relationship keys kept compact (see
 * src/runtime/preload.ts), and an old-space limit. The live heap at 20,000 repositories is
 * about 125 MB; without a limit V8 on a large machine lets garbage pile up to several times
 * that between full collections (peak RSS 490–730 MB), with 384 MB it collects sooner.
 */
export const MEMORY_FLAGS = ['--max-old-space-size=384'];

export function collectorFlags(srcDir?: string): string[] {
  const preload = srcDir
    ? [path.join(srcDir, 'runtime', 'preload.js')]
    : [
        'ts-node/register/transpile-only',
        path.join(ROOT, 'src', 'runtime', 'preload.ts'),
      ];
  return [...MEMORY_FLAGS, ...preload.flatMap((p) => ['-r', p])];
}

/** Datasets by size name, so the permissions-off and -on runs of a size share one. */
const datasets = new Map<string, { dataset: Dataset; now: Date }>();

function datasetFor(size: BenchSize): { dataset: Dataset; now: Date } {
  let entry = datasets.get(size.name);
  if (!entry) {
    const now = new Date();
    entry = { dataset: buildDataset(size, now), now };
    datasets.clear();
    datasets.set(size.name, entry);
  }
  return entry;
}

export async function measure(options: RunOptions): Promise<Measurement> {
  const { dataset, now } = datasetFor(options.size);
  const summary = datasetSummary(dataset, now);
  // The collector's window starts 24 h before its own clock, not the dataset's.
  const windowStart = Date.now() - LOOKBACK_HOURS * 3_600_000;
  const credentials: SimCredentials = {
    oauth: Array.from({ length: options.consumers }, (_, i) => ({
      clientId: `bench-${i + 1}`,
      secret: `bench-secret-${i + 1}`,
      scopes: [
        'account',
        'project',
        'repository',
        'pullrequest',
        'project:admin',
        'repository:admin',
      ],
    })),
  };
  const sim = await startSimulator({
    dataset,
    credentials,
    faults: { latencyMs: options.latencyMs },
    // Without a rate-limit scenario the budget is not the subject. A short window keeps the
    // simulator's per-request bookkeeping (a scan of the window's requests) small.
    rateLimit: options.rateLimit ?? { limit: 10_000_000, windowMs: 1_000 },
  });
  const project = makeProjectDir(options.srcDir);
  try {
    const env = configEnv({
      workspace: dataset.workspaces.map((w) => w.slug).join(','),
      oauthKey: credentials.oauth?.map((c) => c.clientId).join(',') ?? '',
      oauthSecret: credentials.oauth?.map((c) => c.secret).join(',') ?? '',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      pullRequestLookbackHours: String(LOOKBACK_HOURS),
      maxConcurrency: String(CONCURRENCY),
      ingestPermissions: String(options.permissions),
    });
    // Set even if the config module does not know the field yet.
    env.INGEST_PERMISSIONS = String(options.permissions);
    const run = await runCollect({
      env,
      project,
      requestCount: () => sim.stats().total,
      nodeArgs: options.nodeArgs ?? collectorFlags(options.srcDir),
    });
    const stats = sim.stats();
    if (options.onStorage) await options.onStorage(project.storage);
    const ran = Object.entries(run.steps).filter(([, s]) => s !== 'disabled');
    const extraSteps = ran
      .map(([id]) => id)
      .filter((id) => !BASE_STEPS.has(id));
    const min = minimumCalls(
      dataset,
      windowStart,
      options.consumers,
      extraSteps.length > 0,
    );
    const rateLimited = stats.byStatus['429'] ?? 0;
    const admitted = stats.total - rateLimited - stats.tokenRequests;
    let budgetBoundMs: number | undefined;
    if (options.rateLimit) {
      const { limit, windowMs } = options.rateLimit;
      // A rolling window frees each slot `windowMs` after it was used, so k credentials of
      // `limit` each can make k·limit calls at once and k·limit more every window after.
      const windows = Math.floor(
        Math.max(0, admitted - 1) / (limit * options.consumers),
      );
      budgetBoundMs = windows * windowMs;
    }
    return {
      options,
      repos: summary.repositories,
      prs: summary.pullRequests,
      members: summary.members,
      prsInWindow: min.prsInWindow,
      calls: stats.total,
      admitted,
      rateLimited,
      byCredential: stats.byCredential,
      minimum: min.pages + min.fixed,
      minimumFixed: min.fixed,
      wallMs: run.wallMs,
      firstCallMs: run.firstCallMs,
      latencyBoundMs: (stats.total * options.latencyMs) / CONCURRENCY,
      budgetBoundMs,
      peakRssMb: run.peakRssKb / 1024,
      exitCode: run.code,
      failedSteps: ran
        .filter(([, s]) => s !== 'success')
        .map(([id]) => id)
        .concat(Object.keys(run.steps).length ? [] : ['(no summary.json)']),
      extraSteps,
      stepsRan: ran.length,
    };
  } finally {
    project.remove();
    await sim.close();
  }
}
