import '@jupiterone/integration-sdk-testing';
import {
  RelationshipDirection,
  RelationshipMapping,
} from '@jupiterone/integration-sdk-core';

import {
  BitbucketAccount,
  BitbucketParticipant,
  BitbucketPullRequest,
} from '../../bitbucket/types';
import { Relationships } from '../constants';
import { reviewActorsFromEntity } from '../reviews/converter';
import {
  actorOf,
  createActorRelationship,
  createPullRequestEntity,
  pullRequestKey,
  reviewActors,
} from './converter';

/*
 * No pull request was recorded against the real API; this one follows the documented shape
 * (types.ts, OpenAPI `pullrequest` + `participant`) with the cases that matter: an author who
 * left the workspace, a requested reviewer who has not acted, an approval, a change request,
 * a plain commenter and an app user without an account id.
 */
const REPO_UUID = '{e5891ca2-0c3f-49a5-b7cf-a3e16500231a}';

const account = (
  n: number,
  name: string,
  extra: Partial<BitbucketAccount> = {},
): BitbucketAccount => ({
  type: 'user',
  uuid: `{00000000-0000-4000-8000-00000000000${n}}`,
  account_id: `5b10a2844c20165700ede2${n}`,
  display_name: name,
  nickname: name.toLowerCase().replace(' ', '.'),
  links: {
    html: {
      href: `https://bitbucket.org/%7B00000000-0000-4000-8000-00000000000${n}%7D/`,
    },
  },
  ...extra,
});

const formerAuthor = account(1, 'Former Author');
const requested = account(2, 'Requested Reviewer');
const approver = account(3, 'Ada Approver');
const objector = account(4, 'Chris Changes');
const commenter = account(5, 'Casual Commenter');
const appUser = account(6, 'Release Bot', {
  type: 'app_user',
  account_id: undefined,
});

const pr: BitbucketPullRequest = {
  type: 'pullrequest',
  id: 42,
  title: 'Rotate the signing key',
  state: 'OPEN',
  draft: false,
  author: formerAuthor,
  source: {
    branch: { name: 'feature/rotate-key' },
    commit: { hash: 'a1b2c3d4e5f6' },
    repository: {
      type: 'repository',
      uuid: REPO_UUID,
      full_name: 'examplej1workspace/project-one',
      name: 'Project one',
    },
  },
  destination: {
    branch: { name: 'master' },
    commit: { hash: '0f9e8d7c6b5a' },
    repository: {
      type: 'repository',
      uuid: REPO_UUID,
      full_name: 'examplej1workspace/project-one',
      name: 'Project one',
    },
  },
  reason: '',
  summary: { raw: 'Moves signing to the new KMS key.', markup: 'markdown' },
  close_source_branch: true,
  comment_count: 3,
  task_count: 1,
  created_on: '2026-11-20T10:00:00.000000+00:00',
  updated_on: '2026-11-22T12:30:00.500000+00:00',
  reviewers: [requested, approver],
  participants: [
    {
      type: 'participant',
      user: approver,
      role: 'REVIEWER',
      approved: true,
      state: 'approved',
      participated_on: '2026-11-21T09:00:00.000000+00:00',
    },
    {
      type: 'participant',
      user: objector,
      role: 'PARTICIPANT',
      approved: false,
      state: 'changes_requested',
      participated_on: '2026-11-21T10:00:00.000000+00:00',
    },
    {
      type: 'participant',
      user: commenter,
      role: 'PARTICIPANT',
      approved: false,
      state: null,
      participated_on: '2026-11-21T11:00:00.000000+00:00',
    },
    {
      type: 'participant',
      user: appUser,
      role: 'PARTICIPANT',
      approved: true,
      state: 'approved',
      participated_on: '2026-11-21T12:00:00.000000+00:00',
    },
  ],
  links: {
    html: {
      href: 'https://bitbucket.org/examplej1workspace/project-one/pull-requests/42',
    },
  },
};

