/**
 * Where the benchmark writes its page. It prints the page always and writes a file only when
 * asked: `--out <file>` (any path, the tracked page included when named explicitly) or
 * `--publish`, which rewrites docs/benchmarks.md. Never by default, so a trial run on a busy
 * machine cannot replace the published numbers.
 */
import { readFileSync, renameSync, writeFileSync } from 'fs';
import path from 'path';

import { flag, option, UsageError } from './options';

export const PUBLISHED = path.join('docs', 'benchmarks.md');

export function outputPath(argv: string[], root: string): string | undefined {
  const named = argv.some((a) => a === '--out' || a.startsWith('--out='));
  const out = option(argv, 'out', '');
  if (named && (!out || out.startsWith('--')))
    throw new UsageError('--out needs a file name, e.g. --out /tmp/bench.md');
  if (flag(argv, 'publish')) {
    if (named)
      throw new UsageError(
        `--publish writes ${PUBLISHED}; --out writes elsewhere: give one of them`,
      );
    return path.join(root, PUBLISHED);
  }
  return named ? path.resolve(root, out) : undefined;
}

/** `--json <file>`, resolved; undefined when not given. */
export function jsonPath(argv: string[]): string | undefined {
  const named = argv.some((a) => a === '--json' || a.startsWith('--json='));
  if (!named) return undefined;
  const file = option(argv, 'json', '');
  if (!file || file.startsWith('--'))
    throw new UsageError(
      '--json needs a file name, e.g. --json /tmp/bench.json',
    );
  return path.resolve(file);
}

/** The saved measurements of `--json <file>`, for `render`. */
export function readSaved(argv: string[]): unknown {
  const file = jsonPath(argv);
  if (!file)
    throw new UsageError(
      'render needs the saved measurements: render --json <file> [--out <page> | --publish]',
    );
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read --json ${file} (${code})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--json ${file} is not a benchmark's saved JSON`);
  }
}

/** Writes a sibling temporary file and renames it over `file`: readers see old or new, whole. */
export function writeWhole(file: string, text: string): void {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.tmp`,
  );
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/**
 * The page's file, if asked for. Another file is rewritten after every run, so a stopped
 * benchmark still leaves its numbers; the tracked page only once, whole, at the end, so a
 * stopped `--publish` leaves the published page as it was.
 */
export function pageOutput(argv: string[], root: string) {
  const out = outputPath(argv, root);
  const tracked = out === path.join(root, PUBLISHED);
  return {
    out,
    progress(doc: string): void {
      if (out && !tracked) writeFileSync(out, doc);
    },
    final(doc: string): void {
      if (out) writeWhole(out, doc);
    },
  };
}
