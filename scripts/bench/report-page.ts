/**
 * The access review page of a finished collection at the benchmark's largest size: written from
 * the run's `.j1-integration` directory, loaded in headless Chromium, then filtered as a
 * reviewer would. Every time is taken inside the browser; each filter is timed from setting it
 * to the first frame painted after the table updated (the page's own `R.timeFilter` stops
 * before style, layout and paint).
 */
import { Browser, Page } from '../report/browser';
import { writeReport } from '../report/index';

export interface ReportPageTiming {
  repositories: number;
  users: number;
  accessEdges: number;
  pageBytes: number;
  writtenMs: number;
  /** Navigation start to the page's ready mark, as the page measures it. */
  loadMs: number;
  /** The same, from the benchmark's side, with the tab's own start. */
  tabMs: number;
  filters: Array<{ what: string; ms: number; scriptMs: number; rows: number }>;
}

/** Sets the filter, then waits for a frame and a task after it: the table is on screen. */
const filterExpression = (who: string, min: number) => `new Promise((done) => {
  const t = performance.now();
  const r = R.timeFilter(${JSON.stringify(who)}, ${min});
  requestAnimationFrame(() => setTimeout(() =>
    done({ ms: performance.now() - t, scriptMs: r.ms, rows: r.rows }), 0));
})`;

async function filter(page: Page, what: string, who: string, min: number) {
  const r = await page.evaluate<{ ms: number; scriptMs: number; rows: number }>(
    filterExpression(who, min),
  );
  return { what, ...r };
}

export async function measureReportPage(
  storageDir: string,
): Promise<ReportPageTiming> {
  let t = Date.now();
  const report = writeReport(storageDir);
  const writtenMs = Date.now() - t;
  const browser = Browser.launch();
  try {
    t = Date.now();
    const page = await browser.open(`file://${report.file}`);
    await page.waitFor('document.body.getAttribute("data-ready") === "1"');
    const tabMs = Date.now() - t;
    const loadMs = Number(
      await page.evaluate<string>('document.body.dataset.loadMs'),
    );
    // A person the page itself offers in the filter's suggestions.
    const person = await page.evaluate<string>(
      `([...document.querySelectorAll('#who-list option')].map((o) => o.value).find((v) => v.startsWith('user: ')) || '')`,
    );
    const filters = [
      await filter(page, 'write or more', '', 2),
      ...(person ? [await filter(page, 'one person, any', person, 0)] : []),
      await filter(page, 'clear', '', 0),
    ];
    return {
      repositories: report.repositories,
      users: report.users,
      accessEdges: report.accessEdges,
      pageBytes: report.bytes,
      writtenMs,
      loadMs,
      tabMs,
      filters,
    };
  } finally {
    browser.close();
  }
}
