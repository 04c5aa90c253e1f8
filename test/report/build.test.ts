/** The page's data, built from graph files: exact against the generator's own model. */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

import { buildReportData } from '../../scripts/report/build';
import { writeAccessFixture } from '../../scripts/report/fixture/access-fixture';
import { accessOf } from '../../scripts/report/fixture/effective-access';
import { GraphWriter } from '../../scripts/report/fixture/graph-writer';
import { planWorld } from '../../scripts/report/fixture/world';
import { PERMISSION_LEVELS } from '../../scripts/report/model';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'report-build-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('carries every effective-access edge with its permission, direct grant and via, by name', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const storage = path.join(dir, 'access');
  const facts = writeAccessFixture(storage, {
    repositories: 50,
    users: 40,
    now,
  });
  const data = buildReportData(storage, now);
  expect(data.accessCount).toBe(facts.accessEdges);

  const world = planWorld(50, 40, now);
  const expected: string[] = [];
  world.repos.forEach((repo, ri) => {
    for (const [u, a] of accessOf(world, ri))
      expected.push(
        `${repo.entity.fullName as string}|${world.users[u].displayName as string}|${a.permission}|${a.direct ?? 'none'}|${a.via.join(',')}`,
      );
  });
  const actual: string[] = [];
  data.access.forEach((list, r) => {
    for (let j = 0; j < list.length; j += 3)
      actual.push(
        `${data.repos[r].n}|${data.users[list[j]].n}|${PERMISSION_LEVELS[list[j + 1] & 3]}|${PERMISSION_LEVELS[list[j + 1] >> 2]}|${data.vias[list[j + 2]]}`,
      );
  });
  expect(actual.sort()).toEqual(expected.sort());

  // Owners, exempt users and grants point at the right people after name ordering.
  expect(data.owners.map((o) => data.users[o[1]].n).sort()).toEqual(
    world.owners.map((o) => world.users[o].displayName as string).sort(),
  );
  expect(data.owners.every((o) => o[2] === 'role+manages')).toBe(true);
  const names = data.repos.map((r) => r.n);
  expect(names).toEqual([...names].sort());
});

it('computes approval posture from APPROVED and OPENED edges when the pull request lacks it', () => {
  const storage = path.join(dir, 'edges');
  const out = new GraphWriter(storage);
  const user = (i: number) => ({
    _key: `bitbucket_user:{user-${i}-000}`,
    _type: 'bitbucket_user',
    _class: ['User'],
    accountId: `acc-${i}`,
    displayName: `Person ${i}`,
  });
  const pr = (id: string, state: string) => ({
    _key: `bitbucket_pullrequest:{repo-0000}:${id}`,
    _type: 'bitbucket_pullrequest',
    _class: ['Review', 'PR'],
    id,
    title: `PR ${id}`,
    state,
    repository: 'ws/repo',
  });
  const edge = (cls: string, from: string, to: string) => ({
    _key: `${from}|${cls}|${to}`,
    _type: `bitbucket_user_${cls.toLowerCase()}_pullrequest`,
    _class: cls,
    _fromEntityKey: from,
    _toEntityKey: to,
  });
  [user(1), user(2)].forEach((u) => out.entity('fetch-users', u));
  const self = pr('1', 'MERGED');
  const reviewed = pr('2', 'MERGED');
  const open = pr('3', 'OPEN');
  [self, reviewed, open].forEach((p) => out.entity('fetch-pull-requests', p));
  for (const p of [self, reviewed, open])
    out.relationship(
      'fetch-pull-requests',
      edge('OPENED', user(1)._key, p._key),
    );
  out.relationship('review', edge('APPROVED', user(1)._key, self._key));
  out.relationship('review', edge('APPROVED', user(2)._key, reviewed._key));
  out.relationship('review', {
    _key: `${open._key}|approved|former`,
    _type: 'bitbucket_user_approved_pullrequest',
    _class: 'APPROVED',
    _mapping: {
      relationshipDirection: 'REVERSE',
      sourceEntityKey: open._key,
      targetFilterKeys: [['_type', 'accountId']],
      targetEntity: {
        _type: 'bitbucket_user',
        accountId: 'gone',
        displayName: 'Former',
      },
    },
  });
  out.finish([], { failed: [], disabled: [], windowed: [] });

  const { pullRequests } = buildReportData(storage);
  expect(pullRequests.total).toBe(3);
  expect(pullRequests.merged).toBe(2);
  const byId = Object.fromEntries(pullRequests.flagged.map((p) => [p.id, p]));
  expect(Object.keys(byId).sort()).toEqual(['1', '3']);
  expect(byId['1']).toMatchObject({
    unapproved: true,
    selfApproved: true,
    nonMembers: [],
  });
  expect(byId['3']).toMatchObject({
    unapproved: false,
    nonMembers: ['Former'],
  });
});
