/**
 * Builds the page's data from a collection in two passes over the graph files: entities first
 * (so every relationship can be resolved to indexes), then relationships, one file at a time.
 */
import {
  forEachEntity,
  forEachRelationship,
  GraphRelationship,
  readSummary,
} from './graph-files';
import {
  permissionLevel,
  ReportData,
  ReportRestriction,
  SectionId,
} from './model';
import { count, firstText, flag, text, viaList } from './props';
import { sortByName } from './ordering';
import { PullRequestPosture } from './pull-requests';
import { runSteps, sectionStatus } from './run-status';

type Indexed = Map<string, number>;

export function buildReportData(storage: string, now = new Date()): ReportData {
  const read = readSummary(storage);
  const data: ReportData = {
    generatedAt: now.toISOString(),
    collectedAt: read ? read.writtenAt.toISOString() : null,
    workspaces: [],
    steps: runSteps(read?.summary),
    partialTypes: read?.summary.metadata?.partialDatasets?.types ?? [],
    counts: {},
    sections: {} as ReportData['sections'],
    users: [],
    groups: [],
    projects: [],
    repos: [],
    owners: [],
    projectGrants: [],
    repoGroupGrants: [],
    vias: [],
    access: [],
    accessCount: 0,
    restrictions: [],
    graphPullRequests: [],
    pullRequests: { total: 0, merged: 0, from: null, to: null, flagged: [] },
  };
  const typeOf = new Map<string, string>();
  const idx = {
    ws: new Map() as Indexed,
    user: new Map() as Indexed,
    group: new Map() as Indexed,
    project: new Map() as Indexed,
    repo: new Map() as Indexed,
    restriction: new Map() as Indexed,
  };
  const prs = new PullRequestPosture();
  const bump = (type: string) =>
    (data.counts[type] = (data.counts[type] ?? 0) + 1);
  let postureSeen = 0;

  forEachEntity(storage, (e) => {
    bump(e._type);
    typeOf.set(e._key, e._type);
    const link = text(e.webLink);
    switch (e._type) {
      case 'bitbucket_workspace':
        idx.ws.set(e._key, data.workspaces.length);
        data.workspaces.push({
          n: firstText(e.displayName, e.name, e.slug),
          slug: text(e.slug),
          l: link,
        });
        break;
      case 'bitbucket_user':
        idx.user.set(e._key, data.users.length);
        data.users.push({
          n: firstText(e.displayName, e.name, e.username, e._key),
          a: text(e.accountId),
          u: firstText(e.nickname, e.username),
          l: link,
        });
        break;
      case 'bitbucket_group':
        idx.group.set(e._key, data.groups.length);
        data.groups.push({
          n: firstText(e.displayName, e.name, e.slug),
          slug: text(e.slug),
          w: text(e.workspace),
          m: [],
        });
        break;
      case 'bitbucket_project':
        idx.project.set(e._key, data.projects.length);
        data.projects.push({
          n: firstText(e.name, e.key),
          key: text(e.key),
          l: link,
        });
        break;
      case 'bitbucket_repo': {
        idx.repo.set(e._key, data.repos.length);
        const push = flag(e.mainBranchPushRestricted);
        if (push !== undefined) postureSeen += 1;
        data.repos.push({
          n: firstText(e.fullName, e.name, e._key),
          p: -1,
          l: link,
          pub: e.public === true || e.isPrivate === false,
          fork: text(e.forkPolicy),
          mb: text(e.mainBranch),
          push,
          force: flag(e.mainBranchForcePushBlocked),
          del: flag(e.mainBranchDeleteBlocked),
          appr: count(e.mainBranchRequiredApprovals),
          builds: count(e.mainBranchRequiredPassingBuilds),
          prs: 0,
        });
        data.access.push([]);
        break;
      }
      case 'bitbucket_branch_restriction':
        idx.restriction.set(e._key, data.restrictions.length);
        data.restrictions.push([
          -1,
          text(e.kind),
          firstText(e.pattern, e.branchType, e.branchMatchKind),
          count(e.value) ?? null,
          [],
          [],
        ] as ReportRestriction);
        break;
      case 'bitbucket_pullrequest':
        prs.addEntity(e);
        break;
    }
  });

  const viaIndex = new Map<string, number>();
  const ownerHow = new Map<string, string>();
  const addOwner = (ws: number, user: number, how: string) => {
    const key = `${ws}|${user}`;
    const before = ownerHow.get(key);
    ownerHow.set(key, before && before !== how ? 'role+manages' : how);
  };
  let rolesSeen = false;

  forEachRelationship(storage, (r: GraphRelationship) => {
    bump(r._type);
    if (r._mapping) {
      const target = r._mapping.targetEntity;
      const actor = {
        id: firstText(target.accountId, target.uuid),
        name: firstText(target.displayName, target.name, target.accountId),
      };
      if (r._class === 'APPROVED')
        prs.addApproval(r._mapping.sourceEntityKey, actor);
      if (r._class === 'OPENED')
        prs.addOpener(r._mapping.sourceEntityKey, actor);
      return;
    }
    const from = r._fromEntityKey ?? '';
    const to = r._toEntityKey ?? '';
    const edge = `${typeOf.get(from)} ${r._class} ${typeOf.get(to)}`;
    const ui = idx.user.get(to);
    const gi = idx.group.get(to);
    const fromUser = idx.user.get(from);
    if (fromUser !== undefined && typeOf.get(to) === 'bitbucket_pullrequest') {
      const u = data.users[fromUser];
      const actor = { id: u.a, name: u.n };
      if (r._class === 'APPROVED') prs.addApproval(to, actor);
      if (r._class === 'OPENED') prs.addOpener(to, actor);
      return;
    }
    switch (edge) {
      case 'bitbucket_workspace HAS bitbucket_user': {
        const role = text(r.role);
        if (!role || ui === undefined) break;
        rolesSeen = true;
        (data.users[ui].r ??= []).push(role);
        if (role === 'owner') addOwner(idx.ws.get(from) ?? -1, ui, 'role');
        break;
      }
      case 'bitbucket_user MANAGES bitbucket_workspace':
        if (fromUser !== undefined)
          addOwner(idx.ws.get(to) ?? -1, fromUser, 'manages');
        break;
      case 'bitbucket_group HAS bitbucket_user':
        if (ui !== undefined) data.groups[idx.group.get(from) ?? 0].m.push(ui);
        break;
      case 'bitbucket_project HAS bitbucket_repo':
        data.repos[idx.repo.get(to) ?? 0].p = idx.project.get(from) ?? -1;
        break;
      case 'bitbucket_repo HAS bitbucket_pullrequest':
        data.repos[idx.repo.get(from) ?? 0].prs += 1;
        prs.setRepository(to, from);
        break;
      case 'bitbucket_project ALLOWS bitbucket_user':
      case 'bitbucket_project ALLOWS bitbucket_group':
        data.projectGrants.push([
          idx.project.get(from) ?? -1,
          ui !== undefined ? 'u' : 'g',
          ui ?? gi ?? -1,
          text(r.permission),
        ]);
        break;
      case 'bitbucket_repo ALLOWS bitbucket_group':
        data.repoGroupGrants.push([
          idx.repo.get(from) ?? -1,
          gi ?? -1,
          text(r.permission),
        ]);
        break;
      case 'bitbucket_repo ALLOWS bitbucket_user': {
        const repo = idx.repo.get(from);
        if (repo === undefined || ui === undefined) break;
        const via = viaList(r.via).join(',');
        let v = viaIndex.get(via);
        if (v === undefined) {
          v = data.vias.length;
          viaIndex.set(via, v);
          data.vias.push(via);
        }
        const code =
          permissionLevel(r.permission) +
          4 * permissionLevel(r.directPermission);
        data.access[repo].push(ui, code, v);
        data.accessCount += 1;
        break;
      }
      case 'bitbucket_repo HAS bitbucket_branch_restriction': {
        const rs = idx.restriction.get(to);
        if (rs !== undefined)
          data.restrictions[rs][0] = idx.repo.get(from) ?? -1;
        break;
      }
      case 'bitbucket_branch_restriction ALLOWS bitbucket_user':
      case 'bitbucket_branch_restriction ALLOWS bitbucket_group': {
        const rs = idx.restriction.get(from);
        if (rs === undefined) break;
        if (ui !== undefined) data.restrictions[rs][4].push(ui);
        if (gi !== undefined) data.restrictions[rs][5].push(gi);
        break;
      }
    }
  });

  for (const [key, how] of ownerHow) {
    const [ws, user] = key.split('|').map(Number);
    data.owners.push([ws, user, how]);
  }
  const moved = sortByName(data);
  const members = new Set(data.users.map((u) => u.a).filter(Boolean));
  const repoIndex = (key: string) => {
    const old = idx.repo.get(key);
    return old === undefined ? undefined : moved.repo[old];
  };
  data.graphPullRequests = prs.graphList(
    repoIndex,
    new Map(data.users.flatMap((u, i) => (u.a ? [[u.a, i]] : []))),
  );
  data.pullRequests = prs.summarise(members);

  const summary = read?.summary;
  const present: Record<SectionId, boolean> = {
    roles: rolesSeen || data.owners.length > 0,
    projectGrants: data.projectGrants.length > 0,
    repoGroupGrants: data.repoGroupGrants.length > 0,
    access: data.accessCount > 0,
    restrictions: data.restrictions.length > 0 || postureSeen > 0,
    posture: postureSeen > 0,
    pullRequests: data.pullRequests.total > 0,
  };
  // A workspace always has an owner, and every repository at least its owners with admin access.
  const neverEmpty: SectionId[] =
    data.workspaces.length > 0 ? ['roles', 'access', 'posture'] : [];
  for (const id of Object.keys(present) as SectionId[])
    data.sections[id] = sectionStatus(
      id,
      summary,
      present[id],
      !neverEmpty.includes(id) || data.repos.length === 0,
    );
  if (
    data.sections.posture.state !== 'not-collected' &&
    postureSeen < data.repos.length
  )
    data.sections.posture.note ||= `Main-branch restrictions are unknown for ${data.repos.length - postureSeen} of ${data.repos.length} repositories (could not be read); those show "unknown", never "none".`;
  return data;
}
