import { benchSize } from './datasets';
import { renderDoc } from './markdown';
import type { ReportPageTiming } from './report-page';
import type { Measurement, RunOptions } from './scenarios';

function run(
  size: string,
  permissions: boolean,
  o: { repos: number; calls: number; minimum: number; peakRssMb: number },
  extra: Partial<RunOptions> = {},
): Measurement {
  return {
    options: {
      label: size,
      size: benchSize(size),
      latencyMs: 10,
      consumers: 1,
      permissions,
      ...extra,
    },
    repos: o.repos,
    prs: o.repos * 10,
    members: o.repos / 2,
    prsInWindow: o.repos,
    calls: o.calls,
    admitted: o.calls - 1,
    rateLimited: 0,
    byCredential: { 'oauth:bench-1': o.calls - 1 },
    minimum: o.minimum,
    minimumFixed: 2,
    wallMs: 12_000,
    firstCallMs: 2_000,
    latencyBoundMs: (o.calls * 10) / 5,
    peakRssMb: o.peakRssMb,
    exitCode: 0,
    failedSteps: [],
    extraSteps: permissions ? ['fetch-repo-permissions'] : [],
    stepsRan: permissions ? 8 : 7,
  };
}

const sizes = [
  run('small', false, { repos: 30, calls: 37, minimum: 36, peakRssMb: 160 }),
  run('small', true, { repos: 30, calls: 141, minimum: 139, peakRssMb: 170 }),
  run('20k', false, {
    repos: 20_030,
    calls: 20_345,
    minimum: 20_337,
    peakRssMb: 260,
  }),
  // 1,000 repositories more cost (470 − 170) × 1024 ÷ 20 = 15,360 KB
  run('20k', true, {
    repos: 20_030,
    calls: 86_000,
    minimum: 80_000,
    peakRssMb: 470,
  }),
];

function rateRun(consumers: number, wallMs: number): Measurement {
  const m = run('medium', true, {
    repos: 300,
    calls: 1_320,
    minimum: 1_300,
    peakRssMb: 180,
  });
  return {
    ...m,
    options: {
      ...m.options,
      label: `medium, ${consumers} credentials`,
      consumers,
      rateLimit: { limit: 120, windowMs: 5_000 },
    },
    rateLimited: 12,
    // budget: ⌊1,307 ÷ 120⌋ × 5 s = 50 s after the first call (at 2 s)
    admitted: 1_308,
    budgetBoundMs: 50_000,
    wallMs,
  };
}

const page: ReportPageTiming = {
  repositories: 20_030,
  users: 10_000,
  accessEdges: 1_500_000,
  pageBytes: 31_000_000,
  writtenMs: 4_000,
  loadMs: 2_345,
  tabMs: 2_600,
  filters: [{ what: 'write or more', ms: 123.4, scriptMs: 80, rows: 900_000 }],
};

const doc = renderDoc({
  sizes,
  rate: [rateRun(1, 2_000 + 60_000), rateRun(3, 2_000 + 70_000)],
  reportPage: page,
  latencyMs: 10,
  date: '2026-12-01',
  machine: '2 × Test CPU',
});

