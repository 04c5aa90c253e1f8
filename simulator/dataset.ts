/**
 * A seeded, deterministic generator of Bitbucket Cloud datasets for the simulator, the
 * end-to-end tests and the benchmark: members and former users, app users, groups with owners,
 * projects, repositories (forks, empty ones, awkward slugs) and pull requests in every state
 * with a realistic spread of `updated_on` around an injectable "now".
 */
import {
  Dataset,
  PullRequestState,
  SimAccount,
  SimGroup,
  SimParticipant,
  SimProject,
  SimPullRequest,
  SimRepository,
  SimWorkspace,
} from './model';
import { addAccessData, pruneAccessData } from './access-dataset';

export type DatasetSize = 'tiny' | 'small' | 'medium' | 'large' | 'xlarge';

export interface GenerateOptions {
  seed: number;
  now: Date | string;
  /** Default `small`. */
  size?: DatasetSize;
  /** Default 1. */
  workspaces?: number;
  /** Overrides the size's counts, e.g. `{ repos: 20_000, members: 10_000, prs: 200_000 }`. */
  profile?: Partial<SizeProfile>;
}

export interface SizeProfile {
  members: number;
  groups: number;
  projects: number;
  repos: number;
  prs: number;
  formerUsers: number;
}

const SIZES: Record<DatasetSize, SizeProfile> = {
  tiny: {
    members: 4,
    groups: 2,
    projects: 2,
    repos: 3,
    prs: 10,
    formerUsers: 2,
  },
  small: {
    members: 20,
    groups: 4,
    projects: 5,
    repos: 30,
    prs: 300,
    formerUsers: 5,
  },
  medium: {
    members: 100,
    groups: 10,
    projects: 20,
    repos: 300,
    prs: 3000,
    formerUsers: 20,
  },
  large: {
    members: 400,
    groups: 30,
    projects: 60,
    repos: 2500,
    prs: 25000,
    formerUsers: 60,
  },
  xlarge: {
    members: 1000,
    groups: 60,
    projects: 150,
    repos: 6000,
    prs: 60000,
    formerUsers: 150,
  },
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: small, fast, good enough for test data. */
const HEX_DIGITS = '0123456789abcdef';

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) =>
    min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)];
  const chance = (p: number) => next() < p;
  // Built in an array and joined: a string grown one character at a time stays a chain of
  // fragments in V8, several times its size, and a large dataset holds half a million hashes.
  const hex = (n: number) => {
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = HEX_DIGITS[Math.floor(next() * 16)];
    return out.join('');
  };
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) {
      out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]);
    }
    return out;
  };
  return { next, int, pick, chance, hex, sample };
}
type Rng = ReturnType<typeof prng>;

/** `2023-12-14T13:28:32.031209+00:00`: UTC with microseconds, as Bitbucket writes times. */
export function isoMicros(date: Date, micros = 0): string {
  const base = date.toISOString().slice(0, 19);
  const us = String(
    date.getUTCMilliseconds() * 1000 + (micros % 1000),
  ).padStart(6, '0');
  return `${base}.${us}+00:00`;
}

const FIRST = [
  'Ana',
  'Bo',
  'Chidi',
  'Dana',
  'Emeka',
  'Farah',
  'Goran',
  'Hana',
  'Ivan',
  'Jia',
  'Kofi',
  'Lena',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zane',
];
const LAST = [
  'Okafor',
  'Schmidt',
  'García',
  'Nakamura',
  'Novak',
  'Haddad',
  'Silva',
  'Kowalski',
  'Singh',
  'Dubois',
  'Larsen',
  'Moreau',
  'Ivanova',
  'Chen',
  'Adeyemi',
];
const AWKWARD_NAMES = [
  'Zoë Ångström',
  '李小龙',
  "O'Brien, Seán",
  '🦊 Fox Build Bot',
  'Maximiliana Bartholomew-Worthington de la Cruz y Villanueva III',
  'Ωmega Δelta',
  'Renée "Rē" Zoë',
];
const REPO_WORDS = [
  'api',
  'gateway',
  'auth',
  'billing',
  'infra',
  'tools',
  'web',
  'mobile',
  'data',
  'pipeline',
  'search',
  'ledger',
  'notify',
  'audit',
  'vault',
  'ingest',
  'graph',
  'portal',
  'sdk',
  'docs',
];
const AWKWARD_SLUGS = [
  'api.gateway',
  'infra_tools',
  'web-app.v2',
  '__legacy',
  'a',
  'x.y_z-1',
];
const LANGUAGES = [
  'typescript',
  'go',
  'python',
  'java',
  'kotlin',
  'rust',
  '',
  'c#',
  'ruby',
];
const GROUP_NAMES = [
  'Administrators',
  'Developers',
  'Security Champions',
  'Release Managers',
  'Contractors',
  'SRE on-call',
  'Équipe Données',
  'Readers',
];
const PR_TITLES = [
  'Fix null check in',
  'Add retries to',
  'Bump dependencies of',
  'Refactor',
  'Harden permissions in',
  'Remove dead code from',
  'Document',
  'Speed up',
];

