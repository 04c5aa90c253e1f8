import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { PEAK_RSS_PRELOAD, readReportedPeakKb } from './collect';

describe('the peak RSS a collecting process reports at its exit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bench-peak-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('is read from the file, and is 0 when none was written or it is not a number', () => {
    const file = path.join(dir, 'peak');
    expect(readReportedPeakKb(file)).toBe(0);
    writeFileSync(file, '123456\n');
    expect(readReportedPeakKb(file)).toBe(123456);
    writeFileSync(file, 'garbage');
    expect(readReportedPeakKb(file)).toBe(0);
  });

  const linux = process.platform === 'linux' ? test : test.skip;
  linux('includes what the process touched just before it exited', () => {
    const file = path.join(dir, 'peak');
    // 200 MB touched as the last thing the process does, then gone before anyone could poll.
    const r = spawnSync(
      process.execPath,
      ['-r', PEAK_RSS_PRELOAD, '-e', 'Buffer.alloc(200 * 2 ** 20, 1)'],
      { env: { PATH: process.env.PATH, BENCH_PEAK_FILE: file } },
    );
    expect(r.status).toBe(0);
    expect(readReportedPeakKb(file)).toBeGreaterThan(200 * 1024);
  });
});
