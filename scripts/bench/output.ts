/**
 * Where the benchmark writes its page. It prints the page always and writes a file only when
 * asked: `--out <file>` (any path, the tracked page included when named explicitly) or
 * `--publish`, which rewrites docs/benchmarks.md. Never by default, so a trial run on a busy
 * machine cannot replace the published numbers.
 */
import path from 'path';

import { flag, option } from './options';

export const PUBLISHED = path.join('docs', 'benchmarks.md');

export function outputPath(argv: string[], root: string): string | undefined {
  const named = argv.some((a) => a === '--out' || a.startsWith('--out='));
  const out = option(argv, 'out', '');
  if (named && (!out || out.startsWith('--')))
    throw new Error('--out needs a file name, e.g. --out /tmp/bench.md');
  if (flag(argv, 'publish')) {
    if (named)
      throw new Error(
        `--publish writes ${PUBLISHED}; --out writes elsewhere: give one of them`,
      );
    return path.join(root, PUBLISHED);
  }
  return named ? path.resolve(root, out) : undefined;
}
