import { datasetSummary, generateDataset } from '../../simulator/dataset';
import { benchSize, buildDataset, raiseWindowShare } from './datasets';

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 24 * 3_600_000;

describe('the pull requests in the window of the benchmark sizes', () => {
  test('5k has about 10 % of its 50,000 in the last 24 h, as the issue’s workspace has', () => {
    const summary = datasetSummary(buildDataset(benchSize('5k'), NOW), NOW);
    expect(summary.pullRequests).toBe(50_000);
    expect(summary.pullRequestsUpdatedWithin24h).toBeGreaterThan(4_750);
    expect(summary.pullRequestsUpdatedWithin24h).toBeLessThan(5_250);
  }, 60_000);

  test('20k is built the same way from 8 workspaces: about 20,000 of 200,000', () => {
    // Building it takes longer than a unit test should; 5k above checks the build itself.
    const size = benchSize('20k');
    const fiveK = benchSize('5k');
    expect(size.profile).toBe(fiveK.profile);
    expect(size.workspaces).toBe(4 * fiveK.workspaces);
    expect(size.windowShare).toBe(fiveK.windowShare);
    expect(200_000 * (size.windowShare ?? 0)).toBe(20_000);
  });

  test('moved pull requests stay consistent, and the other sizes are as generated', () => {
    const dataset = generateDataset({ seed: 7, now: NOW, size: 'small' });
    const before = datasetSummary(dataset, NOW);
    expect(raiseWindowShare(dataset, NOW.getTime(), 0.3)).toBe(90);
    const after = datasetSummary(dataset, NOW);
    expect(after.pullRequests).toBe(before.pullRequests);
    expect(after.pullRequestsUpdatedWithin24h).toBe(90);
    for (const pr of dataset.workspaces[0].repositories.flatMap(
      (r) => r.pullRequests,
    )) {
      const created = Date.parse(pr.createdOn);
      const updated = Date.parse(pr.updatedOn);
      expect(created).toBeLessThanOrEqual(updated);
      expect(updated).toBeLessThanOrEqual(NOW.getTime());
      expect(pr.updatedOn).toMatch(/^\S+T\S+\.\d{6}\+00:00$/);
      for (const p of pr.participants)
        if (p.participatedOn) {
          expect(Date.parse(p.participatedOn)).toBeGreaterThanOrEqual(created);
          expect(Date.parse(p.participatedOn)).toBeLessThanOrEqual(updated);
        }
    }
    const recent = dataset.workspaces[0].repositories
      .flatMap((r) => r.pullRequests)
      .filter((pr) => NOW.getTime() - Date.parse(pr.updatedOn) < DAY);
    expect(recent.length).toBe(90);
    for (const name of ['small', 'medium', 'large'])
      expect(benchSize(name).windowShare).toBeUndefined();
  });
});
