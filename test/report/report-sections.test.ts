/**
 * Sections appear as their data does: a real collection of the demo workspace (access data on),
 * one with INGEST_PERMISSIONS=false, a run with permissions turned off, and a run whose repository permission step failed, each
 * rendered in headless Chromium. Missing data is said, never shown as an empty table.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { Browser, Page } from '../../scripts/report/browser';
import { writeAccessFixture } from '../../scripts/report/fixture/access-fixture';
import { readCollectedGraph } from '../../scripts/report/graph-files';
import { writeReport } from '../../scripts/report';
import {
  collectSampleWorkspace,
  SampleCollection,
} from '../helpers/sample-collection';
import { foreignRequests, notices, openReport, rows, text, tile } from './page';

let browser: Browser;
beforeAll(() => {
  browser = Browser.launch();
});
afterAll(() => browser?.close());

describe('a real collection of the demo workspace with access data (the default)', () => {
  let sample: SampleCollection;
  let page: Page;
  let file: string;

  beforeAll(async () => {
    sample = await collectSampleWorkspace();
    file = writeReport(sample.project.storage).file;
    page = await openReport(browser, file);
  });
  afterAll(() => sample?.close());

  it('shows owners, effective access and posture from the collected graph', async () => {
    expect(foreignRequests(page, file)).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(await notices(page, 'owners')).toEqual([]);
    expect(await notices(page, 'access')).toEqual([]);
    expect(await notices(page, 'posture')).toEqual([]);
    const graph = readCollectedGraph(sample.project.storage);
    const effective = graph.relationships.filter(
      (r) => r._type === 'bitbucket_repo_allows_user',
    ).length;
    expect(effective).toBeGreaterThan(0);
    expect(await tile(page, 'access')).toBe(effective);
    expect(await tile(page, 'owners')).toBeGreaterThan(0);
  });
});

describe('a real collection of the simulator with INGEST_PERMISSIONS=false', () => {
  let sample: SampleCollection;
  let page: Page;
  let file: string;

  beforeAll(async () => {
    sample = await collectSampleWorkspace({ ingestPermissions: false });
    file = writeReport(sample.project.storage).file;
    page = await openReport(browser, file);
  });
  afterAll(() => sample?.close());

  it('says which sections were not collected instead of showing empty tables', async () => {
    expect(foreignRequests(page, file)).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(await notices(page, 'owners')).toEqual([
      'not-collected',
      'not-collected',
      'not-collected',
    ]);
    expect(await notices(page, 'access')).toEqual([
      'not-collected',
      'not-collected',
    ]);
    expect(await text(page, '#access .notice')).toContain(
      'Effective repository access was not collected',
    );
    expect(
      await page.evaluate<boolean>(
        `!document.querySelector('#acc-table table')`,
      ),
    ).toBe(true);
    expect(await tile(page, 'access')).toBeNaN();
    expect(await tile(page, 'owners')).toBeNaN();
    // Posture without restrictions: public and fork settings are there; protection is unknown.
    expect(await notices(page, 'posture')).toEqual(['not-collected']);
    expect(await text(page, '#posture-table tbody')).toContain('unknown');
  });

  it('shows what was collected: the run, repositories and pull request findings', async () => {
    const graph = readCollectedGraph(sample.project.storage);
    const count = (type: string) =>
      graph.entities.filter((e) => e._type === type).length;
    expect(await tile(page, 'repos')).toBe(count('bitbucket_repo'));
    expect(await tile(page, 'users')).toBe(count('bitbucket_user'));
    expect(await notices(page, 'pulls')).toEqual([]);
    expect(await text(page, '#pulls p')).toContain(
      `${count('bitbucket_pullrequest')} pull requests updated in the window`,
    );
    const members = new Set(
      graph.entities
        .filter((e) => e._type === 'bitbucket_user')
        .map((e) => e.accountId),
    );
    const approvedByOutsider = new Set(
      graph.relationships
        .filter(
          (r) =>
            r._class === 'APPROVED' &&
            r._mapping &&
            !members.has(r._mapping.targetEntity.accountId),
        )
        .map((r) => r._mapping?.sourceEntityKey),
    );
    expect(await text(page, '#pr-outsiders')).toBe(
      String(approvedByOutsider.size),
    );
    expect(await text(page, '#run-steps')).toContain('Fetch Pull Requests');

    // Without access data, a repository's graph still shows who opened and approved what.
    const repo = graph.entities.find(
      (e) =>
        e._type === 'bitbucket_repo' &&
        e.fullName === 'acme-security/api.gateway',
    );
    expect(repo).toBeDefined();
    await page.evaluate(`(() => {
      const e = document.getElementById('graph-focus');
      e.value = 'repo: acme-security/api.gateway';
      e.dispatchEvent(new Event('change'));
    })()`);
    const drawn = await page.evaluate<Record<string, number>>(`(() => {
      const count = {};
      R.network.body.data.edges.get().forEach((e) => (count[e.props._class] = (count[e.props._class] || 0) + 1));
      return count;
    })()`);
    expect(drawn.OPENED).toBeGreaterThan(0);
    expect(drawn.APPROVED).toBeGreaterThan(0);
    expect(drawn.HAS).toBeGreaterThan(drawn.OPENED);
    expect(await text(page, '#run-steps')).toContain(
      'declared partial by design',
    );
  });
});

describe('generated collections whose access data is off or partial', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'report-sections-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('with permissions turned off, every access section says it was not collected', async () => {
    const storage = path.join(dir, 'off');
    writeAccessFixture(storage, {
      repositories: 30,
      users: 20,
      permissionsOff: true,
    });
    const report = writeReport(storage);
    expect(report.sections).toMatchObject({
      roles: 'not-collected',
      projectGrants: 'not-collected',
      repoGroupGrants: 'not-collected',
      access: 'not-collected',
      restrictions: 'not-collected',
      posture: 'not-collected',
      pullRequests: 'collected',
    });
    const page = await openReport(browser, report.file);
    expect(await notices(page, 'owners')).toEqual([
      'not-collected',
      'not-collected',
      'not-collected',
    ]);
    expect(await text(page, '#access .notice')).toContain(
      'its step was turned off',
    );
    // Roles come with the users step, which ran: no role at all means they were not read.
    expect(await text(page, '#owners .notice')).toContain(
      'its step ran but wrote none of this data',
    );
  });

  it('with the repository permission step failed, access is marked partial and says which step', async () => {
    const storage = path.join(dir, 'failed');
    const facts = writeAccessFixture(storage, {
      repositories: 30,
      users: 20,
      failedSteps: ['fetch-repo-permissions'],
    });
    const report = writeReport(storage);
    expect(report.sections.access).toBe('partial');
    expect(report.sections.roles).toBe('collected');
    const page = await openReport(browser, report.file);
    expect(await notices(page, 'access')).toEqual(['partial', 'partial']);
    expect(await text(page, '#access .notice')).toContain(
      'step "Fetch Repo Permissions" failed',
    );
    expect(await text(page, '#run .notice')).toContain(
      '1 step(s) did not complete: Fetch Repo Permissions',
    );
    // What the step did collect is still shown.
    expect(await rows(page, 'acc-table')).toBe(facts.accessEdges);
  });
});