function uuid(rng: Rng): string {
  const variant = '89ab'[rng.int(0, 3)];
  return `{${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}}`;
}

function accountId(rng: Rng): string {
  return rng.chance(0.15) ? `557058:${uuid(rng).slice(1, -1)}` : rng.hex(24);
}

function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function makeAccount(
  rng: Rng,
  now: number,
  index: number,
  status: SimAccount['accountStatus'],
  name?: string,
): SimAccount {
  const displayName = name ?? `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
  return {
    type: 'user',
    uuid: uuid(rng),
    accountId: accountId(rng),
    displayName,
    // Nicknames are not unique in Bitbucket; some repeat on purpose.
    nickname: rng.chance(0.1)
      ? 'dev'
      : slugify(displayName).replace(/-/g, '.') || `user${index}`,
    accountStatus: status,
    createdOn: isoMicros(
      new Date(now - rng.int(400, 3000) * DAY),
      rng.int(0, 999),
    ),
  };
}

/** When a pull request was last updated: ~8 % in the last 24 h, ~7 % in the 3 days before, the rest over two years. */
function updatedAt(rng: Rng, now: number): number {
  const r = rng.next();
  if (r < 0.08) return now - rng.int(60_000, DAY - 60_000);
  if (r < 0.15) return now - DAY - rng.int(60_000, 3 * DAY);
  return now - 4 * DAY - rng.int(0, 730) * DAY - rng.int(0, DAY);
}

export function generateDataset(options: GenerateOptions): Dataset {
  const rng = prng(options.seed);
  const now =
    typeof options.now === 'string'
      ? Date.parse(options.now)
      : options.now.getTime();
  const profile = { ...SIZES[options.size ?? 'small'], ...options.profile };
  // Access data draws from its own stream, so every other record is what it always was.
  const accessRng = prng(options.seed ^ 0x5eedacce);
  const workspaceCount = options.workspaces ?? 1;
  const accounts: SimAccount[] = [];
  const workspaces: SimWorkspace[] = [];

  // App users (access tokens, bots) appear as pull request participants, never as members.
  const appUsers: SimAccount[] = [0, 1].map((i) => ({
    type: 'app_user',
    uuid: uuid(rng),
    accountId: accountId(rng),
    displayName: i === 0 ? 'Repository access token' : 'Dependency bot',
    nickname: i === 0 ? 'access-token' : 'dependency-bot',
    accountStatus: 'active',
    createdOn: isoMicros(new Date(now - rng.int(10, 300) * DAY)),
    kind: 'access_token',
  }));
  accounts.push(...appUsers);
  const former: SimAccount[] = Array.from(
    { length: profile.formerUsers },
    (_, i) =>
      makeAccount(rng, now, 1000 + i, rng.chance(0.5) ? 'closed' : 'inactive'),
  );
  accounts.push(...former);

  let previousMembers: SimAccount[] = [];
  for (let w = 0; w < workspaceCount; w++) {
    const slug =
      w === 0 ? 'acme-security' : w === 1 ? 'acme-platform' : `acme-${w + 1}`;
    // With several workspaces, some people belong to two of them.
    const shared = previousMembers.slice(0, Math.ceil(profile.members / 5));
    const members: SimAccount[] = [...shared];
    while (members.length < profile.members) {
      const i = accounts.length;
      const status = rng.chance(0.06)
        ? rng.chance(0.5)
          ? 'inactive'
          : 'closed'
        : 'active';
      // Every third new member of the first workspace gets an awkward (unicode, long) name.
      const n = members.length - shared.length;
      const awkward = w === 0 && n % 3 === 0 ? AWKWARD_NAMES[n / 3] : undefined;
      const account = makeAccount(rng, now, i, status, awkward);
      accounts.push(account);
      members.push(account);
    }
    previousMembers = members;
    const ws = makeWorkspace(
      rng,
      now,
      slug,
      profile,
      members,
      former,
      appUsers,
      w,
    );
    addAccessData(ws, accessRng, w);
    workspaces.push(ws);
  }
  return { now: isoMicros(new Date(now)), accounts, workspaces };
}

function makeWorkspace(
  rng: Rng,
  now: number,
  slug: string,
  profile: SizeProfile,
  members: SimAccount[],
  former: SimAccount[],
  appUsers: SimAccount[],
  index: number,
): SimWorkspace {
  const created = now - rng.int(1500, 3000) * DAY;
  const memberIds = members.map((m) => m.accountId);

  const groups: SimGroup[] = [];
  for (let g = 0; g < profile.groups; g++) {
    const name =
      g < GROUP_NAMES.length
        ? GROUP_NAMES[g]
        : `Team ${g} — ${rng.pick(REPO_WORDS)}`;
    const empty = g === profile.groups - 1 && profile.groups > 1;
    // The last member is in no group at all.
    const pool = memberIds.slice(0, -1);
    groups.push({
      slug: slugify(name).replace(/\./g, '-') || `group-${g}`,
      name,
      autoAdd: g === 1,
      permission: rng.pick(['read', 'write', 'admin', null] as const),
      emailForwardingDisabled: rng.pick([true, false, null] as const),
      owner:
        g % 3 === 2 && pool.length > 0
          ? { kind: 'user', accountId: rng.pick(pool) }
          : { kind: 'team' },
      memberAccountIds: empty
        ? []
        : rng.sample(pool, rng.int(1, Math.max(1, Math.ceil(pool.length / 2)))),
    });
  }

  const projects: SimProject[] = [];
  const projectKeys = new Set<string>();
  for (let p = 0; p < profile.projects; p++) {
    let key = `${rng.pick(REPO_WORDS).toUpperCase().slice(0, 4)}${p}`;
    while (projectKeys.has(key)) key = `${key}X`;
    projectKeys.add(key);
    const pCreated = created + rng.int(1, 300) * DAY;
    projects.push({
      uuid: uuid(rng),
      key,
      name: p === 1 ? 'Sécurité & Conformité' : `${rng.pick(REPO_WORDS)} ${p}`,
      description: p % 2 === 0 ? '' : `Project ${p}`,
      isPrivate: p % 4 !== 3,
      hasPubliclyVisibleRepos: false,
      createdOn: isoMicros(new Date(pCreated), rng.int(0, 999)),
      updatedOn: isoMicros(
        new Date(Math.min(now, pCreated + rng.int(0, 600) * DAY)),
        rng.int(0, 999),
      ),
    });
  }

  const repos: SimRepository[] = [];
  const slugs = new Set<string>();
  // The last project keeps no repository.
  const homeProjects = projects.length > 1 ? projects.slice(0, -1) : projects;
  for (let r = 0; r < profile.repos; r++) {
    let slug =
      r < AWKWARD_SLUGS.length && (index === 0 || r < 2)
        ? AWKWARD_SLUGS[r]
        : `${rng.pick(REPO_WORDS)}-${rng.pick(REPO_WORDS)}${r}`;
    while (slugs.has(slug)) slug = `${slug}-x`;
    slugs.add(slug);
    const project = homeProjects[r % homeProjects.length];
    const rCreated = created + rng.int(1, 900) * DAY;
    const isPrivate = !(r % 9 === 4);
    if (!isPrivate) project.hasPubliclyVisibleRepos = true;
    const parent = r > 5 && r % 13 === 0 ? repos[rng.int(0, r - 1)] : null;
    repos.push({
      uuid: uuid(rng),
      slug,
      name: r === 3 ? 'Ünïcode repo ✓' : slug.replace(/[-_.]/g, ' '),
      description: r % 3 === 0 ? '' : `Repository ${r}`,
      isPrivate,
      forkPolicy: rng.pick([
        'allow_forks',
        'no_public_forks',
        'no_forks',
      ] as const),
      language: rng.pick(LANGUAGES),
      mainBranch: r % 17 === 16 ? null : rng.chance(0.7) ? 'main' : 'master',
      size: rng.int(0, 50_000_000),
      hasIssues: false,
      hasWiki: rng.chance(0.1),
      website: rng.chance(0.1) ? `https://${slug}.example.com` : null,
      projectKey: project.key,
      parentUuid: parent ? parent.uuid : null,
      createdOn: isoMicros(new Date(rCreated), rng.int(0, 999)),
      updatedOn: isoMicros(
        new Date(Math.min(now - HOUR, rCreated + rng.int(0, 700) * DAY)),
        rng.int(0, 999),
      ),
      pullRequests: [],
    });
  }

  distributePullRequests(rng, now, profile, repos, memberIds, former, appUsers);

  return {
    uuid: uuid(rng),
    slug,
    name:
      index === 0
        ? 'Acme Security'
        : `Acme ${slug.split('-').slice(1).join(' ')}`,
    isPrivate: true,
    isPrivacyEnforced: index % 2 === 1,
    forkingMode: index % 2 === 0 ? 'allow_forks' : 'internal_only',
    createdOn: isoMicros(new Date(created), 1),
    updatedOn: isoMicros(new Date(created + 100 * DAY), 2),
    memberAccountIds: memberIds,
    groups,
    projects,
    repositories: repos,
  };
}

