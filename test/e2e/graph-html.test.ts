/**
 * The demo's offline graph page: collected with the real CLI from the sample workspace, written
 * by scripts/graph-html.ts, then opened in headless Chromium, which must lay out and draw every
 * node without fetching anything from the network.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';

import { writeGraphHtml } from '../../scripts/graph-html';
import {
  collectSampleWorkspace,
  SampleCollection,
} from '../helpers/sample-collection';
import { readCollectedGraph } from '../../scripts/report/graph-files';

const CHROMIUM = process.env.CHROMIUM_PATH ?? 'chromium';

describe('offline graph page', () => {
  let sample: SampleCollection;

  beforeAll(async () => {
    sample = await collectSampleWorkspace();
  });
  afterAll(() => sample?.close());

  it('has no network script or style source and renders every node in headless Chromium', () => {
    const graph = readCollectedGraph(sample.project.storage);
    const page = writeGraphHtml(sample.project.storage);
    const html = readFileSync(page.file, 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=["']?https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']?https?:/i);
    expect(html).not.toMatch(/@import\s+url\(["']?https?:/i);

    const mappedTargets = new Set(
      graph.relationships
        .filter((r) => r._mapping)
        .map((r) => String(r._mapping?.targetEntity.accountId)),
    );
    expect(page.nodes).toBe(graph.entities.length + mappedTargets.size);
    expect(page.nodes).toBeGreaterThan(50);

    const dom = execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        // Any network request would fail: proves the page is self-contained.
        '--proxy-server=http://127.0.0.1:9',
        '--virtual-time-budget=15000',
        '--dump-dom',
        `file://${page.file}`,
      ],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    const rendered = /data-rendered-nodes="(\d+)"/.exec(dom);
    expect(rendered?.[1]).toBe(String(page.nodes));
    expect(dom).toMatch(/data-canvas="1"/);
  });
});
