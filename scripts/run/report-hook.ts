/**
 * The access review page (`.j1-integration/report.html`) after a run. A page that cannot be
 * written is a warning in the summary, never a failed collection: the graph is already on disk.
 */
import { writeReport } from '../report';

export interface ReportPage {
  file: string;
}

export function writeReportPage(storage: string): ReportPage | undefined {
  return { file: writeReport(storage).file };
}
