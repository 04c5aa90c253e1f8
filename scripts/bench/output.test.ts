import { outputPath } from './output';

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
