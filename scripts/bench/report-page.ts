/**
 * The report page's load-and-filter time in headless Chromium at the largest size: the
 * benchmark hands the collected `.j1-integration` directory to the page's own hook
 * (scripts/report/bench.ts) and prints what it returns.
 */
import { measureReportPage as measureOnPage } from '../report/bench';

export function measureReportPage(storageDir: string): Promise<string> {
  return measureOnPage({ storageDir });
}
