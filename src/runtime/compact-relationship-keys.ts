/**
 * Keeps the SDK runtime's duplicate-key check for relationships in a CompactKeySet instead of
 * its key map. SDK 8.41's DuplicateKeyTracker holds every entity and relationship key until
 * the run ends, with a `{ _type, _key }` object each: about 220 bytes per relationship, over
 * 300 MB for the 1.5 million access edges of a 20,000-repository workspace. Entities stay in
 * the SDK's map (`findEntity` needs their keys); relationships are only ever checked for
 * duplicates, which the compact set still does, and `hasKey` still answers for them.
 *
 * Installed for local runs by ./install.ts: in process by `npm start`, and through `node -r`
 * (./preload.ts) for `j1-integration collect`. The integration itself never imports this
 * module: the runtime is a development dependency and JupiterOne's managed runner brings its own.
 */
import {
  IntegrationDuplicateKeyError,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';

import { CompactKeySet } from './compact-key-set';

/** What this module needs of the runtime's tracker (8.41's `DuplicateKeyTracker`). */
export interface KeyTracker {
  registerKey(key: string, metadata: { _type: string; _key: string }): void;
  hasKey(key: string): boolean;
  getGraphObjectMetadata(key: string): unknown;
}

export interface StepJobStateParams {
  duplicateKeyTracker: KeyTracker;
  beforeAddRelationship?: unknown;
}

export type CreateStepJobState<
  P extends StepJobStateParams = StepJobStateParams,
> = (params: P) => JobState;

const sets = new WeakMap<KeyTracker, CompactKeySet>();
let registered = 0;

/**
 * Relationship keys this process has checked through a compact set, across runs: lets a test
 * of a whole run (which never sees the runtime's tracker) tell that the check was in place.
 */
export function compactRelationshipKeyCount(): number {
  return registered;
}

/** The compact set that holds a tracker's relationship keys (one per run). */
export function relationshipKeys(tracker: KeyTracker): CompactKeySet {
  let set = sets.get(tracker);
  if (!set) {
    set = new CompactKeySet(1 << 16);
    sets.set(tracker, set);
  }
  return set;
}

/**
 * Wraps the runtime's `createStepJobState` so relationship keys go to the compact set. The
 * runtime registers a step's relationships synchronously at the start of `addRelationships`
 * when no `beforeAddRelationship` hook is configured (ours is not), so a flag raised around
 * that call routes exactly them; with a hook, nothing is changed.
 */
export function compactRelationshipKeys<P extends StepJobStateParams>(
  original: CreateStepJobState<P>,
): CreateStepJobState<P> {
  return (params) => {
    if (params.beforeAddRelationship) return original(params);
    const tracker = params.duplicateKeyTracker;
    // The tracker's own key normalisation (a private field of the SDK's class), if any.
    const { normalizationFunction } = tracker as {
      normalizationFunction?: (key: string) => string;
    };
    const normalize = (key: string) =>
      normalizationFunction ? normalizationFunction(key) : key;
    const compact = relationshipKeys(tracker);
    let routingRelationships = false;
    const routing: KeyTracker = {
      registerKey(key, metadata) {
        const normalized = normalize(key);
        if (!routingRelationships) {
          if (compact.has(normalized)) {
            throw new IntegrationDuplicateKeyError(
              `Duplicate _key detected (_key=${key})`,
            );
          }
          tracker.registerKey(key, metadata);
          return;
        }
        if (tracker.hasKey(key) || !compact.add(normalized)) {
          throw new IntegrationDuplicateKeyError(
            `Duplicate _key detected (_key=${key})`,
          );
        }
        registered++;
      },
      hasKey: (key) => tracker.hasKey(key) || compact.has(normalize(key)),
      getGraphObjectMetadata: (key) => tracker.getGraphObjectMetadata(key),
    };
    const jobState = original({ ...params, duplicateKeyTracker: routing });
    const addRelationships = (relationships: Relationship[]) => {
      routingRelationships = true;
      try {
        return jobState.addRelationships(relationships);
      } finally {
        routingRelationships = false;
      }
    };
    return {
      ...jobState,
      addRelationships,
      addRelationship: (relationship: Relationship) =>
        addRelationships([relationship]),
    };
  };
}
