import { readFileSync } from 'fs';
import path from 'path';

import { collectorProcess, makeProjectDir, ROOT } from './collect';
import { MEMORY_FLAGS, precompiledCollector } from './scenarios';
import {
  memoryFlags,
  parseStartScript,
  startCommand,
} from '../run/start-command';

const scripts = (
  JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe('the memory settings of the local runs', () => {
  const heapFlags = () =>
    memoryFlags(startCommand(ROOT)).filter((f) =>
      /^--(heap-growing-percent|max-old-space-size)=\d+$/.test(f),
    );

  test('npm start bounds the garbage V8 keeps, and can collect it before the pages', () => {
    expect(heapFlags().length).toBeGreaterThan(0);
    // scripts/run/main.ts calls gc() between the collection and the pages.
    expect(memoryFlags(startCommand(ROOT))).toContain('--expose-gc');
  });

  test('npm run collect has the same heap flags and loads the compact relationship keys', () => {
    for (const flag of heapFlags())
      expect(scripts.collect.split(/\s+/)).toContain(flag);
    expect(scripts.collect).toMatch(/-r \.\/src\/runtime\/preload\.ts /);
    expect(scripts.collect).toMatch(/j1-integration collect$/);
  });
});

describe('what the benchmark runs', () => {
  test('is npm start: its flags and script, from the project directory', () => {
    const project = makeProjectDir();
    try {
      const start = startCommand(ROOT);
      const how = collectorProcess({ kind: 'start' }, project);
      expect(how.args).toEqual([...start.nodeArgs, start.script]);
      expect(how.args.at(-1)).toBe(path.join(ROOT, 'scripts', 'start.ts'));
      expect(how.cwd).toBe(project.dir);
      expect(MEMORY_FLAGS).toEqual(memoryFlags(start));
    } finally {
      project.remove();
    }
  });

  test('reads a start script word by word, resolving what -r loads', () => {
    const parsed = parseStartScript(
      'A=1 node --heap-growing-percent=50 -r ts-node/register/transpile-only -r ./x.js scripts/start.ts',
      ROOT,
    );
    expect(parsed.env).toEqual({ A: '1' });
    expect(parsed.nodeArgs[0]).toBe('--heap-growing-percent=50');
    expect(parsed.nodeArgs[2]).toMatch(/node_modules\/ts-node\/register\//);
    expect(parsed.nodeArgs[4]).toBe(path.join(ROOT, 'x.js'));
    expect(parsed.script).toBe(path.join(ROOT, 'scripts', 'start.ts'));
    expect(memoryFlags(parsed)).toEqual(['--heap-growing-percent=50']);
    expect(() => parseStartScript('ts-node scripts/start.ts', ROOT)).toThrow(
      /does not run `node` directly/,
    );
  });

  test('precompiled: the same memory flags and the compiled preload, no ts-node', () => {
    const collector = precompiledCollector('/tmp/dist/src');
    expect(collector).toEqual({
      kind: 'cli',
      nodeArgs: [...MEMORY_FLAGS, '-r', '/tmp/dist/src/runtime/preload.js'],
    });
  });
});