describe('createPullRequestEntity', () => {
  const entity = createPullRequestEntity(pr, REPO_UUID, true);

  test('is a Review and a PR with every required property', () => {
    expect(entity).toMatchGraphObjectSchema({
      _class: ['Review', 'PR'],
      _type: 'bitbucket_pullrequest',
    });
    expect(entity).toMatchObject({
      _key: `bitbucket_pullrequest:${REPO_UUID}:42`,
      _type: 'bitbucket_pullrequest',
      _class: ['Review', 'PR'],
      id: '42',
      pullRequestId: 42,
      name: 'Rotate the signing key',
      title: 'Rotate the signing key',
      displayName: 'examplej1workspace/project-one#42',
      description: 'Moves signing to the new KMS key.',
      state: 'OPEN',
      open: true,
      merged: false,
      declined: false,
      superseded: false,
      draft: false,
      source: 'feature/rotate-key',
      target: 'master',
      repository: 'examplej1workspace/project-one',
      sourceRepository: 'examplej1workspace/project-one',
      fromFork: false,
      sourceCommit: 'a1b2c3d4e5f6',
      targetCommit: '0f9e8d7c6b5a',
      closeSourceBranch: true,
      commentCount: 3,
      taskCount: 1,
      webLink:
        'https://bitbucket.org/examplej1workspace/project-one/pull-requests/42',
      createdOn: Date.UTC(2026, 10, 20, 10),
      updatedOn: Date.UTC(2026, 10, 22, 12, 30, 0, 500),
    });
    expect(entity.mergeCommit).toBeUndefined();
    expect(entity.closedBy).toBeUndefined();
    expect(entity.reason).toBeUndefined();
  });

  test('keeps the identity of an author who is not a member', () => {
    expect(entity).toMatchObject({
      author: 'Former Author',
      authorId: '5b10a2844c20165700ede21',
      authorUuid: '{00000000-0000-4000-8000-000000000001}',
    });
  });

  test('reviewers: requested, approved or requested changes; never a plain commenter', () => {
    expect(entity.reviewers).toEqual([
      'Requested Reviewer',
      'Ada Approver',
      'Chris Changes',
      'Release Bot',
    ]);
    expect(entity.reviewerIds).toEqual([
      '5b10a2844c20165700ede22',
      '5b10a2844c20165700ede23',
      '5b10a2844c20165700ede24',
      // No account id: the uuid stands in.
      '{00000000-0000-4000-8000-000000000006}',
    ]);
    expect(entity.reviewerUuids).toEqual([
      '{00000000-0000-4000-8000-000000000002}',
      '{00000000-0000-4000-8000-000000000003}',
      '{00000000-0000-4000-8000-000000000004}',
      '{00000000-0000-4000-8000-000000000006}',
    ]);
    expect(entity.reviewerTypes).toEqual(['user', 'user', 'user', 'app_user']);
  });

  test('approvals and change requests', () => {
    expect(entity).toMatchObject({
      approvers: ['Ada Approver', 'Release Bot'],
      approverIds: [
        '5b10a2844c20165700ede23',
        '{00000000-0000-4000-8000-000000000006}',
      ],
      approverUuids: [
        '{00000000-0000-4000-8000-000000000003}',
        '{00000000-0000-4000-8000-000000000006}',
      ],
      approverTypes: ['user', 'app_user'],
      approved: true,
      approvalCount: 2,
      changesRequested: true,
      changesRequestedByIds: ['5b10a2844c20165700ede24'],
    });
  });

  test('participants and reviewers stay out of the raw data', () => {
    const raw = entity._rawData?.[0].rawData as Record<string, unknown>;
    expect(raw.participants).toBeUndefined();
    expect(raw.reviewers).toBeUndefined();
    expect(raw.title).toBe('Rotate the signing key');
  });

  test('without enrichment: approvals, but no reviewer properties', () => {
    const plain = createPullRequestEntity(
      { ...pr, reviewers: undefined },
      REPO_UUID,
      false,
    );
    expect(plain).toMatchGraphObjectSchema({ _class: ['Review', 'PR'] });
    for (const property of [
      'reviewers',
      'reviewerIds',
      'reviewerTypes',
      'changesRequested',
    ]) {
      expect(plain[property]).toBeUndefined();
    }
    expect(plain).toMatchObject({
      approvers: ['Ada Approver', 'Release Bot'],
      approved: true,
      approvalCount: 2,
      approvedByNonAuthor: true,
      selfApproved: false,
      mergedWithoutApproval: false,
    });
  });

  test('a merged pull request from a fork', () => {
    const merged = createPullRequestEntity(
      {
        ...pr,
        state: 'MERGED',
        merge_commit: { hash: 'feedface' },
        closed_by: approver,
        source: {
          ...pr.source,
          repository: {
            type: 'repository',
            uuid: '{44444444-4444-4444-8444-444444444444}',
            full_name: 'someone/project-one-fork',
            name: 'project-one-fork',
          },
        },
      },
      REPO_UUID,
      true,
    );
    expect(merged).toMatchObject({
      state: 'MERGED',
      open: false,
      merged: true,
      mergeCommit: 'feedface',
      closedBy: 'Ada Approver',
      closedById: '5b10a2844c20165700ede23',
      fromFork: true,
      sourceRepository: 'someone/project-one-fork',
      // The key follows the destination repository, whatever the source.
      _key: `bitbucket_pullrequest:${REPO_UUID}:42`,
    });
  });

  test('the key is the destination repository uuid and the id', () => {
    expect(pullRequestKey(REPO_UUID, 7)).toBe(
      `bitbucket_pullrequest:${REPO_UUID}:7`,
    );
  });
});

