/**
 * Writes a self-contained HTML view of a collected graph. The SDK's `visualize` page loads
 * vis-network from a CDN; this one inlines the vis-network build that ships in npm with the
 * SDK CLI (`vis@4.21.0`), so it opens with no network at all.
 */
import { writeFileSync } from 'fs';
import path from 'path';

import {
  countGraphObjectsUpTo,
  readCollectedGraph,
} from './report/graph-files';
import { firstText } from './report/props';
import { scriptSafe, visAsset } from './report/html';

export interface GraphHtmlResult {
  file: string;
  nodes: number;
  edges: number;
}

const COLORS: Record<string, string> = {
  bitbucket_workspace: '#0052cc',
  bitbucket_group: '#6554c0',
  bitbucket_user: '#00875a',
  bitbucket_project: '#ff8b00',
  bitbucket_repo: '#de350b',
  bitbucket_pullrequest: '#00b8d9',
};

/**
 * The most objects (entities and relationships) the page is written for. vis-network lays out
 * a few thousand in a browser; beyond that the page is unreadable, and building it holds the
 * whole graph in memory (1.4 million relationships at 20,000 repositories with access data).
 */
export const GRAPH_PAGE_MAX_OBJECTS = 50_000;

export function writeGraphHtml(
  outputDir: string,
  file = 'graph.html',
): GraphHtmlResult {
  // Counting stops at the first graph file that passes the limit, so the number is a floor.
  const objects = countGraphObjectsUpTo(outputDir, GRAPH_PAGE_MAX_OBJECTS);
  if (objects > GRAPH_PAGE_MAX_OBJECTS) {
    throw new Error(
      `At least ${objects.toLocaleString('en-US')} objects are more than the offline graph view draws (${GRAPH_PAGE_MAX_OBJECTS.toLocaleString('en-US')}); the access review page and the files under graph/ have them all`,
    );
  }
  const { entities, relationships } = readCollectedGraph(outputDir);

  const nodes = entities.map((e) => ({
    id: e._key,
    label: firstText(e.displayName, e.name, e._key).slice(0, 40),
    title: `${e._type}\n${e._key}`,
    color: COLORS[e._type] ?? '#97a0af',
  }));
  const known = new Set(nodes.map((n) => n.id));
  const edges: Array<{
    from: string;
    to: string;
    label: string;
    dashes?: boolean;
  }> = [];
  for (const r of relationships) {
    if (r._fromEntityKey && r._toEntityKey) {
      edges.push({
        from: r._fromEntityKey,
        to: r._toEntityKey,
        label: r._class,
      });
      continue;
    }
    if (r._mapping) {
      // A mapped relationship points at someone outside the collected graph (a former
      // member, an app user): draw them as a dashed placeholder node.
      const target = r._mapping.targetEntity;
      const id = `mapped:${firstText(target.accountId, target._key, r._key)}`;
      if (!known.has(id)) {
        known.add(id);
        nodes.push({
          id,
          label: firstText(
            target.displayName,
            target.accountId,
            'external',
          ).slice(0, 40),
          title: `${firstText(target._type)} (not a workspace member)`,
          color: '#dfe1e6',
        });
      }
      const outward = r._mapping.relationshipDirection === 'FORWARD';
      edges.push({
        from: outward ? r._mapping.sourceEntityKey : id,
        to: outward ? id : r._mapping.sourceEntityKey,
        label: r._class,
        dashes: true,
      });
    }
  }

  const legend = Object.entries({
    ...COLORS,
    'non-member actor (mapped)': '#dfe1e6',
  })
    .map(
      ([type, color]) =>
        ` <span style="margin-left:14px"><span style="display:inline-block;width:10px;height:10px;border-radius:5px;background:${color}"></span> ${type}</span>`,
    )
    .join('');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Bitbucket graph (${nodes.length} objects)</title>
<style>${visAsset('vis-network.min.css')}</style>
<style>
  html, body { margin: 0; height: 100%; font-family: sans-serif; }
  #graph { position: absolute; top: 40px; bottom: 0; left: 0; right: 0; }
  header { height: 40px; line-height: 40px; padding: 0 12px; background: #f4f5f7; font-size: 13px; white-space: nowrap; overflow: hidden; }
</style>
</head>
<body>
<header>Bitbucket graph: <span id="counts">${nodes.length} nodes, ${edges.length} relationships</span>${legend}</header>
<div id="graph"></div>
<script>${visAsset('vis-network.min.js')}</script>
<script>
  var nodes = new vis.DataSet(${scriptSafe(nodes)});
  var edges = new vis.DataSet(${scriptSafe(edges)});
  var network = new vis.Network(document.getElementById('graph'), { nodes: nodes, edges: edges }, {
    nodes: { shape: 'dot', size: 12, font: { size: 12 } },
    edges: { arrows: 'to', font: { size: 9, align: 'middle' }, color: { color: '#b3bac5' } },
    physics: { stabilization: { iterations: 200 }, barnesHut: { gravitationalConstant: -6000 } },
  });
  // Lets a headless browser check the layout: every node placed at finite coordinates on the
  // canvas vis-network drew into.
  function markRendered() {
    var positions = network.getPositions();
    var placed = Object.keys(positions).filter(function (id) {
      return isFinite(positions[id].x) && isFinite(positions[id].y);
    });
    document.body.setAttribute('data-rendered-nodes', String(placed.length));
    document.body.setAttribute('data-canvas', String(document.querySelectorAll('#graph canvas').length));
  }
  network.on('afterDrawing', markRendered);
  markRendered();
</script>
</body>
</html>
`;
  const target = path.join(outputDir, file);
  writeFileSync(target, html);
  return { file: target, nodes: nodes.length, edges: edges.length };
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? '.j1-integration');
  const result = writeGraphHtml(dir);
  process.stdout.write(
    `Wrote ${result.file}: ${result.nodes} nodes, ${result.edges} edges\n`,
  );
}