describe('the benchmark page', () => {
  test('says when and on what machine', () => {
    expect(doc).toContain('one `npm run bench` on 2026-12-01');
    expect(doc).toContain('Machine: 2 × Test CPU');
  });

  test('judges the "Done when" from the numbers', () => {
    expect(doc).toContain(
      '- Peak RSS ≤ 512 MB at 20,000 repositories with permissions on: **met** (20k: 470 MB).',
    );
    // 86,000 ÷ 80,000 = 1.075
    expect(doc).toContain(
      'within 5 % of the minimum at every size: **not met** for small, 20k, permissions off and on (over: 20k, permissions on: 1.075).',
    );
    // 60 s ÷ 50 s and 70 s ÷ 50 s
    expect(doc).toContain(
      '1.3× of their budget bound: **not met** (medium, 1 credentials: 1.20×; medium, 3 credentials: 1.40×).',
    );
  });

  test('a size without its run is not judged met', () => {
    const small = renderDoc({
      sizes: sizes.slice(0, 2),
      rate: [],
      latencyMs: 10,
      date: '2026-12-01',
      machine: 'm',
    });
    expect(small).toContain('with permissions on: **not measured**');
    expect(small).toContain(
      '**met** for small, permissions off and on (highest: small, permissions off, 1.028)',
    );
    expect(small).toContain('budget bound: **not measured**');
    expect(small).toContain('needs two sizes');
  });

  test('shows calls next to the minimum and the ratio for each run', () => {
    expect(doc).toContain(
      '| 20k | 20,030 | 200,300 (20,030) | 10,015 | on: 8 steps (1 access-data steps) | 86,000 | 80,000 | 1.075 | 12.0 s | 172.0 s | 2.0 s | 470 MB | ok |',
    );
  });

  test('gives the growth per 1,000 repositories with permissions off and on', () => {
    // (260 − 160) × 1024 ÷ 20 = 5,120 KB; (470 − 170) × 1024 ÷ 20 = 15,360 KB
    expect(doc).toContain(
      '- permissions off: **5120 KB per 1,000 repositories** (160 MB at 30 repositories, small; 260 MB at 20,030, 20k)',
    );
    expect(doc).toContain(
      '- permissions on: **15360 KB per 1,000 repositories**',
    );
  });

  test('puts wall time next to the budget bound', () => {
    expect(doc).toContain(
      '| medium, 3 credentials | 3 × 120 per 5.0 s | 1,320 (12) | bench-1 1319 | 72.0 s | 70.0 s | 50.0 s | 1.40 | ok |',
    );
  });

  test('shows the report page load and filter times', () => {
    expect(doc).toContain('**loaded in 2345 ms**');
    expect(doc).toContain('| write or more | 900,000 | 123 ms | 80 ms |');
    expect(doc).toContain('The access review page of the 20k run');
  });

  test('a failed run does not meet a goal, whatever its numbers', () => {
    const failed = { ...sizes[3], exitCode: 1, failedSteps: ['fetch-repos'] };
    const page = renderDoc({
      sizes: [sizes[2], failed],
      rate: [],
      latencyMs: 10,
      date: '2026-12-01',
      machine: 'm',
    });
    expect(page).toContain(
      'with permissions on: **not met** (20k: 470 MB, did not end ok).',
    );
    expect(page).toContain(
      '(over: 20k, permissions on: 1.075, did not end ok)',
    );
  });

  test('names the endpoints called above the minimum when a run records them', () => {
    const counted = {
      ...sizes[1],
      byEndpoint: { a: 5, 'GET /2.0/workspaces/{workspace}': 2 },
      minimumByEndpoint: { a: 5, 'GET /2.0/workspaces/{workspace}': 1 },
    };
    const page = renderDoc({
      sizes: [counted],
      rate: [],
      latencyMs: 10,
      date: '2026-12-01',
      machine: 'm',
    });
    expect(page).toContain(
      '- small, permissions on: `GET /2.0/workspaces/{workspace}` 2 (minimum 1)',
    );
    expect(doc).not.toContain('Calls above the minimum');
  });

  test('has no text from before the access data existed', () => {
    expect(doc).not.toMatch(/until the access data lands/);
  });

  test('the memory study is labelled as separate and restates no figure the tables measure', () => {
    expect(doc).toContain('Measured separately on 2026-12-01, not by this run');
    // The tables' own 20k peak, calls and growth; the study must not contradict them.
    expect(doc).not.toMatch(/469 MB|85,302|14,600 KB/);
  });

  test('says that start-up leaves out npm', () => {
    const withStartup = renderDoc({
      sizes,
      rate: [],
      startup: { runs: 1, rows: [{ what: 'node -e 0', ms: 40, cpuMs: 30 }] },
      latencyMs: 10,
    });
    expect(withStartup).toMatch(/adds npm's start-up before it/);
  });
});