describe('approval posture', () => {
  const author = account(7, 'Sam Self');
  const merged = (
    participants: BitbucketPullRequest['participants'],
  ): Record<string, unknown> =>
    createPullRequestEntity(
      { ...pr, state: 'MERGED', author, participants },
      REPO_UUID,
      false,
    );
  const approval = (user: BitbucketAccount): BitbucketParticipant => ({
    type: 'participant',
    user,
    role: 'PARTICIPANT' as const,
    approved: true,
    state: 'approved' as const,
    participated_on: '2026-11-21T09:00:00.000000+00:00',
  });

  test('merged with only the author approving: self-approved, merged without approval', () => {
    expect(merged([approval(author)])).toMatchObject({
      approvalCount: 1,
      approved: true,
      approvedByNonAuthor: false,
      selfApproved: true,
      mergedWithoutApproval: true,
    });
  });

  test('merged with no participant at all', () => {
    expect(merged([])).toMatchObject({
      approvalCount: 0,
      approved: false,
      approvedByNonAuthor: false,
      selfApproved: false,
      mergedWithoutApproval: true,
    });
  });

  test('merged with the author and someone else approving', () => {
    expect(merged([approval(author), approval(approver)])).toMatchObject({
      approvalCount: 2,
      approvedByNonAuthor: true,
      selfApproved: true,
      mergedWithoutApproval: false,
    });
  });

  test('an open pull request is never merged without approval', () => {
    expect(
      createPullRequestEntity({ ...pr, participants: [] }, REPO_UUID, false),
    ).toMatchObject({ approvalCount: 0, mergedWithoutApproval: false });
  });
});

describe('reviewActors', () => {
  test('deduplicates a reviewer who also approved', () => {
    const { reviewers, approvers, changesRequestedBy } = reviewActors(pr);
    expect(reviewers.map((a) => a.displayName)).toEqual([
      'Requested Reviewer',
      'Ada Approver',
      'Chris Changes',
      'Release Bot',
    ]);
    expect(approvers.map((a) => a.uuid)).toEqual([approver.uuid, appUser.uuid]);
    expect(changesRequestedBy.map((a) => a.uuid)).toEqual([objector.uuid]);
  });
});

