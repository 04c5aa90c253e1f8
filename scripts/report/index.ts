/**
 * The access review page, `.j1-integration/report.html`: written from a collection by
 * `npm run report`, `npm run graph`, `npm start` and `npm run demo`.
 */
import { writeFileSync } from 'fs';
import path from 'path';

import { buildReportData } from './build';
import { renderReportHtml } from './html';
import type { SectionId, SectionState } from './model';

export interface ReportResult {
  file: string;
  bytes: number;
  repositories: number;
  users: number;
  accessEdges: number;
  sections: Record<SectionId, SectionState>;
}

/** Reads the collection in `outputDir` (`.j1-integration`) and writes `report.html` beside it. */
export function writeReport(
  outputDir: string,
  options: { file?: string; now?: Date } = {},
): ReportResult {
  const data = buildReportData(outputDir, options.now);
  const html = renderReportHtml(data);
  const file = path.join(outputDir, options.file ?? 'report.html');
  writeFileSync(file, html);
  const sections = {} as Record<SectionId, SectionState>;
  for (const [id, status] of Object.entries(data.sections))
    sections[id as SectionId] = status.state;
  return {
    file,
    bytes: Buffer.byteLength(html),
    repositories: data.repos.length,
    users: data.users.length,
    accessEdges: data.accessCount,
    sections,
  };
}
