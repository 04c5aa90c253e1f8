/**
 * The graph a dataset implies, computed independently of the integration's code from the
 * design's rules: keys from stable ids, groups scoped by workspace, pull requests keyed by
 * destination repository uuid + id, non-members as mapped relationships on their account id.
 */
import { Dataset, SimWorkspace } from '../../simulator/model';

export interface ExpectOptions {
  workspaces: string[];
  ingestPullRequests: boolean;
  enrichedPrs: boolean;
  /** Pull requests updated strictly after this instant are in the window. */
  windowStart: Date;
}

export interface ExpectedGraph {
  /** `_type` → sorted keys. */
  entities: Record<string, string[]>;
  /** Sorted signatures as `relationshipSignatures` writes them. */
  relationships: string[];
}

const userKey = (uuid: string) => `bitbucket_user:${uuid}`;

export function expectedGraph(
  dataset: Dataset,
  options: ExpectOptions,
): ExpectedGraph {
  const workspaces = options.workspaces.map((slug) => {
    const ws = dataset.workspaces.find((w) => w.slug === slug);
    if (!ws) throw new Error(`dataset has no workspace ${slug}`);
    return ws;
  });
  const accounts = new Map(dataset.accounts.map((a) => [a.accountId, a]));
  const members = new Set(workspaces.flatMap((w) => w.memberAccountIds));
  const entities: Record<string, Set<string>> = {};
  const add = (type: string, key: string) =>
    (entities[type] ??= new Set()).add(key);
  const relationships = new Set<string>();

  const actor = (accountId: string, verb: string, prKey: string) => {
    const account = accounts.get(accountId);
    if (!account) throw new Error(`unknown account ${accountId}`);
    if (members.has(accountId))
      relationships.add(`${userKey(account.uuid)}|${verb}|${prKey}`);
    else
      relationships.add(
        `${prKey}|${verb}|REVERSE|${accountId}|${account.type}`,
      );
  };

  for (const ws of workspaces) {
    const wsKey = `bitbucket_workspace:${ws.uuid}`;
    add('bitbucket_workspace', wsKey);
    for (const id of ws.memberAccountIds) {
      const account = accounts.get(id);
      if (!account) throw new Error(`unknown member ${id}`);
      add('bitbucket_user', userKey(account.uuid));
      relationships.add(`${wsKey}|HAS|${userKey(account.uuid)}`);
    }
    addGroups(ws, wsKey, accounts, members, add, relationships);
    const projectKeys = new Map<string, string>();
    for (const p of ws.projects) {
      const key = `bitbucket_project:${p.uuid}`;
      projectKeys.set(p.key, key);
      add('bitbucket_project', key);
      relationships.add(`${wsKey}|OWNS|${key}`);
    }
    for (const r of ws.repositories) {
      const repoKey = `bitbucket_repo:${r.uuid}`;
      add('bitbucket_repo', repoKey);
      relationships.add(`${wsKey}|OWNS|${repoKey}`);
      const projectKey = projectKeys.get(r.projectKey);
      if (projectKey) relationships.add(`${projectKey}|HAS|${repoKey}`);
      if (!options.ingestPullRequests) continue;
      for (const pr of r.pullRequests) {
        if (Date.parse(pr.updatedOn) <= options.windowStart.getTime()) continue;
        const prKey = `bitbucket_pullrequest:${r.uuid}:${pr.id}`;
        add('bitbucket_pullrequest', prKey);
        relationships.add(`${repoKey}|HAS|${prKey}`);
        actor(pr.authorAccountId, 'OPENED', prKey);
        // Approvals are part of every pull request; "enriched" adds the reviewers only.
        for (const p of pr.participants) {
          if (p.approved) actor(p.accountId, 'APPROVED', prKey);
        }
        if (!options.enrichedPrs) continue;
        const reviewers = new Set(pr.reviewerAccountIds);
        for (const p of pr.participants) {
          if (
            p.approved ||
            p.state === 'approved' ||
            p.state === 'changes_requested'
          ) {
            reviewers.add(p.accountId);
          }
        }
        for (const id of reviewers) actor(id, 'REVIEWED', prKey);
      }
    }
  }

  return {
    entities: Object.fromEntries(
      Object.entries(entities).map(([type, keys]) => [type, [...keys].sort()]),
    ),
    relationships: [...relationships].sort(),
  };
}

function addGroups(
  ws: SimWorkspace,
  wsKey: string,
  accounts: Map<string, { uuid: string }>,
  members: Set<string>,
  add: (type: string, key: string) => void,
  relationships: Set<string>,
) {
  for (const g of ws.groups) {
    const key = `bitbucket_group:${ws.uuid}:${g.slug}`;
    add('bitbucket_group', key);
    relationships.add(`${wsKey}|HAS|${key}`);
    for (const id of g.memberAccountIds) {
      const account = accounts.get(id);
      if (account && members.has(id))
        relationships.add(`${key}|HAS|${userKey(account.uuid)}`);
    }
    if (g.owner.kind === 'user' && members.has(g.owner.accountId)) {
      const owner = accounts.get(g.owner.accountId);
      if (owner) relationships.add(`${userKey(owner.uuid)}|OWNS|${key}`);
    }
  }
}

/** Removes pull requests updated within `marginMs` of `boundary`, so a test's window is not flaky. */
export function clearWindowBoundary(
  dataset: Dataset,
  boundary: Date,
  marginMs = 120_000,
): void {
  for (const ws of dataset.workspaces) {
    for (const r of ws.repositories) {
      r.pullRequests = r.pullRequests.filter(
        (pr) =>
          Math.abs(Date.parse(pr.updatedOn) - boundary.getTime()) > marginMs,
      );
    }
  }
}
