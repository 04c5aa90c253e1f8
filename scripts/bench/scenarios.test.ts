import { existsSync } from 'fs';

import { collectorFlags } from './scenarios';

describe('how the benchmark starts the collector', () => {
  test('with the compact relationship keys and an old-space limit', () => {
    const flags = collectorFlags();
    expect(flags.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
    const preloads = flags.filter((_, i) => flags[i - 1] === '-r');
    expect(preloads.some((p) => p.endsWith('src/runtime/preload.ts'))).toBe(
      true,
    );
    expect(
      preloads.filter((p) => p.startsWith('/')).every((p) => existsSync(p)),
    ).toBe(true);
  });

  test('from precompiled JavaScript without ts-node', () => {
    const flags = collectorFlags('/tmp/dist/src');
    expect(flags).toContain('/tmp/dist/src/runtime/preload.js');
    expect(flags.join(' ')).not.toMatch(/ts-node/);
  });
});
