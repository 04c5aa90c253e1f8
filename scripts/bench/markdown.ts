/** docs/benchmarks.md from the measurements (pure: the same input renders the same page). */
import os from 'os';

import { budget, callsRatio, doneWhen, growth } from './done-when';
import { MEMORY_NOTES } from './memory-notes';
import { excessCalls } from './minimum';
import type { ReportPageTiming } from './report-page';
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
    ? `${m.extraSteps.length} access-data steps`
    : 'no access-data step';
  return `${wanted}: ${m.stepsRan} steps (${extra})`;
}

export function sizeTable(rows: Measurement[]): string {
  const lines = [
    '| size | repos | PRs (in window) | members | permissions: steps that ran | API calls | minimum | calls ÷ minimum | wall | latency bound | start-up | peak RSS | outcome |',
    '|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const m of rows) {
    lines.push(
      `| ${m.options.label} | ${n(m.repos)} | ${n(m.prs)} (${n(m.prsInWindow)}) | ${n(m.members)} | ${stepsCell(m)} | ${n(m.calls)} | ${n(m.minimum)} | ${callsRatio(m).toFixed(3)} | ${s(m.wallMs)} | ${s(m.latencyBoundMs)} | ${s(m.firstCallMs)} | ${m.peakRssMb.toFixed(0)} MB | ${outcome(m)} |`,
    );
  }
  return lines.join('\n');
}

