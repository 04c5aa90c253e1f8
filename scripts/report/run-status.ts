/**
 * What the run's summary says about each step and each section of the page. The SDK records a
 * step's status and its partial types but not why a step failed (that is in the run's log), so
 * the page says what the files show and where the reason is.
 */
import type { CollectionSummary, StepResult } from './graph-files';
import type { RunStep, SectionId, SectionStatus } from './model';

const STATUS_WORDS: Record<string, string> = {
  success: 'complete',
  failure:
    'failed: its types are kept as partial, so a sync deletes nothing; the reason is in the run log',
  partial_success_due_to_dependency_failure:
    'ran after a step it depends on failed: its data may be incomplete',
  disabled: 'turned off in the configuration: nothing collected',
  cached: 'taken from a cached earlier run',
  pending_evaluation: 'did not run',
};

export function stepNote(step: StepResult): string {
  const words = STATUS_WORDS[step.status] ?? step.status;
  const partial = [...new Set(step.partialTypes ?? [])];
  if (step.status === 'success' && partial.length > 0)
    return `complete for the collection window; ${partial.join(', ')} declared partial by design (a sync never deletes what the window did not see)`;
  return words;
}

export function runSteps(summary: CollectionSummary | undefined): RunStep[] {
  return (summary?.integrationStepResults ?? []).map((s) => ({
    id: s.id,
    name: s.name ?? s.id,
    status: s.status,
    partialTypes: [...new Set(s.partialTypes ?? [])],
    note: stepNote(s),
  }));
}

/** The `_type`s whose presence (declared or collected) makes each section's data. */
export const SECTION_TYPES: Record<SectionId, string[]> = {
  roles: ['bitbucket_user_manages_workspace'],
  projectGrants: [
    'bitbucket_project_allows_user',
    'bitbucket_project_allows_group',
  ],
  repoGroupGrants: ['bitbucket_repo_allows_group'],
  access: ['bitbucket_repo_allows_user'],
  restrictions: [
    'bitbucket_branch_restriction',
    'bitbucket_repo_has_branch_restriction',
  ],
  posture: ['bitbucket_branch_restriction'],
  pullRequests: ['bitbucket_pullrequest'],
};

const NOT_COLLECTED: Record<SectionId, string> = {
  roles:
    'Workspace roles were not collected in this run (permissions off, or a credential that cannot read workspace permissions, such as an access token).',
  projectGrants:
    'Project permissions were not collected in this run (permissions off, or no credential with Projects: Admin).',
  repoGroupGrants:
    'Repository group permissions were not collected in this run (permissions off, or no credential with Repositories: Admin).',
  access:
    'Effective repository access was not collected in this run (permissions off, or no credential that can read repository permissions; access tokens cannot).',
  restrictions:
    'Branch restrictions were not collected in this run (permissions off, or no credential with Repositories: Admin).',
  posture:
    'Main-branch restrictions were not collected in this run, so whether a main branch is protected is unknown; only public and fork settings are shown.',
  pullRequests:
    'Pull requests were not collected in this run (INGEST_PULL_REQUESTS off).',
};

/**
 * `collected` when a step declared the section's types and succeeded (or, without a summary, when
 * the data is there); `partial` when a declaring step did not succeed; otherwise `not-collected`.
 * The SDK's declared types are static, so a step that ran with the data turned off still declares
 * them: where collected data can never be empty, no data means not collected.
 */
export function sectionStatus(
  section: SectionId,
  summary: CollectionSummary | undefined,
  present: boolean,
  /** False where collected data is never empty (a workspace always has an owner). */
  canBeEmpty = true,
): SectionStatus {
  const types = SECTION_TYPES[section];
  const declaring = (summary?.integrationStepResults ?? []).filter((s) =>
    (s.declaredTypes ?? []).some((t) => types.includes(t)),
  );
  const ran = declaring.filter((s) => s.status !== 'disabled');
  if (ran.length === 0) {
    if (present) return { state: 'collected', note: '' };
    const disabled = declaring.length > 0 ? ' (its step was turned off)' : '';
    return { state: 'not-collected', note: NOT_COLLECTED[section] + disabled };
  }
  const unfinished = ran.filter((s) => s.status !== 'success');
  if (unfinished.length > 0) {
    const names = unfinished
      .map((s) => `"${s.name ?? s.id}" ${STATUS_WORDS[s.status] ?? s.status}`)
      .join('; ');
    return {
      state: 'partial',
      note: `Partial: step ${names}. What is shown is what it collected before it stopped.`,
    };
  }
  if (!present && !canBeEmpty)
    return {
      state: 'not-collected',
      note: `${NOT_COLLECTED[section]} (its step ran but wrote none of this data)`,
    };
  return { state: 'collected', note: '' };
}
