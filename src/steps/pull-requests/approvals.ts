import { BitbucketPullRequest } from '../../bitbucket/types';
import { Actor, actorOf } from './actors';

/** Everyone who approved a pull request, once each, in the order the list gave them. */
export function approversOf(pr: BitbucketPullRequest): Actor[] {
  const approvers = new Map<string, Actor>();
  for (const p of pr.participants ?? []) {
    if (p.approved) approvers.set(p.user.uuid, actorOf(p.user));
  }
  return [...approvers.values()];
}

/**
 * The approval posture of a pull request, from the participants the list returns whatever
 * "enriched PRs" says. An approval by the author is no review, so only someone else's counts
 * towards `approvedByNonAuthor`, and `mergedWithoutApproval` is a merge that had none.
 */
export function approvalProperties(pr: BitbucketPullRequest) {
  const approvers = approversOf(pr);
  const authorUuid = pr.author?.uuid;
  const selfApproved =
    authorUuid !== undefined && approvers.some((a) => a.uuid === authorUuid);
  const approvedByNonAuthor = approvers.some((a) => a.uuid !== authorUuid);
  return {
    approvers: approvers.map((a) => a.displayName),
    approverIds: approvers.map((a) => a.accountId),
    // Parallel to approverIds, so a later reader can key members by uuid.
    approverUuids: approvers.map((a) => a.uuid),
    // `user` or `app_user`: a bot's approval is not a person's.
    approverTypes: approvers.map((a) => a.type),
    approved: approvers.length > 0,
    validated: approvers.length > 0,
    approvalCount: approvers.length,
    approvedByNonAuthor,
    selfApproved,
    mergedWithoutApproval: pr.state === 'MERGED' && !approvedByNonAuthor,
  };
}