/** Where calls exceed the minimum, endpoint by endpoint (runs that record both counts). */
export function excessList(rows: Measurement[]): string {
  const lines: string[] = [];
  for (const m of rows) {
    if (!m.byEndpoint || !m.minimumByEndpoint) continue;
    const over = excessCalls(m.byEndpoint, m.minimumByEndpoint);
    if (over.length === 0) continue;
    lines.push(
      `- ${m.options.label}, permissions ${m.options.permissions ? 'on' : 'off'}: ${over.map((o) => `\`${o.endpoint}\` ${n(o.calls)} (minimum ${n(o.minimum)})`).join('; ')}`,
    );
  }
  return lines.length
    ? `Calls above the minimum, by endpoint (429 answers included):\n\n${lines.join('\n')}\n`
    : '';
}

export function rateTable(rows: Measurement[]): string {
  const lines = [
    '| run | credentials × budget per window | API calls (429s) | requests by credential | wall | from first call | budget allows | ÷ budget | outcome |',
    '|---|---|---:|---|---:|---:|---:|---:|---|',
  ];
  for (const m of rows) {
    const rl = m.options.rateLimit;
    const b = budget(m);
    const byCredential = Object.entries(m.byCredential)
      .map(([k, v]) => `${k.replace('oauth:', '')} ${v}`)
      .join(', ');
    lines.push(
      `| ${m.options.label} | ${m.options.consumers} × ${rl?.limit ?? '–'} per ${s(rl?.windowMs)} | ${n(m.calls)} (${n(m.rateLimited)}) | ${byCredential} | ${s(m.wallMs)} | ${s(b.collectingMs)} | ${s(b.boundMs)} | ${b.ratio.toFixed(2)} | ${outcome(m)} |`,
    );
  }
  return lines.join('\n');
}

function startupSection(startup: StartupBreakdown | undefined): string {
  if (!startup) return '## Start-up\n\nNot measured in this run.\n';
  return `## Start-up

What a process spends before our code can make its first call, best of ${startup.runs} runs (CPU
time is user + system of the whole process, which other work on the machine disturbs far less
than wall time). The first lines load modules, each what the one above did plus one more thing
(\`before:\` through ts-node, \`now:\` through \`scripts/register-ts.js\`); the last lines run
\`npm start\` itself from process start to its first API call:

| what is loaded | wall | CPU |
|---|---:|---:|
${startup.rows.map((r) => `| ${r.what} | ${(r.ms / 1000).toFixed(2)} s | ${(r.cpuMs / 1000).toFixed(2)} s |`).join('\n')}

Each collection's start-up (spawn to first request) is also in the \`start-up\` column of
the first table. Both start at Node's own process start: typing \`npm start\` adds npm's start-up before it
(npm reading package.json and spawning a shell), which is not measured here.
`;
}

/** Older saved measurements carry the page's figures as one sentence. */
export function reportPageSection(
  page: ReportPageTiming | string | undefined,
  largest: string | undefined,
): string {
  if (page === undefined) return 'Not measured in this run.';
  if (typeof page === 'string') return page;
  const filters = page.filters
    .map(
      (f) =>
        `| ${f.what} | ${n(f.rows)} | ${f.ms.toFixed(0)} ms | ${f.scriptMs.toFixed(0)} ms |`,
    )
    .join('\n');
  return `The access review page of the ${largest ?? 'largest'} run with permissions on (${n(page.repositories)} repositories,
${n(page.users)} users, ${n(page.accessEdges)} effective-access edges; ${(page.pageBytes / 1e6).toFixed(2)} MB, written in ${page.writtenMs} ms), in headless Chromium:
**loaded in ${page.loadMs} ms** (navigation start to the page's ready mark; ${page.tabMs} ms with the tab's own start).

| filter | rows shown | to the next painted frame | of which the page's script |
|---|---:|---:|---:|
${filters}`;
}

export interface DocInput {
  sizes: Measurement[];
  rate: Measurement[];
  startup?: StartupBreakdown;
  reportPage?: ReportPageTiming | string;
  latencyMs: number;
  /** When and where the numbers were taken; a re-render keeps them. */
  date?: string;
  machine?: string;
}

export function machineDescription(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export function renderDoc(options: DocInput): string {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const machine = options.machine ?? machineDescription();
  const largest = [...options.sizes].sort((a, b) => b.repos - a.repos)[0];
  return `# Benchmarks

Measured by one \`npm run bench\` on ${date}: what \`npm start\` runs (package.json's
\`start\` line: its Node flags, loader and \`scripts/start.ts\`) in its own process, timed and sampled from outside, against the Bitbucket Cloud simulator with ${options.latencyMs} ms latency per request,
\`maxConcurrency\` ${CONCURRENCY}, a ${LOOKBACK_HOURS} h pull request window, pull requests enriched.

Machine: ${machine}
(shared with other work while measured: wall times are upper bounds).

## Done when (issue 15)

${doneWhen(options.sizes, options.rate)}

## By size

${sizeTable(options.sizes)}

- **sizes**: \`small\`, \`medium\`, \`large\` are the simulator's profiles; \`5k\` and \`20k\` are 2 and 8 workspaces of
  its \`large\` profile with members added (each belongs to one workspace and nothing else) up to 3,000 and 10,000,
  and old pull requests moved into the last 24 h until 10 % are there (the issue's workspace: about 20,000 of 200,000).
- **permissions**: the run's \`INGEST_PERMISSIONS\`, and the steps that actually ran.
- **minimum**: the calls the data requires, each listing at the largest \`pagelen\` its endpoint allows and at least
  one page per listing: per workspace, members (\`/permissions\` instead of \`/members\` with permissions on: the same
  members with their role), groups (one \`/1.0\` answer), projects and repositories at 100; per repository, pull requests
  in the window at 50. With permissions on, per project its user and group grants at 100, and per repository its user
  and group grants at 100, its branch restrictions at 50, and its branching model when a restriction is defined on
  the model and the repository has a main branch. Plus one token grant per OAuth consumer and \`validateInvocation\`'s
  read of each workspace with each consumer (that answer is the workspace: a second read is above the minimum).
- **latency bound**: calls × latency ÷ concurrency, the fastest any client could go at that concurrency.
- **start-up**: from spawning the Node process (not \`npm\`) to the first request the simulator receives.
- **peak RSS**: the kernel's high-water mark (\`VmHWM\`) of the collecting process, as the process reads it at its exit
  (or as polled every 100 ms, if that is higher or it reported none).

${excessList(options.sizes)}
${growth(options.sizes)}

## Under rate limits

${options.rate.length ? rateTable(options.rate) : 'Not measured in this run.'}

- **budget allows**: with k credentials of L calls per rolling window W, the first k·L calls can go at once and
  k·L more every W after, so ⌊(calls − 1) ÷ (k·L)⌋ × W (or the latency bound, if larger). 429 answers do not use
  budget in the simulator and are not counted in it. **÷ budget** compares the time from the first call to the end
  with it (start-up does not depend on the budget). Requests by credential include the 429s.

${startupSection(options.startup)}
${MEMORY_NOTES}
## Report page

${reportPageSection(options.reportPage, largest?.options.size.name)}
`;
}