describe('reviewActorsFromEntity', () => {
  test('rebuilds the same reviewers and approvers from the entity', () => {
    const entity = createPullRequestEntity(pr, REPO_UUID, true);
    const fromEntity = reviewActorsFromEntity(entity);
    const direct = reviewActors(pr);
    const ids = (actors: { uuid: string; accountId: string; type: string }[]) =>
      actors.map((a) => [a.uuid, a.accountId, a.type]);
    expect(ids(fromEntity.reviewers)).toEqual(ids(direct.reviewers));
    expect(ids(fromEntity.approvers)).toEqual(ids(direct.approvers));
    expect(fromEntity.approvers[0].displayName).toBe('Ada Approver');
  });

  test('an entity collected without enrichment has approvers but no reviewers', () => {
    const entity = createPullRequestEntity(pr, REPO_UUID, false);
    const actors = reviewActorsFromEntity(entity);
    expect(actors.reviewers).toEqual([]);
    expect(actors.approvers.map((a) => a.uuid)).toEqual([
      approver.uuid,
      appUser.uuid,
    ]);
  });
});

describe('createActorRelationship', () => {
  const prKey = pullRequestKey(REPO_UUID, 42);

  test('a collected user gets a direct relationship to their user key', () => {
    const rel = createActorRelationship(
      Relationships.USER_APPROVED_PULL_REQUEST,
      actorOf(approver),
      prKey,
      true,
    );
    expect(rel).toMatchObject({
      _type: 'bitbucket_user_approved_pullrequest',
      _class: 'APPROVED',
      _fromEntityKey: 'bitbucket_user:{00000000-0000-4000-8000-000000000003}',
      _toEntityKey: prKey,
    });
    expect(rel._mapping).toBeUndefined();
  });

  test('a non-member gets a mapped relationship on the account id, never a direct key', () => {
    const rel = createActorRelationship(
      Relationships.USER_OPENED_PULL_REQUEST,
      actorOf(formerAuthor),
      prKey,
      false,
    );
    expect(rel._type).toBe('bitbucket_user_opened_pullrequest');
    expect(rel._class).toBe('OPENED');
    expect(rel._fromEntityKey).toBeUndefined();
    expect(rel._toEntityKey).toBeUndefined();
    expect(rel._mapping).toEqual({
      relationshipDirection: RelationshipDirection.REVERSE,
      sourceEntityKey: prKey,
      targetFilterKeys: [['_type', 'accountId']],
      targetEntity: {
        _type: 'bitbucket_user',
        _class: 'User',
        accountId: '5b10a2844c20165700ede21',
        uuid: '{00000000-0000-4000-8000-000000000001}',
        name: 'Former Author',
        displayName: 'Former Author',
        username: 'former.author',
        accountType: 'user',
      },
    });
  });

  test('a non-member without an account id is mapped on the uuid, not labelled with one', () => {
    const rel = createActorRelationship(
      Relationships.USER_APPROVED_PULL_REQUEST,
      actorOf(appUser),
      prKey,
      false,
    );
    const mapping = rel._mapping as RelationshipMapping;
    expect(mapping.targetFilterKeys).toEqual([['_type', 'uuid']]);
    expect(mapping.targetEntity).toMatchObject({
      uuid: '{00000000-0000-4000-8000-000000000006}',
      accountType: 'app_user',
    });
    expect(mapping.targetEntity).not.toHaveProperty('accountId');
  });

  test('two non-members on one pull request get distinct relationship keys', () => {
    const a = createActorRelationship(
      Relationships.USER_REVIEWED_PULL_REQUEST,
      actorOf(objector),
      prKey,
      false,
    );
    const b = createActorRelationship(
      Relationships.USER_REVIEWED_PULL_REQUEST,
      actorOf(commenter),
      prKey,
      false,
    );
    expect(a._key).not.toBe(b._key);
  });
});
