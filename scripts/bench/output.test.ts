import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { UsageError } from './options';
import { outputPath, pageOutput, readSaved } from './output';

const ROOT = '/repo';

describe('where the benchmark writes its page', () => {
  test('nowhere unless asked', () => {
    expect(outputPath([], ROOT)).toBeUndefined();
    expect(outputPath(['--sizes', 'small', '--huge'], ROOT)).toBeUndefined();
    // Keeping the raw measurements is not asking for the page.
    expect(outputPath(['--json', '/tmp/m.json'], ROOT)).toBeUndefined();
  });

  test('--out writes where it says, relative paths from the repository', () => {
    expect(outputPath(['--out', '/tmp/b.md'], ROOT)).toBe('/tmp/b.md');
    expect(outputPath(['--out=/tmp/c.md'], ROOT)).toBe('/tmp/c.md');
    expect(outputPath(['--out', 'b.md'], ROOT)).toBe('/repo/b.md');
  });

  test('the tracked page with --publish, or when named explicitly', () => {
    expect(outputPath(['--huge', '--publish'], ROOT)).toBe(
      '/repo/docs/benchmarks.md',
    );
    expect(outputPath(['--out', 'docs/benchmarks.md'], ROOT)).toBe(
      '/repo/docs/benchmarks.md',
    );
  });

  test('refuses an --out without a file, and --out with --publish', () => {
    expect(() => outputPath(['--out'], ROOT)).toThrow(/needs a file name/);
    expect(() => outputPath(['--out', '--publish'], ROOT)).toThrow(
      /needs a file name/,
    );
    expect(() => outputPath(['--publish', '--out', '/tmp/b.md'], ROOT)).toThrow(
      /give one of them/,
    );
  });
});

describe('when the benchmark writes its page', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bench-out-'));
    mkdirSync(path.join(root, 'docs'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('--publish leaves the tracked page alone until the end, then writes it whole', () => {
    const tracked = path.join(root, 'docs', 'benchmarks.md');
    writeFileSync(tracked, 'published');
    const page = pageOutput(['--publish'], root);
    page.progress('half');
    expect(readFileSync(tracked, 'utf8')).toBe('published');
    page.final('all');
    expect(readFileSync(tracked, 'utf8')).toBe('all');
    expect(readdirSync(path.join(root, 'docs'))).toEqual(['benchmarks.md']);
  });

  test('--out is rewritten after every run, so a stopped run leaves its numbers', () => {
    const file = path.join(root, 'trial.md');
    const page = pageOutput(['--out', file], root);
    page.progress('first run');
    expect(readFileSync(file, 'utf8')).toBe('first run');
    page.final('all');
    expect(readFileSync(file, 'utf8')).toBe('all');
  });

  test('no file without --out or --publish', () => {
    pageOutput([], root).final('all');
    expect(readdirSync(path.join(root, 'docs'))).toEqual([]);
  });
});

describe('render says what is missing, in one line', () => {
  test('without --json, or with a file it cannot read', () => {
    expect(() => readSaved([])).toThrow(UsageError);
    expect(() => readSaved([])).toThrow(/render needs .*--json <file>/);
    expect(() => readSaved(['--json'])).toThrow(/--json needs a file name/);
    const missing = path.join(tmpdir(), 'no-such-bench.json');
    expect(existsSync(missing)).toBe(false);
    expect(() => readSaved(['--json', missing])).toThrow(
      /cannot read .*ENOENT/,
    );
    expect(() => readSaved(['--json', tmpdir()])).toThrow(/EISDIR/);
  });
});
