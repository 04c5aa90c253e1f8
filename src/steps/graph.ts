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
): Relationship {
  return createDirectRelationship({
    _class: meta._class,
    fromKey,
    fromType: meta.sourceType,
    toKey,
    toType: meta.targetType,
  });
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
