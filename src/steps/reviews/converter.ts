import { Entity } from '@jupiterone/integration-sdk-core';

import { Actor } from '../pull-requests/converter';

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * Rebuilds actors from the parallel id/uuid/name/type arrays the pull request step summarised
 * on the entity. An entry without a uuid is dropped: it could not be related without guessing.
 */
function actorsFrom(
  ids: unknown,
  uuids: unknown,
  names: unknown,
  types: unknown,
): Actor[] {
  const accountIds = strings(ids);
  const uuidList = strings(uuids);
  const display = strings(names);
  const typeList = strings(types);
  return accountIds.flatMap((accountId, i) => {
    const uuid = uuidList[i];
    if (!uuid) return [];
    return [
      {
        accountId,
        uuid,
        displayName: display[i] ?? accountId,
        type: typeList[i] ?? 'user',
      },
    ];
  });
}

/** Who reviewed and who approved a pull request entity, as the pull request step stored it. */
export function reviewActorsFromEntity(pr: Entity): {
  reviewers: Actor[];
  approvers: Actor[];
} {
  return {
    reviewers: actorsFrom(
      pr.reviewerIds,
      pr.reviewerUuids,
      pr.reviewers,
      pr.reviewerTypes,
    ),
    approvers: actorsFrom(
      pr.approverIds,
      pr.approverUuids,
      pr.approvers,
      pr.approverTypes,
    ),
  };
}
