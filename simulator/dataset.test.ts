import { datasetSummary, generateDataset, sampleDataset } from './dataset';
import { Dataset } from './model';

const NOW = new Date('2026-11-23T12:00:00Z');
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/;

function allTimes(d: Dataset): string[] {
  const out = [...d.accounts.map((a) => a.createdOn)];
  for (const w of d.workspaces) {
    out.push(w.createdOn, w.updatedOn);
    for (const p of w.projects) out.push(p.createdOn, p.updatedOn);
    for (const r of w.repositories) {
      out.push(r.createdOn, r.updatedOn);
      for (const pr of r.pullRequests) out.push(pr.createdOn, pr.updatedOn);
    }
  }
  return out;
}

describe('dataset generator', () => {
  const small = generateDataset({ seed: 1, now: NOW, size: 'small' });
  const two = generateDataset({
    seed: 2,
    now: NOW,
    size: 'small',
    workspaces: 2,
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateDataset({ seed: 1, now: NOW, size: 'small' })).toEqual(
      small,
    );
    expect(generateDataset({ seed: 3, now: NOW, size: 'small' })).not.toEqual(
      small,
    );
  });

  it('keeps every reference valid and every id unique', () => {
    for (const d of [small, two]) {
      const ids = new Set(d.accounts.map((a) => a.accountId));
      expect(ids.size).toBe(d.accounts.length);
      const uuids = [
        ...d.accounts.map((a) => a.uuid),
        ...d.workspaces.flatMap((w) => [
          w.uuid,
          ...w.projects.map((p) => p.uuid),
          ...w.repositories.map((r) => r.uuid),
        ]),
      ];
      expect(new Set(uuids).size).toBe(uuids.length);
      for (const u of uuids)
        expect(u).toMatch(
          /^\{[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/,
        );
      for (const w of d.workspaces) {
        const members = new Set(w.memberAccountIds);
        for (const id of w.memberAccountIds) expect(ids.has(id)).toBe(true);
        for (const g of w.groups)
          for (const id of g.memberAccountIds)
            expect(members.has(id)).toBe(true);
        const keys = new Set(w.projects.map((p) => p.key));
        for (const r of w.repositories) {
          expect(keys.has(r.projectKey)).toBe(true);
          expect(new Set(r.pullRequests.map((p) => p.id)).size).toBe(
            r.pullRequests.length,
          );
          for (const pr of r.pullRequests) {
            expect(ids.has(pr.authorAccountId)).toBe(true);
            expect(pr.reviewerAccountIds).not.toContain(pr.authorAccountId);
            for (const reviewer of pr.reviewerAccountIds) {
              expect(
                pr.participants.find((p) => p.accountId === reviewer)?.role,
              ).toBe('REVIEWER');
            }
            for (const p of pr.participants) {
              expect(ids.has(p.accountId)).toBe(true);
              expect(p.approved).toBe(p.state === 'approved');
            }
            expect(pr.mergeCommit !== null).toBe(pr.state === 'MERGED');
          }
        }
      }
    }
  });

  it('writes Bitbucket timestamps, never in the future', () => {
    for (const t of allTimes(small)) {
      expect(t).toMatch(TIME);
      expect(Date.parse(t)).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('spreads updated_on with a realistic share in the last 24 h and pages a 4-day window', () => {
    const summary = datasetSummary(small, NOW);
    const share = summary.pullRequestsUpdatedWithin24h / summary.pullRequests;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.3);
    const fourDays = NOW.getTime() - 4 * 24 * 3_600_000;
    const busy = small.workspaces[0].repositories.filter(
      (r) =>
        r.pullRequests.filter((p) => Date.parse(p.updatedOn) > fourDays)
          .length > 50,
    );
    expect(busy.length).toBeGreaterThanOrEqual(2);
    expect(
      small.workspaces[0].repositories.some((r) => r.pullRequests.length === 0),
    ).toBe(true);
  });

  it('includes the awkward cases the collector must handle', () => {
    const ws = small.workspaces[0];
    const members = new Set(ws.memberAccountIds);
    const prs = ws.repositories.flatMap((r) => r.pullRequests);
    expect(new Set(prs.map((p) => p.state))).toEqual(
      new Set(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']),
    );
    expect(prs.some((p) => !members.has(p.authorAccountId))).toBe(true);
    const appUsers = new Set(
      small.accounts
        .filter((a) => a.type === 'app_user')
        .map((a) => a.accountId),
    );
    expect(
      prs.some((p) => p.participants.some((x) => appUsers.has(x.accountId))),
    ).toBe(true);
    expect(
      prs.some(
        (p) => p.state === 'MERGED' && !p.participants.some((x) => x.approved),
      ),
    ).toBe(true);
    expect(
      prs.some((p) =>
        p.participants.some((x) => x.state === 'changes_requested'),
      ),
    ).toBe(true);
    expect(small.accounts.some((a) => /[^ -~]/.test(a.displayName))).toBe(true);
    expect(ws.repositories.map((r) => r.slug)).toEqual(
      expect.arrayContaining(['api.gateway', 'infra_tools']),
    );
    expect(ws.repositories.some((r) => r.parentUuid)).toBe(true);
    expect(ws.repositories.some((r) => r.mainBranch === null)).toBe(true);
    expect(ws.groups.some((g) => g.memberAccountIds.length === 0)).toBe(true);
    expect(ws.groups.some((g) => g.owner.kind === 'user')).toBe(true);
    const grouped = new Set(ws.groups.flatMap((g) => g.memberAccountIds));
    expect(ws.memberAccountIds.some((id) => !grouped.has(id))).toBe(true);
  });

  it('shares people and group slugs across two workspaces', () => {
    const [a, b] = two.workspaces;
    expect(a.slug).not.toBe(b.slug);
    expect(
      a.memberAccountIds.some((id) => b.memberAccountIds.includes(id)),
    ).toBe(true);
    expect(b.groups.map((g) => g.slug)).toContain(a.groups[0].slug);
  });

  it('reaches thousands of repositories and tens of thousands of pull requests at large', () => {
    const summary = datasetSummary(
      generateDataset({ seed: 1, now: NOW, size: 'large' }),
      NOW,
    );
    expect(summary.repositories).toBeGreaterThanOrEqual(2000);
    expect(summary.pullRequests).toBeGreaterThanOrEqual(20000);
    expect(summary.pullRequestsUpdatedWithin24h).toBeGreaterThan(1000);
  });

  it('gives the demo a small, readable sample workspace', () => {
    const sample = sampleDataset({ now: NOW });
    const summary = datasetSummary(sample, NOW);
    expect(sample.workspaces.map((w) => w.slug)).toEqual(['acme-security']);
    expect(summary.repositories).toBe(10);
    expect(summary.members).toBe(12);
    expect(summary.pullRequestsUpdatedWithin24h).toBeGreaterThan(5);
  });
});
