/**
 * The benchmark's hook (scripts/bench/report-page.ts): the access review page of a finished
 * collection, written and then loaded in headless Chromium, with the time to ready and the
 * time of the filters a reviewer uses first. Printed by the benchmark, never asserted.
 */
import { Browser } from './browser';
import { writeReport } from './index';

export async function measureReportPage(options: {
  storageDir: string;
}): Promise<string> {
  let t = Date.now();
  const report = writeReport(options.storageDir);
  const written = Date.now() - t;
  const browser = Browser.launch();
  try {
    t = Date.now();
    const page = await browser.open(`file://${report.file}`);
    await page.waitFor('document.body.getAttribute("data-ready") === "1"');
    const wall = Date.now() - t;
    const load = Number(
      await page.evaluate<string>('document.body.dataset.loadMs'),
    );
    const filter = (who: string, min: number) =>
      page.evaluate<{ ms: number; rows: number }>(
        `R.timeFilter(${JSON.stringify(who)}, ${min})`,
      );
    const write = await filter('', 2);
    const all = await filter('', 0);
    return [
      `${report.repositories} repositories, ${report.users} users, ${report.accessEdges} effective-access edges; page ${(report.bytes / 1e6).toFixed(2)} MB, written in ${written} ms.`,
      `Loaded (navigation to ready) in ${load} ms (${wall} ms including Chromium's start of the tab); filter "write or more" ${write.ms.toFixed(0)} ms (${write.rows} rows); clear ${all.ms.toFixed(0)} ms (${all.rows} rows).`,
    ].join(' ');
  } finally {
    browser.close();
  }
}
