/**
 * The page itself: one HTML file with its data, styles and scripts inlined. vis-network comes
 * from the npm package the SDK CLI already depends on (`vis@4.21.0`); nothing is fetched.
 */
import { readFileSync } from 'fs';
import path from 'path';

import type { ReportData } from './model';

const CLIENT = path.join(__dirname, 'client');
/**
 * Concatenated in this order: each file adds to the `R` namespace the next ones use. The tables
 * start before vis-network is even parsed; the graph is drawn once it is.
 */
const CLIENT_SCRIPTS = [
  'table.js',
  'access.js',
  'owners.js',
  'access-table.js',
  'run.js',
  'posture.js',
  'pulls.js',
  'graph.js',
  'graph-prs.js',
  'graph-view.js',
  'main.js',
];

export function visAsset(file: string): string {
  const cli = path.dirname(
    require.resolve('@jupiterone/integration-sdk-cli/package.json'),
  );
  return readFileSync(
    require.resolve(`vis/dist/${file}`, { paths: [cli] }),
    'utf8',
  );
}

/** JSON for a `<script>` element: `<` escaped so no value can close the element. */
export const scriptSafe = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c');

const client = (file: string) => readFileSync(path.join(CLIENT, file), 'utf8');

export function renderReportHtml(data: ReportData): string {
  const title = `Bitbucket access review: ${data.workspaces.map((w) => w.slug).join(', ') || 'no workspace'}`;
  const escapedTitle = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapedTitle}</title>
<style>${visAsset('vis-network.min.css')}</style>
<style>${client('layout.css')}${client('tables.css')}</style>
</head>
<body>
<header class="top">
<h1>${escapedTitle}</h1>
<div class="meta" id="meta"></div>
<nav><a href="#run">Run</a><a href="#owners">Owners &amp; administrators</a><a href="#access">Repository access</a><a href="#posture">Repository posture</a><a href="#pulls">Pull requests</a><a href="#graph">Graph</a></nav>
</header>
<main>
<div class="tiles" id="tiles"></div>
<section class="card" id="run"></section>
<section class="card" id="owners"></section>
<section class="card" id="access"></section>
<section class="card" id="posture"></section>
<section class="card" id="pulls"></section>
<section class="card" id="graph"></section>
<datalist id="who-list"></datalist>
</main>
<noscript>This page needs JavaScript (it runs offline; nothing is fetched).</noscript>
<script type="application/json" id="report-data">${scriptSafe(data)}</script>
<script>
${CLIENT_SCRIPTS.map(client).join('\n')}
</script>
<script>${visAsset('vis-network.min.js')}</script>
<script>R.visLoaded();</script>
</body>
</html>
`;
}
