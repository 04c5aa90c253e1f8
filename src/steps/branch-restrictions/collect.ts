import {
  IntegrationLogger,
  IntegrationWarnEventName,
  JobState,
} from '@jupiterone/integration-sdk-core';

import { AccessApi } from '../../bitbucket/access-resources';
import { BitbucketNotFoundError } from '../../bitbucket/errors';
import { isRefusal, refusesCredential } from '../access/refusal';
import { warnUser } from '../warn';
import { postureOf, readBranchRestrictions, RepoRef } from './read';
import { MainBranchPosture } from './posture';
import {
  BRANCH_RESTRICTIONS_DATA_KEY,
  BranchRestrictionStash,
  StashedRepo,
  stashRestriction,
} from './stash';

/**
 * Reads branch restrictions for fetch-repos (the posture must be known before the repository is
 * written) and keeps them for fetch-branch-restrictions, which writes them and answers for
 * what could not be read. Nothing here fails fetch-repos.
 */
export class BranchRestrictionCollector {
  private readonly stash: BranchRestrictionStash = {
    repos: [],
    refusedWorkspaces: [],
    notAdmin: [],
    failed: [],
  };

  constructor(
    private readonly api: AccessApi,
    private readonly logger: IntegrationLogger,
  ) {}

  /** The read restrictions, or undefined (posture left unset) when they were not read. */
  async read(ref: RepoRef): Promise<
    | {
        posture: MainBranchPosture | undefined;
        keep: (repoKey: string) => void;
      }
    | undefined
  > {
    if (this.stash.refusedWorkspaces.some((r) => r.workspace === ref.workspace))
      return undefined;
    try {
      const read = await readBranchRestrictions(this.api, ref);
      return {
        posture: postureOf(ref, read),
        keep: (key) => {
          if (read.restrictions.length === 0) return;
          const repo: StashedRepo = {
            key,
            uuid: ref.uuid,
            fullName: ref.fullName,
            restrictions: read.restrictions.map(stashRestriction),
          };
          this.stash.repos.push(repo);
        },
      };
    } catch (err) {
      this.unread(ref, err);
      return undefined;
    }
  }

  private unread(ref: RepoRef, err: unknown): void {
    const { stash } = this;
    if (refusesCredential(err)) {
      if (!stash.refusedWorkspaces.some((r) => r.workspace === ref.workspace))
        stash.refusedWorkspaces.push({
          workspace: ref.workspace,
          message: err.message,
        });
    } else if (isRefusal(err)) {
      // "The requesting user isn't an admin of the repository": that repository only.
      const entry = stash.notAdmin.find((n) => n.workspace === ref.workspace);
      if (entry) entry.repositories++;
      else
        stash.notAdmin.push({
          workspace: ref.workspace,
          repositories: 1,
          message: err.message,
        });
    } else if (err instanceof BitbucketNotFoundError) {
      warnUser(
        this.logger,
        IntegrationWarnEventName.MissingEntity,
        `Repository ${ref.fullName} (${ref.uuid}) was not found when its branch restrictions were read; it was probably deleted during the run.`,
      );
    } else {
      stash.failed.push(ref.fullName);
      this.logger.error(
        { err, repository: ref.fullName },
        `Could not read the branch restrictions of ${ref.fullName}`,
      );
    }
  }

  async save(jobState: JobState): Promise<void> {
    await jobState.setData(BRANCH_RESTRICTIONS_DATA_KEY, this.stash);
  }
}
