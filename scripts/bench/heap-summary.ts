/**
 * Summarises a V8 heap snapshot without loading it whole (a large run's snapshot is bigger
 * than a JavaScript string may be): self size by constructor, and the retained size of the
 * holders we suspect (the SDK's job-state objects, our client), computed as what stops being
 * reachable from the roots when that holder is taken away.
 *
 *   npm run bench -- heap --file /tmp/prof/Heap.xxx.heapsnapshot
 */
import { closeSync, openSync, readSync, statSync } from 'fs';

import { option } from './options';

const HOLDERS = [
  'DuplicateKeyTracker',
  'TypeTracker',
  'FileSystemGraphObjectStore',
  'InMemoryGraphObjectStore',
  'BigMap',
  'MemoryDataStore',
  'BitbucketClient',
  'Accounting',
];

interface Snapshot {
  nodeFields: number;
  edgeFields: number;
  nodes: Float64Array;
  edges: Float64Array;
  strings: string[];
  nodeTypes: string[];
  edgeTypes: string[];
}

/** Reads the file once, parsing the meta JSON, the two numeric arrays and the strings. */
function readSnapshot(file: string): Snapshot {
  const size = statSync(file).size;
  const buf = Buffer.alloc(size);
  const fd = openSync(file, 'r');
  let off = 0;
  while (off < size) off += readSync(fd, buf, off, size - off, off);
  closeSync(fd);
  const find = (needle: string, from: number) => {
    const i = buf.indexOf(needle, from);
    if (i < 0) throw new Error(`${needle} not in snapshot`);
    return i + needle.length;
  };
  const metaStart = find('"snapshot":', 0);
  const metaEnd = buf.indexOf(',\n"nodes":', metaStart);
  const meta = JSON.parse(buf.toString('utf8', metaStart, metaEnd)) as {
    meta: {
      node_fields: string[];
      edge_fields: string[];
      node_types: [string[]];
      edge_types: [string[]];
    };
    node_count: number;
    edge_count: number;
  };
  const numbers = (start: number, count: number) => {
    const out = new Float64Array(count);
    let n = 0;
    let cur = 0;
    let inNum = false;
    for (let i = start; n < count; i++) {
      const c = buf[i];
      if (c >= 48 && c <= 57) {
        cur = cur * 10 + (c - 48);
        inNum = true;
      } else if (inNum) {
        out[n++] = cur;
        cur = 0;
        inNum = false;
      }
    }
    return out;
  };
  const nf = meta.meta.node_fields.length;
  const ef = meta.meta.edge_fields.length;
  const nodes = numbers(find('"nodes":[', metaEnd), meta.node_count * nf);
  const edges = numbers(find('"edges":[', metaEnd), meta.edge_count * ef);
  const stringsStart = find('"strings":[', metaEnd);
  const stringsEnd = buf.lastIndexOf(']');
  const strings = JSON.parse(
    `[${buf.toString('utf8', stringsStart, stringsEnd)}]`,
  ) as string[];
  return {
    nodeFields: nf,
    edgeFields: ef,
    nodes,
    edges,
    strings,
    nodeTypes: meta.meta.node_types[0],
    edgeTypes: meta.meta.edge_types[0],
  };
}

export function heapSummary(argv: string[]): string {
  const s = readSnapshot(option(argv, 'file', ''));
  const count = s.nodes.length / s.nodeFields;
  // node fields: type, name, id, self_size, edge_count, (trace_node_id), (detachedness)
  const type = (n: number) => s.nodeTypes[s.nodes[n * s.nodeFields]];
  const name = (n: number) => s.strings[s.nodes[n * s.nodeFields + 1]];
  const self = (n: number) => s.nodes[n * s.nodeFields + 3];
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++)
    firstEdge[n + 1] = firstEdge[n] + s.nodes[n * s.nodeFields + 4];
  const weak = s.edgeTypes.indexOf('weak');
  const reachable = (without: Set<number>) => {
    const seen = new Uint8Array(count);
    const stack = [0];
    seen[0] = 1;
    let total = 0;
    while (stack.length) {
      const n = stack.pop() as number;
      total += self(n);
      for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
        if (s.edges[e * s.edgeFields] === weak) continue;
        const to = s.edges[e * s.edgeFields + 2] / s.nodeFields;
        if (!seen[to] && !without.has(to)) {
          seen[to] = 1;
          stack.push(to);
        }
      }
    }
    return total;
  };
  const all = reachable(new Set());
  const byName = new Map<string, { count: number; bytes: number }>();
  for (let n = 0; n < count; n++) {
    const key = `${type(n)} ${type(n) === 'object' || type(n) === 'closure' ? name(n) : ''}`;
    const v = byName.get(key) ?? { count: 0, bytes: 0 };
    v.count++;
    v.bytes += self(n);
    byName.set(key, v);
  }
  const mb = (b: number) => (b / 2 ** 20).toFixed(1);
  const lines = [`reachable heap: ${mb(all)} MB in ${count} nodes`, ''];
  lines.push('self size by kind (top 25):');
  for (const [k, v] of [...byName]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, 25))
    lines.push(
      `  ${mb(v.bytes).padStart(8)} MB  ${String(v.count).padStart(9)}  ${k}`,
    );
  lines.push('', 'retained by holder (all instances together):');
  for (const holder of [
    ...HOLDERS,
    ...option(argv, 'holders', '').split(',').filter(Boolean),
  ]) {
    const ids = new Set<number>();
    for (let n = 0; n < count; n++)
      if (type(n) === 'object' && name(n) === holder) ids.add(n);
    if (ids.size === 0) continue;
    lines.push(
      `  ${mb(all - reachable(ids)).padStart(8)} MB  ${holder} (${ids.size})`,
    );
  }
  return lines.join('\n');
}
