/**
 * What N relationships cost in the SDK's job state, written the way a step writes them:
 * through the runtime's own `createStepJobState` with its duplicate-key tracker, type tracker
 * and file-system graph object store (500-object buffer, flushed to a temporary directory),
 * one repository at a time. Prints what stays allocated after a full GC (heap and array
 * buffers), per relationship.
 *
 *   npm run bench -- store --relationships 1500000 --repos 20000
 *   npm run bench -- store --relationships 1500000 --repos 20000 --key compact
 *   npm run bench -- store --relationships 1500000 --repos 20000 --tracker compact
 *
 * Needs `--expose-gc` (the bench entry starts a child with it; `--max-old-space-size=384`, as
 * the collector gets, can be added there with `--limit`).
 */
import {
  createDirectRelationship,
  RelationshipClass,
} from '@jupiterone/integration-sdk-core';
import {
  DuplicateKeyTracker,
  FileSystemGraphObjectStore,
  MemoryDataStore,
  TypeTracker,
} from '@jupiterone/integration-sdk-runtime';
import { createStepJobState } from '@jupiterone/integration-sdk-runtime/dist/src/execution/jobState';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { compactRelationshipKeys } from '../../src/runtime/compact-relationship-keys';
import { readPeakRssKb } from './collect';
import { option } from './options';

function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  gc();
  // Typed arrays keep their contents outside the JavaScript heap: count both.
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 2 ** 20;
}

function uuidOf(prefix: number, n: number): string {
  const h = (prefix * 1_000_003 + n).toString(16).padStart(32, '0');
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}}`;
}

export interface StoreResult {
  /** The kernel's high-water mark of this process's resident memory. */
  peakRssMb: number;
  relationships: number;
  retainedMb: number;
  bytesPerRelationship: number;
  seconds: number;
}

export async function storeExperiment(argv: string[]): Promise<StoreResult> {
  const total = Number(option(argv, 'relationships', '1500000'));
  const repos = Number(option(argv, 'repos', '20000'));
  const users = Number(option(argv, 'users', '10000'));
  const keyStyle = option(argv, 'key', 'sdk');
  // `--tracker compact`: what src/runtime/preload.ts installs for the CLI.
  const create =
    option(argv, 'tracker', 'sdk') === 'compact'
      ? compactRelationshipKeys(createStepJobState)
      : createStepJobState;
  const dir = mkdtempSync(path.join(tmpdir(), 'graph-bitbucket-store-'));
  process.env.JUPITERONE_INTEGRATION_STORAGE_DIRECTORY = dir;
  try {
    const duplicateKeyTracker = new DuplicateKeyTracker();
    const typeTracker = new TypeTracker();
    const graphObjectStore = new FileSystemGraphObjectStore({
      prettifyFiles: true,
    });
    const jobState = create({
      stepId: 'build-repo-user-access',
      duplicateKeyTracker,
      typeTracker,
      graphObjectStore,
      dataStore: new MemoryDataStore(),
      onDuplicateEntityKey: () => undefined,
    });
    const before = heapMb();
    const started = Date.now();
    const perRepo = Math.ceil(total / repos);
    let written = 0;
    for (let r = 0; r < repos && written < total; r++) {
      const repoUuid = uuidOf(1, r);
      const batch = [];
      for (let i = 0; i < perRepo && written < total; i++, written++) {
        const userUuid = uuidOf(2, (r * 7 + i * 13) % users);
        const fromKey = `bitbucket_repo:${repoUuid}`;
        const toKey = `bitbucket_user:${userUuid}`;
        batch.push(
          createDirectRelationship({
            _class: RelationshipClass.ALLOWS,
            fromKey,
            fromType: 'bitbucket_repo',
            toKey,
            toType: 'bitbucket_user',
            properties: {
              ...(keyStyle === 'compact'
                ? { _key: `${repoUuid}>${userUuid}` }
                : {}),
              permission: 'write',
              readPermission: true,
              writePermission: true,
              adminPermission: false,
              directPermission: i % 5 === 0 ? 'write' : undefined,
              via: 'group:developers,project',
            },
          }),
        );
      }
      await jobState.addRelationships(batch);
    }
    await jobState.flush();
    const seconds = (Date.now() - started) / 1000;
    const retainedMb = heapMb() - before;
    // Keep the trackers alive until measured.
    if (!duplicateKeyTracker.hasKey('x') && typeTracker) {
      return {
        peakRssMb: readPeakRssKb('self') / 1024,
        relationships: written,
        retainedMb,
        bytesPerRelationship: (retainedMb * 2 ** 20) / written,
        seconds,
      };
    }
    throw new Error('unreachable');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
