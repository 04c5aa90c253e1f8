import {
  createDirectRelationship,
  Entity,
  JobState,
  Relationship,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

import { Entities } from './constants';
import { stringProperty } from './links';

/** A direct relationship between two keys, typed by the step metadata that declares it. */
export function relateKeys(
  meta: StepRelationshipMetadata,
  fromKey: string,
  toKey: string,
  properties?: Record<string, string | number | boolean | undefined>,
): Relationship {
  return createDirectRelationship({
    _class: meta._class,
    fromKey,
    fromType: meta.sourceType,
    toKey,
    toType: meta.targetType,
    ...(properties ? { properties } : {}),
  });
}

/**
 * Adds an entity unless its key is already collected, and says whether it did. Listings page
 * by offset, so an item that shifts pages, or a listing read again after it shrank, shows the
 * same object twice; the first one read is kept.
 */
export async function addEntityOnce(
  jobState: JobState,
  entity: Entity,
): Promise<boolean> {
  if (await jobState.hasKey(entity._key)) return false;
  await jobState.addEntity(entity);
  return true;
}

/** Runs `task` for each workspace the workspace step collected, with its slug. */
export async function forEachWorkspace(
  jobState: JobState,
  task: (workspace: Entity, slug: string) => Promise<void>,
): Promise<void> {
  await jobState.iterateEntities(
    { _type: Entities.WORKSPACE._type },
    (workspace) => task(workspace, stringProperty(workspace, 'slug')),
  );
}

/**
 * How many entities of a type earlier steps wrote, for a progress total, without holding them:
 * a step that streams them (see `forEachStreamed`) pays one more read of their files instead
 * of a list of every repository (about 5.5 MB at 20,000).
 */
export async function countEntities(
  jobState: JobState,
  type: string,
): Promise<number> {
  let count = 0;
  await jobState.iterateEntities({ _type: type }, () => {
    count++;
  });
  return count;
}
