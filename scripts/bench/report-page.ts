/**
 * Optional: the report page's load-and-filter time in headless Chromium at the largest size.
 * The page lives in scripts/report/ (built elsewhere); when it exists and exports
 * `measureReportPage(options)` from scripts/report/bench.ts, the benchmark calls it with the
 * collected `.j1-integration` directory and prints what it returns. Without it, this step is
 * skipped and says so.
 */
import { existsSync } from 'fs';
import path from 'path';

import { ROOT } from './collect';

export interface ReportPageHook {
  measureReportPage(options: {
    /** The `.j1-integration` directory of a finished collection. */
    storageDir: string;
  }): Promise<string>;
}

export const REPORT_HOOK = path.join(ROOT, 'scripts', 'report', 'bench.ts');

export async function measureReportPage(
  storageDir: string,
): Promise<string | undefined> {
  if (!existsSync(path.join(ROOT, 'scripts', 'report'))) return undefined;
  if (!existsSync(REPORT_HOOK)) {
    return 'scripts/report exists but has no bench.ts exporting `measureReportPage`; not measured.';
  }
  const hook = (await import(REPORT_HOOK)) as Partial<ReportPageHook>;
  if (typeof hook.measureReportPage !== 'function') {
    return 'scripts/report/bench.ts does not export `measureReportPage`; not measured.';
  }
  return hook.measureReportPage({ storageDir });
}