function distributePullRequests(
  rng: Rng,
  now: number,
  profile: SizeProfile,
  repos: SimRepository[],
  memberIds: string[],
  former: SimAccount[],
  appUsers: SimAccount[],
) {
  const formerIds = former.map((f) => f.accountId);
  const appIds = appUsers.map((a) => a.accountId);
  // Two busy repositories with more than a page (50) of recent pull requests each, so a
  // four-day window pages; about a fifth of the others have none at all.
  const busy = profile.prs >= 300 ? [0, 1] : [];
  let remaining = profile.prs;
  const counts = repos.map(() => 0);
  for (const b of busy) {
    counts[b] = 70;
    remaining -= 70;
  }
  const eligible = repos
    .map((_, i) => i)
    .filter((i) => !busy.includes(i) && i % 5 !== 2);
  for (let n = 0; n < remaining; n++)
    counts[eligible[n % eligible.length] ?? 0]++;

  const forksOf = new Map<string, SimRepository[]>();
  for (const x of repos) {
    if (x.parentUuid)
      forksOf.set(x.parentUuid, [...(forksOf.get(x.parentUuid) ?? []), x]);
  }
  repos.forEach((repo, r) => {
    const forks = forksOf.get(repo.uuid) ?? [];
    for (let id = 1; id <= counts[r]; id++) {
      const updated =
        busy.includes(r) && id > 10
          ? now - rng.int(60_000, 4 * DAY - HOUR)
          : updatedAt(rng, now);
      repo.pullRequests.push(
        makePullRequest(
          rng,
          now,
          id,
          updated,
          repo,
          forks,
          memberIds,
          formerIds,
          appIds,
        ),
      );
    }
  });
}

