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
