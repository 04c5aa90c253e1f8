/**
 * The access review page on a generated collection that has every access type of issue 13,
 * rendered in headless Chromium: every section shows its data with the counts the generator
 * computed on its own, the person and group filters narrow the access table, and the page makes
 * no network request.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { Browser, Page } from '../../scripts/report/browser';
import {
  AccessFixtureFacts,
  writeAccessFixture,
} from '../../scripts/report/fixture/access-fixture';
import { writeReport, ReportResult } from '../../scripts/report';
import {
  foreignRequests,
  notices,
  openReport,
  rows,
  setControl,
  text,
  tile,
} from './page';

describe('access review page with access data', () => {
  let dir: string;
  let facts: AccessFixtureFacts;
  let report: ReportResult;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'report-access-'));
    facts = writeAccessFixture(dir, { repositories: 120, users: 80 });
    report = writeReport(dir);
    browser = Browser.launch();
    page = await openReport(browser, report.file);
  });
  afterAll(() => {
    browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders every section from the data, with no network request and no script error', async () => {
    expect(Object.values(report.sections)).toEqual(Array(7).fill('collected'));
    expect(foreignRequests(page, report.file)).toEqual([]);
    expect(page.errors).toEqual([]);
    for (const [id, heading] of [
      ['run', 'The run'],
      ['owners', 'Owners and administrators'],
      ['access', 'Repository access'],
      ['posture', 'Repository posture'],
      ['pulls', 'Pull requests in the window'],
      ['graph', 'Graph of one repository or person'],
    ])
      expect(await text(page, `#${id} h2`)).toContain(heading);
    for (const section of ['owners', 'access', 'posture', 'pulls'])
      expect(await notices(page, section)).toEqual([]);
  });

  it('shows the counts the generator computed', async () => {
    expect(await tile(page, 'repos')).toBe(120);
    expect(await tile(page, 'users')).toBe(80);
    expect(await tile(page, 'access')).toBe(facts.accessEdges);
    expect(await tile(page, 'owners')).toBe(facts.owners);
    expect(await tile(page, 'public')).toBe(facts.publicRepos);
    expect(await tile(page, 'unprotected')).toBe(facts.pushUnrestricted);
    expect(await rows(page, 'acc-table')).toBe(facts.accessEdges);
    expect(await rows(page, 'owners-table')).toBe(facts.owners);
    expect(await text(page, '#pr-unapproved')).toBe(
      String(facts.unapprovedMerges),
    );
    expect(await text(page, '#pr-outsiders')).toBe(
      String(facts.nonMemberApprovals),
    );
    expect(facts.unapprovedMerges).toBeGreaterThan(0);
    expect(facts.nonMemberApprovals).toBeGreaterThan(0);
  });

  it('narrows the access table to everything one person can push to', async () => {
    await setControl(page, 'acc-who', `user: ${facts.jane} (jane.doe)`);
    await setControl(page, 'acc-min', '2', 'change');
    expect(facts.janePushRepos).toBeGreaterThan(0);
    expect(await rows(page, 'acc-table')).toBe(facts.janePushRepos);
    expect(await text(page, '#acc-table .count')).toBe(
      `Showing ${facts.janePushRepos} of ${facts.accessEdges.toLocaleString('en-US')} rows`,
    );
    expect(await text(page, '#acc-reach')).toContain(
      `Can push to ${facts.janePushRepos}.`,
    );
    const people = await page.evaluate<string[]>(
      `[...document.querySelectorAll('#acc-table tbody tr:not(.spacer) td:nth-child(2)')].map((td) => td.textContent)`,
    );
    expect(new Set(people)).toEqual(new Set([facts.jane]));
  });

  it('narrows it to what a group reaches, and searches within that', async () => {
    await setControl(page, 'acc-min', '0', 'change');
    await setControl(page, 'acc-who', 'group: contractors');
    expect(await text(page, '#acc-reach')).toContain(
      `gives access to ${facts.contractorsRepos} repositories`,
    );
    const reached = await rows(page, 'acc-table');
    await setControl(page, 'acc-q', 'service-0003');
    const searched = await rows(page, 'acc-table');
    expect(searched).toBeGreaterThan(0);
    expect(searched).toBeLessThan(reached);
    await setControl(page, 'acc-who', 'nobody-by-this-name');
    expect(await rows(page, 'acc-table')).toBe(0);
    expect(await text(page, '#acc-reach')).toContain('pick one from the list');
  });

  it('opens with the filter a link carries in its hash', async () => {
    const linked = await browser.open(
      `file://${report.file}#who=${encodeURIComponent('group: contractors')}&min=2`,
    );
    await linked.waitFor('document.body.getAttribute("data-ready") === "1"');
    expect(await text(linked, '#acc-reach')).toContain(
      `gives access to ${facts.contractorsRepos} repositories`,
    );
    const pushRows = await rows(linked, 'acc-table');
    expect(pushRows).toBeGreaterThan(0);
    expect(pushRows).toBeLessThan(facts.accessEdges);
    await linked.close();
  });

  it('sorts a table by a column on click', async () => {
    const firstRepo = () =>
      text(page, '#posture-table tbody tr:not(.spacer) td:first-child');
    const ascending = await firstRepo();
    await page.evaluate(
      `document.querySelector('#posture-table th[data-col="0"]').click()`,
    );
    const descending = await firstRepo();
    expect(descending.localeCompare(ascending)).toBeGreaterThan(0);
  });

  it('draws the graph of one person and shows properties of what is clicked', async () => {
    await page.evaluate(`(() => {
      const e = document.getElementById('graph-focus');
      e.value = 'user: ${facts.jane} (jane.doe)';
      e.dispatchEvent(new Event('change'));
    })()`);
    const nodes = Number(
      await page.evaluate<string>(
        `document.getElementById('graph').getAttribute('data-graph-nodes')`,
      ),
    );
    expect(nodes).toBeGreaterThan(2);
    expect(nodes).toBeLessThanOrEqual(60);
    expect(await text(page, '#graph-props')).toContain('jane.doe');

    // Click a group node where the canvas drew it.
    await page.waitFor(
      `document.getElementById('graph').getAttribute('data-graph-stable')`,
    );
    const at = await page.evaluate<{ x: number; y: number }>(`(() => {
      const id = R.network.body.data.nodes.getIds().find((n) => n.startsWith('g'));
      document.getElementById('graph').scrollIntoView();
      const p = R.network.canvasToDOM(R.network.getPositions([id])[id]);
      const box = document.getElementById('graph-canvas').getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    })()`);
    await page.click(at.x, at.y);
    expect(await text(page, '#graph-props')).toContain('bitbucket_group');
    expect(
      await page.evaluate<number>(
        `document.querySelectorAll('#graph-canvas canvas').length`,
      ),
    ).toBe(1);
  });
});
