/**
 * Measures the access review page at scale in headless Chromium (not a test: times are printed,
 * never asserted). Generates a collection with `--repos` repositories and `--users` members
 * (default 2,000 and 1,000: about 160,000 effective-access edges), writes the page, then loads it
 * `--runs` times and times the filters a reviewer uses first.
 *
 *   node -r ./scripts/register-ts.js scripts/report/measure.ts [--repos 2000] [--users 1000] [--runs 3]
 *   node -r ./scripts/register-ts.js scripts/report/measure.ts --screenshot docs/images/report.png \
 *     --graph-screenshot docs/images/report-graph.png
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { Browser, Page } from './browser';
import { writeAccessFixture } from './fixture/access-fixture';
import { writeReport } from './index';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const print = (line = '') => process.stdout.write(`${line}\n`);

async function filterMs(page: Page, who: string, min: number) {
  return page.evaluate<{ ms: number; rows: number }>(
    `R.timeFilter(${JSON.stringify(who)}, ${min})`,
  );
}

async function measure(storage: string, runs: number): Promise<void> {
  const repos = Number(option('repos', '2000'));
  const users = Number(option('users', '1000'));
  let t = Date.now();
  const facts = writeAccessFixture(storage, { repositories: repos, users });
  const generated = Date.now() - t;
  t = Date.now();
  const report = writeReport(storage);
  const written = Date.now() - t;
  print(
    `${repos} repositories, ${users} members, ${facts.accessEdges} effective-access edges`,
  );
  print(
    `collection generated in ${generated} ms; page written in ${written} ms, ${(report.bytes / 1e6).toFixed(2)} MB`,
  );
  print();
  print(
    '| run | load (navigation → ready) | of which page script | Jane, write or more | group: contractors | clear filter | sort all by person |',
  );
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const browser = Browser.launch();
  try {
    for (let run = 1; run <= runs; run += 1) {
      const page = await browser.open(`file://${report.file}?run=${run}`);
      await page.waitFor('document.body.getAttribute("data-ready") === "1"');
      const load = Number(
        await page.evaluate<string>('document.body.dataset.loadMs'),
      );
      const script = Number(
        await page.evaluate<string>('document.body.dataset.startMs'),
      );
      const jane = await filterMs(page, `user: ${facts.jane} (jane.doe)`, 2);
      const group = await filterMs(page, 'group: contractors', 0);
      const clear = await filterMs(page, '', 0);
      const sort = await page.evaluate<number>(`(() => {
        const t = performance.now();
        document.querySelector('#acc-table th[data-col="1"]').click();
        return performance.now() - t;
      })()`);
      if (page.requests.length !== 1)
        throw new Error(`network: ${page.requests.join(' ')}`);
      print(
        `| ${run} | ${load} ms | ${script} ms | ${jane.ms.toFixed(0)} ms (${jane.rows} rows) | ${group.ms.toFixed(0)} ms (${group.rows} rows) | ${clear.ms.toFixed(0)} ms (${clear.rows} rows) | ${sort.toFixed(0)} ms |`,
      );
      await page.evaluate('window.close()');
    }
  } finally {
    browser.close();
  }
}

async function screenshot(storage: string, file: string): Promise<void> {
  const facts = writeAccessFixture(storage, { repositories: 240, users: 120 });
  const report = writeReport(storage);
  const browser = Browser.launch();
  try {
    const page = await browser.open(
      `file://${report.file}#who=${encodeURIComponent(`user: ${facts.jane} (jane.doe)`)}&min=2`,
      1400,
      1000,
    );
    await page.waitFor('document.body.getAttribute("data-ready") === "1"');
    await page.waitFor(
      `document.getElementById('graph').getAttribute('data-graph-stable')`,
    );
    await page.screenshot(path.resolve(file), Number(option('height', '2000')));
    print(`Wrote ${file}`);
    const graphFile = option('graph-screenshot', '');
    if (graphFile) {
      await page.evaluate(`(() => {
        const e = document.getElementById('graph-focus');
        e.value = 'repo: acme-scale/service-0018';
        e.dispatchEvent(new Event('change'));
      })()`);
      await page.waitFor(
        `document.getElementById('graph').getAttribute('data-graph-stable')`,
      );
      await page.screenshotElement('#graph', path.resolve(graphFile));
      print(`Wrote ${graphFile}`);
    }
  } finally {
    browser.close();
  }
}

async function main(): Promise<void> {
  const storage = mkdtempSync(path.join(tmpdir(), 'report-measure-'));
  try {
    const shot = option('screenshot', '');
    if (shot) await screenshot(storage, shot);
    else await measure(storage, Number(option('runs', '3')));
  } finally {
    rmSync(storage, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
