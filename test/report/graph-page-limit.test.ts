/**
 * The offline graph page is for collections it can draw: a larger one (1.4 million
 * relationships at 20,000 repositories with access data) is counted file by file only until
 * the limit is passed, and refused, never read into memory whole.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import {
  GRAPH_PAGE_MAX_OBJECTS,
  writeGraphHtml,
} from '../../scripts/graph-html';

let storage: string;
beforeEach(() => {
  storage = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-graph-limit-'));
});
afterEach(() => rmSync(storage, { recursive: true, force: true }));

function writeEntities(count: number, step = 'step') {
  const dir = path.join(storage, 'graph', step, 'entities');
  mkdirSync(dir, { recursive: true });
  const entities = Array.from({ length: count }, (_, i) => ({
    _key: `k${i}`,
    _type: 'bitbucket_user',
    _class: 'User',
  }));
  writeFileSync(path.join(dir, 'a.json'), JSON.stringify({ entities }));
}

test('a collection over the limit gets no page, and a message that says why', () => {
  writeEntities(GRAPH_PAGE_MAX_OBJECTS + 1);
  expect(() => writeGraphHtml(storage)).toThrow(
    /At least 50,001 objects are more than the offline graph view draws \(50,000\)/,
  );
});

test('counting stops at the graph file that passes the limit', () => {
  writeEntities(GRAPH_PAGE_MAX_OBJECTS + 1, 'a-step');
  // Sorted after the first file; parsing it would throw a SyntaxError instead of the refusal.
  const later = path.join(storage, 'graph', 'b-step', 'relationships');
  mkdirSync(later, { recursive: true });
  writeFileSync(path.join(later, 'a.json'), '{"relationships": [');
  expect(() => writeGraphHtml(storage)).toThrow(/At least 50,001 objects/);
});

test('one at the limit gets its page', () => {
  writeEntities(GRAPH_PAGE_MAX_OBJECTS);
  expect(writeGraphHtml(storage).nodes).toBe(GRAPH_PAGE_MAX_OBJECTS);
});
