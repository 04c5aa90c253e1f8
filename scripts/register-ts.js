/**
 * The TypeScript loader of our runners (`node -r ./scripts/register-ts.js scripts/start.ts`):
 * sucrase strips the types of each `.ts` file as Node requires it and turns its imports into
 * CommonJS (with esModuleInterop's default-import semantics), file by file, as `isolatedModules`
 * in tsconfig.json guarantees is safe. It replaces `ts-node --transpile-only`, which loaded the
 * whole TypeScript compiler only to do the same: about 1.7 s of CPU on every run. Nothing is
 * type-checked here; `npm run type-check` and CI do that.
 *
 * Plain JavaScript because it is what makes TypeScript loadable; sucrase is pure JavaScript (no
 * native binary, no install script), so a fresh `npm ci` is all it needs.
 */
'use strict';

const { addHook } = require('sucrase/dist/register');

addHook(
  '.ts',
  {
    transforms: ['typescript', 'imports'],
    // Keep class fields, `?.` and `??` as Node 20 runs them natively: what tsc emits for our
    // es2022 target (class fields with define semantics), rather than sucrase's rewrites.
    disableESTransforms: true,
  },
  {},
);
