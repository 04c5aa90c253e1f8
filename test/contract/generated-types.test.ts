/**
 * The committed `src/bitbucket/generated/bitbucket-cloud.ts` is exactly what the pinned
 * openapi-typescript writes for `../shared/bitbucket/openapi/` today: a hand edit, a new spec
 * revision or a generator upgrade without `npm run generate:types` fails here. The generator
 * runs in a child process (`--stdout`, nothing written): jest cannot load its ES-module
 * dependencies.
 */
import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import path from 'path';
import { promisify } from 'util';

const ROOT = path.resolve(__dirname, '../..');
const GENERATED_FILE = path.join(
  ROOT,
  'src/bitbucket/generated/bitbucket-cloud.ts',
);

async function regenerate(): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      'scripts/generate-types.ts',
      '--stdout',
    ],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** The first line where two texts differ, to say where without printing 4,000 lines. */
function firstDifference(a: string, b: string): string | undefined {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] !== right[i]) {
      return `line ${i + 1}: committed ${JSON.stringify(left[i])}, generator ${JSON.stringify(right[i])}`;
    }
  }
  return undefined;
}

describe('generated Bitbucket types', () => {
  it('are what `npm run generate:types` writes (run it after a spec or generator change)', async () => {
    const committed = readFileSync(GENERATED_FILE, 'utf8');
    const regenerated = await regenerate();
    expect(regenerated).toContain('export interface components');
    expect(firstDifference(committed, regenerated)).toBeUndefined();
  });

  it('name a difference by its line', () => {
    expect(firstDifference('a\nb\nc', 'a\nB\nc')).toBe(
      'line 2: committed "b", generator "B"',
    );
    expect(firstDifference('a\n', 'a\n')).toBeUndefined();
  });
});
