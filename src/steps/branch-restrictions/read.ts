import {
  AccessApi,
  getBranchingModel,
  iterateBranchRestrictions,
} from '../../bitbucket/access-resources';
import {
  BitbucketBranchingModel,
  BitbucketBranchRestriction,
} from '../../bitbucket/types';
import {
  MainBranchPosture,
  mainBranchPosture,
  needsBranchingModel,
} from './posture';

export interface RepoRef {
  workspace: string;
  uuid: string;
  fullName: string;
  mainBranch?: string;
}

/**
 * A repository's branch restrictions, and its branching model only when a restriction is
 * defined on it and it has a main branch (otherwise the model changes nothing and costs a call
 * per repository).
 */
export async function readBranchRestrictions(
  api: AccessApi,
  repo: RepoRef,
): Promise<{
  restrictions: BitbucketBranchRestriction[];
  model?: BitbucketBranchingModel;
}> {
  const restrictions: BitbucketBranchRestriction[] = [];
  await iterateBranchRestrictions(api, repo.workspace, repo.uuid, (r) => {
    // Offset pagination can show an item twice while the list changes.
    if (!restrictions.some((seen) => seen.id === r.id)) restrictions.push(r);
  });
  // An empty repository has no main branch, so no posture the model could change.
  const model =
    repo.mainBranch && needsBranchingModel(restrictions)
      ? await getBranchingModel(api, repo.workspace, repo.uuid)
      : undefined;
  return { restrictions, model };
}

/** The posture of the main branch; an empty repository has no main branch and no posture. */
export function postureOf(
  repo: RepoRef,
  read: {
    restrictions: BitbucketBranchRestriction[];
    model?: BitbucketBranchingModel;
  },
): MainBranchPosture | undefined {
  return repo.mainBranch
    ? mainBranchPosture(read.restrictions, repo.mainBranch, read.model)
    : undefined;
}
