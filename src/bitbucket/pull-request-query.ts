/** The pull request window, written in BBQL. */

export type PullRequestState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';
export const ALL_PULL_REQUEST_STATES: PullRequestState[] = [
  'OPEN',
  'MERGED',
  'DECLINED',
  'SUPERSEDED',
];

export interface PullRequestQuery {
  /** Only pull requests whose `updated_on` is after this instant. */
  updatedAfter: Date;
  /** Defaults to all four states. */
  states?: PullRequestState[];
  /** Ask the list for `participants` and `reviewers` (`fields=%2Bvalues.participants,%2Bvalues.reviewers`). */
  withParticipants: boolean;
}

/** BBQL for the window: `updated_on > <UTC datetime> AND (state = "OPEN" OR …)`. */
export function pullRequestQuery(query: PullRequestQuery): string {
  const states = query.states ?? ALL_PULL_REQUEST_STATES;
  const since = query.updatedAfter.toISOString().replace('Z', '+00:00');
  return `updated_on > ${since} AND (${states.map((s) => `state = "${s}"`).join(' OR ')})`;
}
