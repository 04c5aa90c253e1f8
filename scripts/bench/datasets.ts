/**
 * The benchmark's sizes. The simulator's own profiles stop at `xlarge` (6,000 repositories,
 * 1,000 members); the sizes the scale issue is about (5,000 and 20,000 repositories with
 * 3,000 and 10,000 members) are built here from its `large` profile: several generated
 * workspaces, each kept intact (so every reference inside a workspace stays valid, whatever
 * the generator adds later), plus members who belong to a workspace and nothing else until
 * the distinct member count is reached. The `large` profile puts about 8 % of its pull requests
 * in the last 24 h; the workspace the scale issue is about has about 10 % there (20,000 of
 * 200,000), so these sizes move enough of their oldest pull requests into the window.
 */
import {
  DatasetSize,
  datasetSummary,
  generateDataset,
  isoMicros,
} from '../../simulator/dataset';
import { Dataset, SimAccount, SimPullRequest } from '../../simulator/model';
import { UsageError } from './options';

export interface BenchSize {
  name: string;
  /** The simulator profile each workspace is generated from. */
  profile: DatasetSize;
  workspaces: number;
  /** Distinct members across the workspaces, padded up to this many. */
  members?: number;
  /** Share of the pull requests updated in the last 24 h, raised up to this (absent: as generated). */
  windowShare?: number;
  /** Only with `--huge`: the run takes minutes. */
  optIn?: boolean;
}

export const BENCH_SIZES: BenchSize[] = [
  { name: 'small', profile: 'small', workspaces: 1 },
  { name: 'medium', profile: 'medium', workspaces: 1 },
  { name: 'large', profile: 'large', workspaces: 1 },
  {
    name: '5k',
    profile: 'large',
    workspaces: 2,
    members: 3_000,
    windowShare: 0.1,
  },
  {
    name: '20k',
    profile: 'large',
    workspaces: 8,
    members: 10_000,
    windowShare: 0.1,
    optIn: true,
  },
];

export function benchSize(name: string): BenchSize {
  const size = BENCH_SIZES.find((s) => s.name === name);
  if (!size) {
    throw new UsageError(
      `Unknown size ${name}; one of ${BENCH_SIZES.map((s) => s.name).join(', ')}`,
    );
  }
  return size;
}

/** Deterministic hex from a counter, so padded accounts are the same on every run. */
function hexOf(n: number, length: number): string {
  let s = '';
  let x = (n * 2654435761) >>> 0;
  while (s.length < length) {
    x = (Math.imul(x ^ (x >>> 13), 0x5bd1e995) + n) >>> 0;
    s += x.toString(16).padStart(8, '0');
  }
  return s.slice(0, length);
}

function paddingAccount(template: SimAccount, n: number): SimAccount {
  const h = hexOf(n + 1, 32);
  return {
    ...template,
    type: 'user',
    uuid: `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`,
    accountId: `bench${hexOf(n + 7, 19)}`,
    displayName: `Bench Member ${n}`,
    nickname: `bench-member-${n}`,
    accountStatus: 'active',
  };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Older than the generator's recent buckets (24 h and the 3 days before): its two-year tail. */
const OLD = 4 * DAY;

/** The same instant moved by `deltaMs`, in Bitbucket's format, its microseconds kept. */
function shifted(iso: string, deltaMs: number): string {
  return isoMicros(
    new Date(Date.parse(iso) + deltaMs),
    Number(iso.slice(23, 26)),
  );
}

/**
 * Moves pull requests from the two-year tail into the last 24 h until `share` of them are
 * there: every one of its times (created, updated, participations) by the same amount, so each
 * stays a consistent pull request. Evenly spread over repositories and deterministic. Updated
 * at most 20 h before `now`, so a run that starts hours after the dataset was built still sees
 * them in its window. Returns how many are in the window afterwards.
 */
export function raiseWindowShare(
  dataset: Dataset,
  now: number,
  share: number,
): number {
  const prs: SimPullRequest[] = dataset.workspaces.flatMap((w) =>
    w.repositories.flatMap((r) => r.pullRequests),
  );
  const age = (pr: SimPullRequest) => now - Date.parse(pr.updatedOn);
  let inWindow = prs.filter((pr) => age(pr) < DAY).length;
  const old = prs.filter((pr) => age(pr) > OLD);
  const needed = Math.round(share * prs.length) - inWindow;
  if (needed <= 0 || old.length === 0) return inWindow;
  const step = old.length / needed;
  for (let i = 0; i < needed && Math.floor(i * step) < old.length; i++) {
    const pr = old[Math.floor(i * step)];
    const updated = now - 60_000 - ((i * 7_919_000) % (20 * HOUR));
    const delta = updated - Date.parse(pr.updatedOn);
    pr.createdOn = shifted(pr.createdOn, delta);
    pr.updatedOn = shifted(pr.updatedOn, delta);
    for (const p of pr.participants)
      if (p.participatedOn) p.participatedOn = shifted(p.participatedOn, delta);
    inWindow++;
  }
  return inWindow;
}

export function buildDataset(size: BenchSize, now: Date): Dataset {
  const dataset = generateDataset({
    seed: 2026,
    now,
    size: size.profile,
    workspaces: size.workspaces,
  });
  const target = size.members ?? 0;
  let distinct = datasetSummary(dataset, now).members;
  const template = dataset.accounts.find((a) => a.type === 'user');
  let n = 0;
  while (template && distinct < target) {
    const account = paddingAccount(template, n);
    dataset.accounts.push(account);
    dataset.workspaces[n % dataset.workspaces.length].memberAccountIds.push(
      account.accountId,
    );
    distinct++;
    n++;
  }
  if (size.windowShare)
    raiseWindowShare(dataset, now.getTime(), size.windowShare);
  return dataset;
}
