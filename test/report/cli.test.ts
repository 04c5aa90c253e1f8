/** `npm run report` (scripts/report/cli.ts): writes the page and says so in one line. */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { writeAccessFixture } from '../../scripts/report/fixture/access-fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const run = (args: string[]) =>
  spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'ts-node'),
    ['--transpile-only', 'scripts/report/cli.ts', ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'report-cli-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('writes report.html for a collection and prints one line', () => {
  const storage = path.join(dir, 'collection');
  const facts = writeAccessFixture(storage, { repositories: 10, users: 12 });
  const result = run([storage]);
  expect(result.status).toBe(0);
  expect(result.stderr).toBe('');
  expect(result.stdout.trim().split('\n')).toEqual([
    expect.stringMatching(
      new RegExp(
        `^Wrote ${storage}/report\\.html \\([\\d.]+ MB\\): 10 repositories, 12 members, ${facts.accessEdges} access grants$`,
      ),
    ),
  ]);
  expect(existsSync(path.join(storage, 'report.html'))).toBe(true);
});

it('says what to run first when nothing was collected, without a stack', () => {
  const result = run([path.join(dir, 'nothing-here')]);
  expect(result.status).toBe(1);
  expect(result.stderr.trim()).toBe(
    `No collected graph in ${path.join(dir, 'nothing-here')}: run \`npm start\` (or \`npm run demo\`) first.`,
  );
});
