/**
 * The benchmark's sizes. The simulator's own profiles stop at `xlarge` (6,000 repositories,
 * 1,000 members); the sizes the scale issue is about (5,000 and 20,000 repositories with
 * 3,000 and 10,000 members) are built here from its `large` profile: several generated
 * workspaces, each kept intact (so every reference inside a workspace stays valid, whatever
 * the generator adds later), plus members who belong to a workspace and nothing else until
 * the distinct member count is reached.
 */
import {
  DatasetSize,
  datasetSummary,
  generateDataset,
} from '../../simulator/dataset';
import { Dataset, SimAccount } from '../../simulator/model';

export interface BenchSize {
  name: string;
  /** The simulator profile each workspace is generated from. */
  profile: DatasetSize;
  workspaces: number;
  /** Distinct members across the workspaces, padded up to this many. */
  members?: number;
  /** Only with `--huge`: the run takes minutes. */
  optIn?: boolean;
}

export const BENCH_SIZES: BenchSize[] = [
  { name: 'small', profile: 'small', workspaces: 1 },
  { name: 'medium', profile: 'medium', workspaces: 1 },
  { name: 'large', profile: 'large', workspaces: 1 },
  { name: '5k', profile: 'large', workspaces: 2, members: 3_000 },
  {
    name: '20k',
    profile: 'large',
    workspaces: 8,
    members: 10_000,
    optIn: true,
  },
];

export function benchSize(name: string): BenchSize {
  const size = BENCH_SIZES.find((s) => s.name === name);
  if (!size) {
    throw new Error(
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
  return dataset;
}
