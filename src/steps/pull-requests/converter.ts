import {
  createIntegrationEntity,
  createMappedRelationship,
  Entity,
  JobState,
  Relationship,
  RelationshipDirection,
  StepRelationshipMetadata,
} from '@jupiterone/integration-sdk-core';

import { BitbucketPullRequest } from '../../bitbucket/types';
import { Entities } from '../constants';
import { relateKeys } from '../graph';
import { epochMs, htmlLink } from '../links';
import { userKey } from '../users/converter';
import { Actor, actorOf } from './actors';
import { approvalProperties } from './approvals';

export { actorOf } from './actors';
export type { Actor } from './actors';

export const pullRequestKey = (destinationRepoUuid: string, id: number) =>
  `${Entities.PULL_REQUEST._type}:${destinationRepoUuid}:${id}`;

/** Reviewers (requested, or who approved or requested changes) and approvers, deduplicated. */
export function reviewActors(pr: BitbucketPullRequest): {
  reviewers: Actor[];
  approvers: Actor[];
  changesRequestedBy: Actor[];
} {
  const reviewers = new Map<string, Actor>();
  const approvers = new Map<string, Actor>();
  const changes = new Map<string, Actor>();
  for (const r of pr.reviewers ?? []) reviewers.set(r.uuid, actorOf(r));
  for (const p of pr.participants ?? []) {
    const actor = actorOf(p.user);
    if (p.approved) approvers.set(actor.uuid, actor);
    if (p.state === 'changes_requested') changes.set(actor.uuid, actor);
    if (p.role === 'REVIEWER' || p.approved || p.state)
      reviewers.set(actor.uuid, actor);
  }
  return {
    reviewers: [...reviewers.values()],
    approvers: [...approvers.values()],
    changesRequestedBy: [...changes.values()],
  };
}

export function createPullRequestEntity(
  pr: BitbucketPullRequest,
  destinationRepoUuid: string,
  enriched: boolean,
): Entity {
  const author = pr.author ? actorOf(pr.author) : undefined;
  const closedBy = pr.closed_by ? actorOf(pr.closed_by) : undefined;
  const review = enriched ? reviewActors(pr) : undefined;
  const repository = pr.destination.repository?.full_name ?? '';
  // Participants and reviewers are summarised in properties; their full objects stay out of
  // the raw data to keep large windows small.
  const { participants: _p, reviewers: _r, ...source } = pr;
  return createIntegrationEntity({
    entityData: {
      source,
      assign: {
        _key: pullRequestKey(destinationRepoUuid, pr.id),
        _type: Entities.PULL_REQUEST._type,
        _class: Entities.PULL_REQUEST._class,
        id: String(pr.id),
        pullRequestId: pr.id,
        name: pr.title,
        displayName: `${repository}#${pr.id}`,
        title: pr.title,
        summary: pr.title,
        description: pr.summary?.raw || undefined,
        state: pr.state,
        open: pr.state === 'OPEN',
        merged: pr.state === 'MERGED',
        declined: pr.state === 'DECLINED',
        superseded: pr.state === 'SUPERSEDED',
        draft: pr.draft,
        source: pr.source.branch?.name ?? '',
        target: pr.destination.branch?.name ?? '',
        repository,
        repositoryUuid: destinationRepoUuid,
        sourceRepository: pr.source.repository?.full_name,
        fromFork:
          !!pr.source.repository?.uuid &&
          pr.source.repository.uuid !== destinationRepoUuid,
        sourceCommit: pr.source.commit?.hash,
        targetCommit: pr.destination.commit?.hash,
        mergeCommit: pr.merge_commit?.hash,
        author: author?.displayName,
        authorId: author?.accountId,
        authorUuid: author?.uuid,
        authorType: author?.type,
        closedBy: closedBy?.displayName,
        closedById: closedBy?.accountId,
        reason: pr.reason || undefined,
        closeSourceBranch: pr.close_source_branch,
        commentCount: pr.comment_count,
        taskCount: pr.task_count,
        // Approvals are part of every pull request; "enriched PRs" adds the reviewers only.
        ...approvalProperties(pr),
        ...(review
          ? {
              reviewers: review.reviewers.map((a) => a.displayName),
              reviewerIds: review.reviewers.map((a) => a.accountId),
              // Parallel to reviewerIds: the relationship step keys members by uuid.
              reviewerUuids: review.reviewers.map((a) => a.uuid),
              // `user` or `app_user`: a bot's approval is not a person's.
              reviewerTypes: review.reviewers.map((a) => a.type),
              changesRequested: review.changesRequestedBy.length > 0,
              changesRequestedByIds: review.changesRequestedBy.map(
                (a) => a.accountId,
              ),
            }
          : {}),
        webLink:
          htmlLink(pr.links) ??
          `https://bitbucket.org/${repository}/pull-requests/${pr.id}`,
        createdOn: epochMs(pr.created_on),
        updatedOn: epochMs(pr.updated_on),
      },
    },
  });
}

/**
 * `user <verb> pull request`: direct when the actor is a collected user, otherwise mapped on
 * the Atlassian account id so former members and app users stay queryable.
 */
export function createActorRelationship(
  meta: StepRelationshipMetadata,
  actor: Actor,
  pullRequestKey: string,
  actorIsCollectedUser: boolean,
): Relationship {
  if (actorIsCollectedUser) {
    return relateKeys(meta, userKey(actor.uuid), pullRequestKey);
  }
  // Without an Atlassian account id (the uuid stood in for it), match on the uuid instead,
  // rather than label a uuid as an account id.
  const hasAccountId = actor.accountId !== actor.uuid;
  return createMappedRelationship({
    _class: meta._class,
    _type: meta._type,
    _mapping: {
      relationshipDirection: RelationshipDirection.REVERSE,
      sourceEntityKey: pullRequestKey,
      targetFilterKeys: [['_type', hasAccountId ? 'accountId' : 'uuid']],
      targetEntity: {
        _type: Entities.USER._type,
        _class: 'User',
        ...(hasAccountId ? { accountId: actor.accountId } : {}),
        uuid: actor.uuid,
        name: actor.displayName,
        displayName: actor.displayName,
        username: actor.nickname,
        accountType: actor.type,
      },
    },
  });
}

/** Adds the actor's relationship to a pull request, direct when the actor was collected. */
export async function addActorRelationship(
  jobState: JobState,
  meta: StepRelationshipMetadata,
  actor: Actor,
  pullRequestKey: string,
): Promise<void> {
  await jobState.addRelationship(
    createActorRelationship(
      meta,
      actor,
      pullRequestKey,
      await jobState.hasKey(userKey(actor.uuid)),
    ),
  );
}
