/**
 * `npm run bench`: the real `j1-integration collect`, measured from outside, against the
 * simulator for growing datasets with a simulated network latency. Writes docs/benchmarks.md.
 * It asserts nothing; it reports API calls against the minimum the data requires and against
 * the old documented formula, wall time against the latency bound, and peak RSS.
 *
 *   npm run bench                       # small, medium, large; 50 ms latency
 *   npm run bench -- --sizes small --latency 20 --out /tmp/bench.md
 */
import { spawn } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';

import { cliEnv, configEnv, makeProjectDir, ROOT } from '../test/cli/run-cli';
import {
  DatasetSize,
  datasetSummary,
  generateDataset,
} from '../simulator/dataset';
import { Dataset } from '../simulator/model';
import {
  RateLimitSettings,
  SimCredentials,
  startSimulator,
} from '../simulator';

const CLI = path.join(ROOT, 'node_modules', '.bin', 'j1-integration');
const CONCURRENCY = 5;
const LOOKBACK_HOURS = 24;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

interface Measurement {
  label: string;
  size: DatasetSize;
  repos: number;
  prs: number;
  prsInWindow: number;
  calls: number;
  byEndpoint: Record<string, number>;
  byCredential: Record<string, number>;
  rateLimited: number;
  minimumPages: number;
  fixedCalls: number;
  oldFormula: number;
  wallMs: number;
  latencyBoundMs: number;
  peakRssMb: number;
  exitCode: number;
  failedSteps: string[];
}

/** Peak resident set of a process, sampled from /proc (VmHWM is the kernel's own high-water mark). */
function readPeakRssKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function runCollect(
  env: Record<string, string>,
  projectDir: string,
): Promise<{ code: number; wallMs: number; peakRssKb: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, 'collect', '-p', projectDir], {
      cwd: ROOT,
      env: cliEnv(env),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, readPeakRssKb(child.pid));
    }, 100);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({
        code: code ?? 1,
        wallMs: Number(process.hrtime.bigint() - started) / 1e6,
        peakRssKb: peak,
      });
    });
  });
}

function minimumPages(dataset: Dataset, windowStart: number) {
  const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  let total = 0;
  let prsInWindow = 0;
  for (const ws of dataset.workspaces) {
    total += 1; // the workspace
    total += pages(ws.memberAccountIds.length, 100);
    total += 1; // /1.0/groups
    total += pages(ws.projects.length, 100);
    total += pages(ws.repositories.length, 100);
    for (const r of ws.repositories) {
      const n = r.pullRequests.filter(
        (pr) => Date.parse(pr.updatedOn) > windowStart,
      ).length;
      prsInWindow += n;
      total += pages(n, 50);
    }
  }
  return { total, prsInWindow };
}

async function measure(
  label: string,
  size: DatasetSize,
  latencyMs: number,
  consumers: number,
  rateLimit?: Partial<RateLimitSettings>,
): Promise<Measurement> {
  const now = new Date();
  const dataset = generateDataset({ seed: 2026, now, size });
  const summary = datasetSummary(dataset, now);
  const windowStart = now.getTime() - LOOKBACK_HOURS * 3_600_000;
  const credentials: SimCredentials = {
    oauth: Array.from({ length: consumers }, (_, i) => ({
      clientId: `bench-${i + 1}`,
      secret: `bench-secret-${i + 1}`,
      scopes: ['account', 'project', 'repository', 'pullrequest'],
    })),
  };
  const sim = await startSimulator({
    dataset,
    credentials,
    faults: { latencyMs },
    // Without a limit scenario, budget is not the subject: model a scaled limit.
    rateLimit: rateLimit ?? { limit: 1_000_000 },
  });
  const project = makeProjectDir();
  try {
    const env = configEnv({
      workspace: dataset.workspaces.map((w) => w.slug).join(','),
      oauthKey: credentials.oauth?.map((c) => c.clientId).join(',') ?? '',
      oauthSecret: credentials.oauth?.map((c) => c.secret).join(',') ?? '',
      apiBaseUrl: sim.apiBaseUrl,
      tokenUrl: sim.tokenUrl,
      pullRequestLookbackHours: String(LOOKBACK_HOURS),
      maxConcurrency: String(CONCURRENCY),
    });
    const run = await runCollect(env, project.dir);
    const stats = sim.stats();
    const { total: minimum, prsInWindow } = minimumPages(dataset, windowStart);
    const calls = stats.total;
    let failedSteps: string[] = [];
    try {
      const s = JSON.parse(
        readFileSync(path.join(project.storage, 'summary.json'), 'utf8'),
      ) as {
        integrationStepResults: Array<{ id: string; status: string }>;
      };
      failedSteps = s.integrationStepResults
        .filter((r) => !['success', 'disabled'].includes(r.status))
        .map((r) => r.id);
    } catch {
      failedSteps = ['(no summary.json)'];
    }
    return {
      label,
      size,
      repos: summary.repositories,
      prs: summary.pullRequests,
      prsInWindow,
      calls,
      byEndpoint: stats.byEndpoint,
      byCredential: stats.byCredential,
      rateLimited: stats.byStatus['429'] ?? 0,
      minimumPages: minimum,
      // One token grant per consumer, and validateInvocation's read of each workspace with
      // each consumer.
      fixedCalls: consumers + consumers * dataset.workspaces.length,
      oldFormula: Math.round(
        summary.repositories / 10 + prsInWindow / 10 + 3 * prsInWindow,
      ),
      wallMs: run.wallMs,
      latencyBoundMs: (calls * latencyMs) / CONCURRENCY,
      peakRssMb: run.peakRssKb / 1024,
      exitCode: run.code,
      failedSteps,
    };
  } finally {
    project.remove();
    await sim.close();
  }
}