function makePullRequest(
  rng: Rng,
  now: number,
  id: number,
  updated: number,
  repo: SimRepository,
  forks: SimRepository[],
  memberIds: string[],
  formerIds: string[],
  appIds: string[],
): SimPullRequest {
  const state: PullRequestState = rng.pick([
    'OPEN',
    'OPEN',
    'MERGED',
    'MERGED',
    'MERGED',
    'DECLINED',
    'SUPERSEDED',
  ]);
  const created = updated - rng.int(5, 60 * 24 * 20) * 60_000;
  const person = () =>
    rng.chance(0.1) && formerIds.length > 0
      ? rng.pick(formerIds)
      : rng.pick(memberIds);
  const author = person();
  const reviewerIds = [
    ...new Set(Array.from({ length: rng.int(0, 4) }, person)),
  ].filter((a) => a !== author);
  const between = () =>
    isoMicros(new Date(rng.int(created, updated)), rng.int(0, 999));
  // Some merged pull requests carry no approval at all (what a security team looks for).
  const unapprovedMerge = state === 'MERGED' && rng.chance(0.2);
  const participants: SimParticipant[] = reviewerIds.map((accountId) => {
    const r = rng.next();
    const approved = !unapprovedMerge && r < 0.55;
    const changes = !approved && r < 0.7;
    return {
      accountId,
      role: 'REVIEWER',
      approved,
      state: approved ? 'approved' : changes ? 'changes_requested' : null,
      participatedOn: approved || changes || rng.chance(0.3) ? between() : null,
    };
  });
  // Non-reviewers who commented, or approved without being asked; now and then a bot.
  for (let k = rng.int(0, 2); k > 0; k--) {
    const accountId = rng.chance(0.15) ? rng.pick(appIds) : person();
    if (
      accountId === author ||
      participants.some((p) => p.accountId === accountId)
    )
      continue;
    const approved = !unapprovedMerge && rng.chance(0.3);
    participants.push({
      accountId,
      role: 'PARTICIPANT',
      approved,
      state: approved ? 'approved' : null,
      participatedOn: between(),
    });
  }
  const fork = forks.length > 0 && rng.chance(0.3) ? rng.pick(forks) : null;
  const closed =
    state === 'MERGED' || state === 'DECLINED' || state === 'SUPERSEDED';
  return {
    id,
    title: `${rng.pick(PR_TITLES)} ${repo.slug}${id % 11 === 0 ? ' — naïve «quotes» & <tags>' : ''}`,
    description: id % 4 === 0 ? '' : `Pull request ${id} of ${repo.slug}.`,
    state,
    draft: state === 'OPEN' && rng.chance(0.15),
    authorAccountId: author,
    sourceRepositoryUuid: fork ? fork.uuid : repo.uuid,
    sourceBranch: `feature/${id}-${rng.pick(['fix', 'feat', 'chore'])}`,
    sourceCommit: rng.hex(40),
    destinationBranch: repo.mainBranch ?? 'main',
    destinationCommit: rng.hex(40),
    mergeCommit: state === 'MERGED' ? rng.hex(40) : null,
    closedByAccountId: closed && state !== 'SUPERSEDED' ? person() : null,
    reason: state === 'DECLINED' ? 'Superseded by another approach' : '',
    closeSourceBranch: rng.chance(0.6),
    commentCount: rng.int(0, 25),
    taskCount: rng.int(0, 4),
    createdOn: isoMicros(new Date(created), rng.int(0, 999)),
    updatedOn: isoMicros(new Date(Math.min(updated, now)), rng.int(0, 999)),
    reviewerAccountIds: reviewerIds,
    participants,
  };
}

