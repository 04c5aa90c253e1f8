/**
 * `npm run bench`: what `npm start` runs (package.json's start line), measured from outside, against the
 * simulator for growing datasets, with permissions off and on, under rate limits, and its
 * start-up. Prints the report; writes a file only when asked.
 *
 *   npm run bench                                  # small, medium, large, 5k
 *   npm run bench -- --huge                        # and 20k (several minutes)
 *   npm run bench -- --sizes small --out /tmp/b.md # a file of your own
 *   npm run bench -- --huge --publish              # rewrites docs/benchmarks.md, once at the end
 *   npm run bench -- --baseline                    # and the largest size through the SDK's CLI as shipped
 *   npm run bench -- --only-rate                   # only the rate-limited runs
 *   --no-rate, --no-startup, --no-precompiled skip those parts; --json <file> keeps the raw
 *   measurements, and `npm run bench -- render --json <file> [--out|--publish]` renders them again
 *
 * Tools for finding where memory goes (see docs/benchmarks.md):
 *   npm run bench -- profile --size 20k --snapshot-after build-pull-request-review-relationships
 *   npm run bench -- heap --file <snapshot>
 *   npm run bench -- store --relationships 1500000 --repos 20000
 */
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';
import path from 'path';

import { ROOT } from './collect';
import { BENCH_SIZES, benchSize } from './datasets';
import { heapSummary } from './heap-summary';
import { DocInput, machineDescription, renderDoc } from './markdown';
import { flag, option, UsageError } from './options';
import { jsonPath, pageOutput, readSaved } from './output';
import { profile } from './profile';
import { measureReportPage, ReportPageTiming } from './report-page';
import { Measurement, measure, MEMORY_FLAGS } from './scenarios';
import {
  precompiledProject,
  StartupBreakdown,
  startupBreakdown,
} from './startup';
import { storeExperiment } from './store-experiment';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function benchmark(argv: string[]): Promise<void> {
  const latencyMs = Number(option(argv, 'latency', '10'));
  const page = pageOutput(argv, ROOT);
  const sizes: Measurement[] = [];
  const rate: Measurement[] = [];
  let startup: StartupBreakdown | undefined;
  let reportPage: ReportPageTiming | undefined;
  // The page says when and where; a later `render` of the saved JSON keeps both.
  const date = new Date().toISOString().slice(0, 10);
  const machine = machineDescription();
  const input = (): DocInput => ({
    sizes,
    rate,
    startup,
    reportPage,
    latencyMs,
    date,
    machine,
  });
  const render = () => renderDoc(input());
  const json = jsonPath(argv);
  // After every run, so a long benchmark that is stopped still leaves its numbers (the
  // tracked page excepted: see pageOutput).
  const save = () => {
    page.progress(render());
    // The raw measurements, so the page can be rendered again without measuring again.
    if (json) writeFileSync(json, JSON.stringify(input(), null, 1));
  };
  // Only the rate-limited runs (they use the medium dataset whatever --sizes says).
  const onlyRate = flag(argv, 'only-rate');
  const names = option(
    argv,
    'sizes',
    BENCH_SIZES.filter((s) => !s.optIn || flag(argv, 'huge'))
      .map((s) => s.name)
      .join(','),
  ).split(',');
  // A misspelt size fails now, not after the sizes before it have run for minutes.
  names.forEach((name) => benchSize(name));
  // The size with the most repositories, wherever it is in the list (the longest run may go
  // first, so that a stopped benchmark still has it).
  const rank = (name: string) =>
    BENCH_SIZES.findIndex((s) => s.name === benchSize(name).name);
  const largest = [...names].sort((a, b) => rank(b) - rank(a))[0];
  for (const name of onlyRate ? [] : names) {
    for (const permissions of [false, true]) {
      log(`${name}, permissions ${permissions ? 'on' : 'off'} …`);
      sizes.push(
        await measure({
          label: name,
          size: benchSize(name),
          latencyMs,
          consumers: 1,
          permissions,
          onStorage:
            name === largest && permissions
              ? async (dir) => {
                  reportPage = await measureReportPage(dir);
                }
              : undefined,
        }),
      );
      save();
    }
  }
  if (flag(argv, 'baseline') && !onlyRate) {
    // The largest size as the CLI runs without our start-up flags: the "before" of the fix.
    log(`${largest}, permissions on, without the memory flags …`);
    sizes.push(
      await measure({
        label: `${largest}, without memory flags`,
        size: benchSize(largest),
        latencyMs,
        consumers: 1,
        permissions: true,
        nodeArgs: [],
      }),
    );
    save();
  }
  // The same collection from precompiled JavaScript: what start-up costs without ts-node.
  const dist =
    flag(argv, 'no-precompiled') || onlyRate ? undefined : precompiledProject();
  if (dist)
    try {
      log(`${names[0]}, precompiled …`);
      sizes.push(
        await measure({
          label: `${names[0]}, precompiled`,
          size: benchSize(names[0]),
          latencyMs,
          consumers: 1,
          permissions: true,
          srcDir: path.join(dist.dir, 'src'),
        }),
      );
      save();
    } finally {
      dist.remove();
    }
  // Windows short enough to run here; budgets that make the run wait for two or three
  // windows, so what is measured is how well the client waits, not the latency.
  for (const [consumers, limit] of flag(argv, 'no-rate')
    ? []
    : [
        [1, 120],
        [3, 40],
      ]) {
    log(`medium, ${consumers} credential(s) × ${limit} per 5 s …`);
    rate.push(
      await measure({
        label: `medium, ${consumers} credential${consumers > 1 ? 's' : ''}`,
        size: benchSize('medium'),
        latencyMs,
        consumers,
        permissions: true,
        rateLimit: { limit, windowMs: 5_000 },
      }),
    );
    save();
  }
  if (!flag(argv, 'no-startup') && !onlyRate) {
    log('start-up breakdown …');
    startup = startupBreakdown(Number(option(argv, 'startup-runs', '3')));
  }
  save();
  page.final(render());
  process.stdout.write(render());
  if (page.out) log(`written to ${page.out}`);
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'profile':
      return profile(rest);
    case 'render': {
      const doc = renderDoc(readSaved(rest) as DocInput);
      pageOutput(rest, ROOT).final(doc);
      process.stdout.write(doc);
      return;
    }
    case 'heap':
      process.stdout.write(`${heapSummary(rest)}\n`);
      return;
    case 'store': {
      // A full GC before and after needs --expose-gc: run this part in a child with it.
      if (!(globalThis as { gc?: unknown }).gc) {
        const r = spawnSync(
          process.execPath,
          [
            '--expose-gc',
            ...(flag(rest, 'limit') ? MEMORY_FLAGS : []),
            '-r',
            'ts-node/register/transpile-only',
            __filename,
            'store',
            ...rest,
          ],
          { cwd: ROOT, stdio: 'inherit' },
        );
        process.exitCode = r.status ?? 1;
        return;
      }
      process.stdout.write(`${JSON.stringify(await storeExperiment(rest))}\n`);
      return;
    }
    default:
      return benchmark(process.argv.slice(2));
  }
}

main().catch((err: unknown) => {
  // The caller's mistake in one line; anything else is ours, and its stack says where.
  const text =
    err instanceof UsageError
      ? err.message
      : err instanceof Error
        ? (err.stack ?? err.message)
        : String(err);
  process.stderr.write(`bench: ${text}\n`);
  process.exitCode = 1;
});
