/**
 * One benchmark run: a generated dataset, the simulator in this process, and in another what
 * `npm start` runs (or, for the before and the precompiled run, `j1-integration collect`).
 */
import path from 'path';

import {
  RateLimitSettings,
  SimCredentials,
  startSimulator,
} from '../../simulator';
import { datasetSummary } from '../../simulator/dataset';
import { Dataset } from '../../simulator/model';
import {
  Collector,
  configEnv,
  makeProjectDir,
  ROOT,
  runCollect,
} from './collect';
import { BenchSize, buildDataset } from './datasets';
import { callCounts, minimumCalls } from './minimum';
import { memoryFlags, startCommand } from '../run/start-command';

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
   * Absent: what `npm start` runs (package.json's start script, flags and all). Given: the
   * SDK's `j1-integration collect` with these Node flags; `[]` runs it as the SDK ships it
   * (the "before" of the memory fix).
   */
  nodeArgs?: string[];
  /**
   * Collect from this copy of `src` (precompiled JavaScript) through `j1-integration collect`,
   * with the start script's memory flags and the compiled preload: the same collection with no
   * TypeScript compiler loaded.
   */
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
  /** Calls by endpoint as the simulator counted them (429s included), and the minimum's. */
  byEndpoint?: Record<string, number>;
  minimumByEndpoint?: Record<string, number>;
  minimum: number;
  minimumFixed: number;
  wallMs: number;
  firstCallMs?: number;
  latencyBoundMs: number;
  /** What the credentials' rate budget allows at best (rate-limited runs only). */
  budgetBoundMs?: number;
  peakRssMb: number;
  /** CPU time of the collecting process (see `CollectRun.cpuMs`). */
  cpuMs?: number;
  exitCode: number;
  failedSteps: string[];
  /** Steps beyond the base set that ran (the access data's, once it exists). */
  extraSteps: string[];
  stepsRan: number;
}

/** The start script's memory settings (package.json), so every path here uses the same. */
export const MEMORY_FLAGS = memoryFlags(startCommand(ROOT));

/** `j1-integration collect` from a precompiled `src`, set up as `npm start` sets up memory. */
export function precompiledCollector(srcDir: string): Collector {
  return {
    kind: 'cli',
    nodeArgs: [
      ...MEMORY_FLAGS,
      '-r',
      path.join(srcDir, 'runtime', 'preload.js'),
    ],
  };
}

function collectorOf(options: RunOptions): Collector {
  if (options.srcDir) return precompiledCollector(options.srcDir);
  if (options.nodeArgs) return { kind: 'cli', nodeArgs: options.nodeArgs };
  return { kind: 'start' };
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
      collector: collectorOf(options),
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
    const counts = callCounts(stats, min);
    const { admitted } = counts;
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
      ...counts,
      wallMs: run.wallMs,
      firstCallMs: run.firstCallMs,
      latencyBoundMs: (stats.total * options.latencyMs) / CONCURRENCY,
      budgetBoundMs,
      peakRssMb: run.peakRssKb / 1024,
      cpuMs: run.cpuMs,
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
