/** docs/benchmarks.md from the measurements. */
import os from 'os';

import { MEMORY_NOTES } from './memory-notes';
import { CONCURRENCY, LOOKBACK_HOURS, Measurement } from './scenarios';
import { StartupBreakdown } from './startup';

const s = (ms: number | undefined) =>
  ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;
const n = (x: number) => x.toLocaleString('en-US');

function outcome(m: Measurement): string {
  if (m.exitCode === 0 && m.failedSteps.length === 0) return 'ok';
  return `exit ${m.exitCode}${m.failedSteps.length ? `, failed: ${m.failedSteps.join(', ')}` : ''}`;
}

function stepsCell(m: Measurement): string {
  const wanted = m.options.permissions ? 'on' : 'off';
  const extra = m.extraSteps.length
    ? m.extraSteps.join(', ')
    : 'no access-data step ran';
  return `${wanted}: ${m.stepsRan} steps (${extra})`;
}

export function sizeTable(rows: Measurement[]): string {
  const lines = [
    '| size | repos | PRs (in window) | members | permissions: steps that ran | API calls | minimum | calls ÷ minimum | wall | latency bound | start-up | peak RSS | outcome |',
    '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const m of rows) {
    lines.push(
      `| ${m.options.label} | ${n(m.repos)} | ${n(m.prs)} (${n(m.prsInWindow)}) | ${n(m.members)} | ${stepsCell(m)} | ${n(m.calls)} | ${n(m.minimum)} | ${(m.calls / m.minimum).toFixed(3)} | ${s(m.wallMs)} | ${s(m.latencyBoundMs)} | ${s(m.firstCallMs)} | ${m.peakRssMb.toFixed(0)} MB | ${outcome(m)} |`,
    );
  }
  return lines.join('\n');
}

export function rateTable(rows: Measurement[]): string {
  const lines = [
    '| run | credentials × budget per window | API calls (429s) | requests by credential | wall | from first call | budget allows | ÷ budget | outcome |',
    '|---|---|---:|---|---:|---:|---:|---:|---|',
  ];
  for (const m of rows) {
    const rl = m.options.rateLimit;
    const bound = Math.max(m.budgetBoundMs ?? 0, m.latencyBoundMs);
    // Start-up is the same with or without a rate limit; the budget bounds what follows it.
    const collecting = m.wallMs - (m.firstCallMs ?? 0);
    lines.push(
      `| ${m.options.label} | ${m.options.consumers} × ${rl?.limit ?? '–'} per ${s(rl?.windowMs)} | ${n(m.calls)} (${n(m.rateLimited)}) | ${Object.entries(
        m.byCredential,
      )
        .map(([k, v]) => `${k.replace('oauth:', '')} ${v}`)
        .join(
          ', ',
        )} | ${s(m.wallMs)} | ${s(collecting)} | ${s(bound)} | ${(collecting / bound).toFixed(2)} | ${outcome(m)} |`,
    );
  }
  return lines.join('\n');
}

function growth(rows: Measurement[]): string {
  const off = rows
    .filter((r) => !r.options.permissions && !r.options.nodeArgs)
    .sort((x, y) => x.repos - y.repos);
  if (off.length < 2) return '';
  const [a, b] = [off[0], off[off.length - 1]];
  const perK =
    ((b.peakRssMb - a.peakRssMb) * 1024) / ((b.repos - a.repos) / 1000);
  return `Peak RSS grows by **${perK.toFixed(0)} KB per 1,000 repositories** from ${a.options.label} to ${b.options.label} (permissions off).`;
}

export function renderDoc(options: {
  sizes: Measurement[];
  rate: Measurement[];
  startup?: StartupBreakdown;
  reportPage?: string;
  latencyMs: number;
}): string {
  const cpus = os.cpus();
  const startup = options.startup
    ? `## Start-up

What a process spends before our code can make its first call: each line loads what the one
above did plus one more thing, best of ${options.startup.runs} runs (CPU time is user + system of the
whole process, which other work on the machine disturbs far less than wall time):

| what is loaded | wall | CPU |
|---|---:|---:|
${options.startup.rows.map((r) => `| ${r.what} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s |`).join('\n')}

The full collection's start-up (spawn to first request, ts-node against precompiled) is in the
\`start-up\` column of the first table.
`
    : '';
  return `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: the real \`j1-integration collect\` process,
timed and sampled from outside, against the Bitbucket Cloud simulator with ${options.latencyMs} ms latency per request,
\`maxConcurrency\` ${CONCURRENCY}, a ${LOOKBACK_HOURS} h pull request window, pull requests enriched.

Machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}
(shared with other work while measured: wall times are upper bounds).

## By size

${sizeTable(options.sizes)}

- **sizes**: \`small\`, \`medium\`, \`large\` are the simulator's profiles; \`5k\` and \`20k\` are 2 and 8 workspaces of
  its \`large\` profile with members added (each belongs to one workspace and nothing else) up to 3,000 and 10,000.
- **permissions**: the run's \`INGEST_PERMISSIONS\`, and the steps that actually ran; until the access data lands,
  \`on\` runs the same steps as \`off\`.
- **minimum**: the pages the data requires at the largest \`pagelen\` (workspace, members, groups, projects and
  repositories at 100 per page, one pull request page per 50 pull requests per repository, at least one per
  listing; when access-data steps ran, one page per project for each of its two listings and per repository for
  each of its three), plus one token grant per OAuth consumer and \`validateInvocation\`'s read of each workspace.
- **latency bound**: calls × latency ÷ concurrency, the fastest any client could go at that concurrency.
- **start-up**: from spawning the process to the first request the simulator receives.
- **peak RSS**: the kernel's high-water mark (\`VmHWM\`) of the collecting process.

${growth(options.sizes)}

## Under rate limits

${rateTable(options.rate)}

- **budget allows**: with k credentials of L calls per rolling window W, the first k·L calls can go at once and
  k·L more every W after, so ⌊(calls − 1) ÷ (k·L)⌋ × W (or the latency bound, if larger). 429 answers do not use
  budget in the simulator and are not counted in it. **÷ budget** compares the time from the first call to the end
  with it (start-up does not depend on the budget). Requests by credential include the 429s.

${startup}
${MEMORY_NOTES}
## Report page

${options.reportPage ?? 'Not measured in this run.'}
`;
}
