/**
 * Pull request approval posture for the page. The properties the step writes
 * (`mergedWithoutApproval`, `approvedByNonAuthor`, `selfApproved`) win; for a collection made
 * before they existed, the same answers come from the approver and author ids on the entity or,
 * failing those, from the APPROVED and OPENED relationships.
 */
import type { GraphEntity } from './graph-files';
import type { FlaggedPullRequest, GraphPullRequest } from './model';
import { count, firstText, flag, isoDate, text, texts } from './props';

interface Actor {
  id: string;
  name: string;
}

/**
 * What the posture reads of a pull request entity. Only these are kept: a whole enriched entity
 * (description, participants, reviewers) held for every pull request in the window made the
 * page's build the largest memory of a 20,000-repository run.
 */
const KEPT = [
  'id',
  'pullRequestId',
  'title',
  'name',
  'state',
  'merged',
  'webLink',
  'updatedOn',
  'author',
  'authorId',
  'approvers',
  'approverIds',
  'mergedWithoutApproval',
  'approvedByNonAuthor',
  'selfApproved',
  'repository',
  'repositoryUuid',
] as const;

export class PullRequestPosture {
  private readonly prs = new Map<string, GraphEntity>();
  private readonly approvers = new Map<string, Actor[]>();
  private readonly openers = new Map<string, Actor>();
  private readonly repoOf = new Map<string, string>();

  addEntity(entity: GraphEntity): void {
    const kept: GraphEntity = {
      _key: entity._key,
      _type: entity._type,
      _class: entity._class,
    };
    for (const property of KEPT) {
      if (entity[property] !== undefined) kept[property] = entity[property];
    }
    this.prs.set(entity._key, kept);
  }

  addApproval(prKey: string, actor: Actor): void {
    const list = this.approvers.get(prKey) ?? [];
    if (!list.some((a) => a.id === actor.id)) list.push(actor);
    this.approvers.set(prKey, list);
  }

  addOpener(prKey: string, actor: Actor): void {
    this.openers.set(prKey, actor);
  }

  setRepository(prKey: string, repoKey: string): void {
    this.repoOf.set(prKey, repoKey);
  }

  /** Approvers from the entity's ids when it has them, else from APPROVED relationships. */
  private actors(key: string, pr: GraphEntity) {
    const ids = texts(pr.approverIds);
    const names = texts(pr.approvers);
    const approvers: Actor[] =
      ids.length > 0
        ? ids.map((id, i) => ({ id, name: names[i] ?? id }))
        : (this.approvers.get(key) ?? []);
    const authorId = firstText(pr.authorId, this.openers.get(key)?.id);
    const authorName = firstText(pr.author, this.openers.get(key)?.name);
    return { approvers, authorId, authorName };
  }

  /** Every pull request for the graph view, newest first; people by user index when members. */
  graphList(
    repoIndex: (repoKey: string) => number | undefined,
    userIndex: Map<string, number>,
  ): GraphPullRequest[] {
    const list: Array<[number, GraphPullRequest]> = [];
    for (const [key, pr] of this.prs) {
      const repo = repoIndex(this.repoOf.get(key) ?? '');
      if (repo === undefined) continue;
      const { approvers, authorId, authorName } = this.actors(key, pr);
      const person = (id: string, name: string) =>
        userIndex.get(id) ?? (name || id);
      list.push([
        count(pr.updatedOn) ?? 0,
        [
          repo,
          firstText(pr.id, String(count(pr.pullRequestId) ?? '')),
          firstText(pr.title, pr.name),
          text(pr.state),
          text(pr.webLink),
          authorId || authorName ? person(authorId, authorName) : null,
          approvers.map((a) => person(a.id, a.name)),
        ],
      ]);
    }
    return list.sort((a, b) => b[0] - a[0]).map(([, p]) => p);
  }

  summarise(memberAccountIds: Set<string>): {
    total: number;
    merged: number;
    from: string | null;
    to: string | null;
    flagged: FlaggedPullRequest[];
  } {
    const flagged: FlaggedPullRequest[] = [];
    let merged = 0;
    let from: number | undefined;
    let to: number | undefined;
    for (const [key, pr] of this.prs) {
      const updated =
        typeof pr.updatedOn === 'number' ? pr.updatedOn : undefined;
      if (updated !== undefined) {
        from = from === undefined ? updated : Math.min(from, updated);
        to = to === undefined ? updated : Math.max(to, updated);
      }
      const state = text(pr.state);
      const isMerged = state === 'MERGED' || pr.merged === true;
      if (isMerged) merged += 1;

      const { approvers, authorId, authorName } = this.actors(key, pr);
      const byOther = approvers.some((a) => a.id !== authorId);
      const unapproved =
        flag(pr.mergedWithoutApproval) ??
        (isMerged && !(flag(pr.approvedByNonAuthor) ?? byOther));
      const selfApproved =
        flag(pr.selfApproved) ??
        (authorId !== '' && approvers.some((a) => a.id === authorId));
      const nonMembers = approvers
        .filter((a) => !memberAccountIds.has(a.id))
        .map((a) => a.name);
      if (!unapproved && nonMembers.length === 0) continue;
      flagged.push({
        r: firstText(pr.repository, pr.repositoryUuid),
        id: firstText(pr.id, String(count(pr.pullRequestId) ?? '')),
        t: firstText(pr.title, pr.name),
        a: firstText(authorName, authorId),
        s: state,
        l: text(pr.webLink),
        u: isoDate(pr.updatedOn) ?? '',
        ap: approvers.map((a) => a.name),
        unapproved,
        selfApproved,
        nonMembers,
      });
    }
    flagged.sort((a, b) => b.u.localeCompare(a.u));
    const date = (ms: number | undefined) =>
      ms === undefined ? null : new Date(ms).toISOString();
    return {
      total: this.prs.size,
      merged,
      from: date(from),
      to: date(to),
      flagged,
    };
  }
}
