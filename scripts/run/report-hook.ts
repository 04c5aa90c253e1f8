/**
 * HOOK for the access review page (`.j1-integration/report.html`, issue 14 item 4), which
 * another change builds. Until it lands this writes nothing and returns undefined; the
 * runner prints the page's path whenever this returns one, so wiring the page in is a
 * change to this file only.
 */
export interface ReportPage {
  file: string;
}

export function writeReportPage(_storage: string): ReportPage | undefined {
  return undefined;
}