function table(rows: Measurement[]): string {
  const lines = [
    '| run | repos | PRs (in 24 h window) | API calls | minimum pages + fixed | calls ÷ minimum | old formula | wall time | latency bound | time ÷ bound | peak RSS | exit |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const m of rows) {
    const min = m.minimumPages + m.fixedCalls;
    lines.push(
      `| ${m.label} | ${m.repos} | ${m.prs} (${m.prsInWindow}) | ${m.calls} | ${m.minimumPages} + ${m.fixedCalls} | ${(m.calls / min).toFixed(3)} | ${m.oldFormula} | ${(m.wallMs / 1000).toFixed(1)} s | ${(m.latencyBoundMs / 1000).toFixed(1)} s | ${(m.wallMs / m.latencyBoundMs).toFixed(2)} | ${m.peakRssMb.toFixed(0)} MB | ${m.exitCode}${m.failedSteps.length ? ` (failed: ${m.failedSteps.join(', ')})` : ''} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const sizes = arg('sizes', 'small,medium,large').split(',') as DatasetSize[];
  const latency = Number(arg('latency', '50'));
  const out = path.resolve(
    arg('out', path.join(ROOT, 'docs', 'benchmarks.md')),
  );
  const rows: Measurement[] = [];
  for (const size of sizes) {
    process.stderr.write(`bench: ${size}, one consumer …\n`);
    rows.push(await measure(size, size, latency, 1));
  }
  // Three consumers whose hourly budgets add up to just over what the run needs; the first
  // is limited early (15 %), so its 429s must move work to the others and nothing is lost.
  const limitedSize = sizes.includes('medium') ? 'medium' : sizes[0];
  const probe = rows.find((r) => r.size === limitedSize);
  const needed = probe?.calls ?? 100;
  const budgets = [0.15, 0.45, 0.45].map((share) => Math.ceil(needed * share));
  process.stderr.write(
    `bench: ${limitedSize}, three consumers limited to ${budgets.join('/')} per hour …\n`,
  );
  const limited = await measure(
    `${limitedSize}, 3 consumers, ${budgets.join('/')} per hour`,
    limitedSize,
    latency,
    3,
    {
      windowMs: 3_600_000,
      perCredential: Object.fromEntries(
        budgets.map((b, i) => [`oauth:bench-${i + 1}`, b]),
      ),
    },
  );
  rows.push(limited);

  const plain = rows.filter((r) => !r.label.includes('consumers'));
  const base = plain[0];
  const growth = plain
    .map((r) => {
      const extraRepos = r.repos - base.repos;
      const marginal =
        extraRepos > 0
          ? `; over ${base.label}: +${(r.peakRssMb - base.peakRssMb).toFixed(0)} MB for +${extraRepos} repositories (${(((r.peakRssMb - base.peakRssMb) * 1024) / extraRepos).toFixed(0)} KB each), +${((r.wallMs - base.wallMs) / 1000).toFixed(1)} s`
          : ' (baseline: process start, TypeScript compilation and SDK set-up dominate)';
      return `- ${r.label}: ${(r.calls / r.repos).toFixed(2)} calls per repository, ${r.peakRssMb.toFixed(0)} MB peak RSS${marginal}`;
    })
    .join('\n');
  const cpus = os.cpus();
  const doc = `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: the real \`j1-integration collect\` process,
timed and sampled from outside, against the Bitbucket Cloud simulator with ${latency} ms latency per request,
\`maxConcurrency\` ${CONCURRENCY}, a ${LOOKBACK_HOURS} h pull request window, pull requests enriched.

Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}.

${table(rows)}

- **minimum pages**: the pages the data requires at the largest \`pagelen\` (workspace, members, groups, projects and
  repositories at 100 per page, one pull request page per 50 pull requests per repository and at least one per
  repository); **fixed**: one token grant per OAuth consumer plus \`validateInvocation\`'s read of each workspace with each consumer.
- **old formula**: the previous documentation's cost with enriched pull requests, \`#Repos/10 + #PRs/10 + 3 × #PRs\`.
- **latency bound**: calls × latency ÷ concurrency, the fastest any client could go at that concurrency.
- **peak RSS**: the kernel's high-water mark (\`VmHWM\`) of the collecting process.

How the figures grow with size:
${growth}

Rate-limited run (${limited.label}): calls by consumer ${Object.entries(
    limited.byCredential,
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(
      ', ',
    )}; ${limited.rateLimited} answer(s) were 429 and each refused request was sent again through another consumer (${limited.exitCode === 0 && limited.failedSteps.length === 0 ? 'the collection completed' : 'the collection did NOT complete'}).
`;
  writeFileSync(out, doc);
  process.stdout.write(doc);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench failed: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exitCode = 1;
});
