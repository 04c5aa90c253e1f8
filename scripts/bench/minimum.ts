/**
 * The fewest API calls the data requires: every listing read at the largest `pagelen`, at
 * least one page per listing, plus the fixed calls (one token grant per OAuth consumer and
 * `validateInvocation`'s read of each workspace with each consumer).
 */
import { Dataset } from '../../simulator/model';

const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

export interface Minimum {
  pages: number;
  fixed: number;
  prsInWindow: number;
  /** Pages the access data needs at least (counted only when its steps ran). */
  permissionPages: number;
}

export function minimumCalls(
  dataset: Dataset,
  windowStart: number,
  consumers: number,
  permissionsRan: boolean,
): Minimum {
  let total = 0;
  let prsInWindow = 0;
  let permissionPages = 0;
  for (const ws of dataset.workspaces) {
    total += 1; // the workspace
    total += pages(ws.memberAccountIds.length, 100); // members (or permissions: same pages)
    total += 1; // /1.0/groups answers every group at once
    total += pages(ws.projects.length, 100);
    total += pages(ws.repositories.length, 100);
    for (const r of ws.repositories) {
      const n = r.pullRequests.filter(
        (pr) => Date.parse(pr.updatedOn) > windowStart,
      ).length;
      prsInWindow += n;
      total += pages(n, 50);
    }
    // One page per project for user and group grants, and per repository for user grants,
    // group grants and branch restrictions: a lower bound until the dataset's grants are
    // counted page by page.
    permissionPages += 2 * ws.projects.length + 3 * ws.repositories.length;
  }
  if (permissionsRan) total += permissionPages;
  return {
    pages: total,
    fixed: consumers + consumers * dataset.workspaces.length,
    prsInWindow,
    permissionPages,
  };
}