/**
 * The sample workspace `npm run demo` collects: a `small` workspace cut down to a dozen
 * members and ten repositories (two of them busy), so the graph stays readable.
 */
export function sampleDataset(options: { now: Date | string }): Dataset {
  const dataset = generateDataset({
    seed: 20261123,
    now: options.now,
    size: 'small',
  });
  const ws = dataset.workspaces[0];
  const keep = new Set(ws.repositories.slice(0, 10).map((r) => r.uuid));
  ws.repositories = ws.repositories
    .filter((r) => keep.has(r.uuid))
    .map((r) => ({
      ...r,
      parentUuid: r.parentUuid && keep.has(r.parentUuid) ? r.parentUuid : null,
    }));
  for (const r of ws.repositories) {
    for (const pr of r.pullRequests) {
      if (!keep.has(pr.sourceRepositoryUuid)) pr.sourceRepositoryUuid = r.uuid;
    }
  }
  const keptProjects = new Set(ws.repositories.map((r) => r.projectKey));
  ws.projects = ws.projects.filter(
    (p, i) => keptProjects.has(p.key) || i === ws.projects.length - 1,
  );
  ws.memberAccountIds = ws.memberAccountIds.slice(0, 12);
  const members = new Set(ws.memberAccountIds);
  ws.groups = ws.groups.map((g) => ({
    ...g,
    memberAccountIds: g.memberAccountIds.filter((id) => members.has(id)),
    owner:
      g.owner.kind === 'user' && !members.has(g.owner.accountId)
        ? { kind: 'team' }
        : g.owner,
  }));
  pruneAccessData(ws);
  return dataset;
}

export interface DatasetSummary {
  workspaces: number;
  accounts: number;
  members: number;
  formerAccounts: number;
  groups: number;
  projects: number;
  repositories: number;
  pullRequests: number;
  pullRequestsUpdatedWithin24h: number;
}

export function datasetSummary(
  d: Dataset,
  now: Date = new Date(Date.parse(d.now)),
): DatasetSummary {
  const members = new Set(d.workspaces.flatMap((w) => w.memberAccountIds));
  const repos = d.workspaces.flatMap((w) => w.repositories);
  const prs = repos.flatMap((r) => r.pullRequests);
  return {
    workspaces: d.workspaces.length,
    accounts: d.accounts.length,
    members: members.size,
    formerAccounts: d.accounts.filter((a) => !members.has(a.accountId)).length,
    groups: d.workspaces.reduce((n, w) => n + w.groups.length, 0),
    projects: d.workspaces.reduce((n, w) => n + w.projects.length, 0),
    repositories: repos.length,
    pullRequests: prs.length,
    pullRequestsUpdatedWithin24h: prs.filter(
      (p) => Date.parse(p.updatedOn) > now.getTime() - DAY,
    ).length,
  };
}
