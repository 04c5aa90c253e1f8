/**
 * What a person reads when the run ends: objects per type, relationships per class, API calls
 * per endpoint with 429s and retries, each step that did not succeed with its reason, where
 * the output is, and the exit code that says the same to a cron job or CI wrapper.
 */
import path from 'path';

import { StepResultStatus } from '@jupiterone/integration-sdk-core';

import { ClientStats } from '../../src/bitbucket/client';
import { CollectionOutcome } from './collect';
import { oneLine, StepFailure } from './console-logger';
import { countGraph } from './graph-files';

/** Every enabled step succeeded. */
export const EXIT_OK = 0;
/** A step failed or ran on a failed step's data: what was collected is kept, marked partial. */
export const EXIT_STEP_FAILED = 1;
/** The configuration (or a credential in it) is wrong: nothing was collected. */
export const EXIT_CONFIG = 2;

const SETTLED = new Set<string>([
  StepResultStatus.SUCCESS,
  StepResultStatus.DISABLED,
  StepResultStatus.CACHED,
]);

export function exitCodeOf(outcome: CollectionOutcome): number {
  if (outcome.configError) return EXIT_CONFIG;
  if (!outcome.results) return EXIT_STEP_FAILED;
  return outcome.results.integrationStepResults.every((step) =>
    SETTLED.has(step.status),
  )
    ? EXIT_OK
    : EXIT_STEP_FAILED;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function table(rows: Array<[string, ...Array<string | number>]>): string[] {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(
    ([label, ...values]) =>
      `  ${label.padEnd(width)}  ${values.map((v) => String(v).padStart(6)).join(' ')}`,
  );
}

function apiLines(stats: ClientStats): string[] {
  const endpoints = Object.entries(stats.byEndpoint).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const lines = [
    `Bitbucket API: ${stats.totalCalls} call(s), ${stats.rateLimited} answered 429, ${stats.retries} retried, ${seconds(stats.waitedMs)} waited for rate limits, ${stats.tokenRequests} token request(s)`,
  ];
  if (endpoints.length === 0) return lines;
  lines.push(
    ...table([
      ['endpoint', 'calls', '429s', 'retry'],
      ...endpoints.map(([endpoint, e]): [string, number, number, number] => [
        endpoint,
        e.calls,
        e.rateLimited,
        e.retries,
      ]),
    ]),
  );
  return lines;
}

function stepLines(
  outcome: CollectionOutcome,
  failures: readonly StepFailure[],
): string[] {
  const results = outcome.results?.integrationStepResults ?? [];
  const failed = results.filter((step) => !SETTLED.has(step.status));
  const failedIds = new Set(
    results
      .filter((s) => s.status === StepResultStatus.FAILURE)
      .map((s) => s.id),
  );
  return failed.map((step) => {
    if (step.status === StepResultStatus.FAILURE) {
      const reason =
        failures.find((f) => f.stepId === step.id)?.reason ??
        'failed (see the error above)';
      return `  FAILED   ${step.id}: ${reason}`;
    }
    const upstream = (step.dependsOn ?? []).filter((id) => failedIds.has(id));
    return `  PARTIAL  ${step.id}: ran on incomplete data, because ${upstream.join(', ') || 'a step it depends on'} failed`;
  });
}

export interface SummaryInput {
  outcome: CollectionOutcome;
  storage: string;
  failures: readonly StepFailure[];
  /** Pages written after collection, by name (graph view, access review). */
  pages: Array<[string, string]>;
}

export function summaryLines(input: SummaryInput): string[] {
  const { outcome, storage } = input;
  const relative = (file: string) => path.relative(process.cwd(), file) || '.';
  if (outcome.configError) {
    return [`Configuration error: ${oneLine(outcome.configError.message)}`];
  }
  if (outcome.crash) {
    return [
      `The run stopped: ${oneLine(outcome.crash.message)}`,
      ...(outcome.stats ? apiLines(outcome.stats) : []),
    ];
  }
  const counts = countGraph(storage);
  const lines = [
    '',
    `Collected ${counts.entities} object(s) and ${counts.relationships} relationship(s) in ${seconds(outcome.durationMs)}.`,
    ...table([...counts.entitiesByType].sort().map(([type, n]) => [type, n])),
    `Relationships by class: ${
      [...counts.relationshipsByClass]
        .sort()
        .map(([cls, n]) => `${cls} ${n}`)
        .join(', ') || 'none'
    }`,
    ...(outcome.stats ? apiLines(outcome.stats) : []),
  ];
  const steps = stepLines(outcome, input.failures);
  const total = outcome.results?.integrationStepResults.filter(
    (s) => s.status !== StepResultStatus.DISABLED,
  ).length;
  lines.push(
    steps.length === 0
      ? `All ${total} enabled step(s) succeeded.`
      : `${steps.length} of ${total} enabled step(s) did not succeed (their types are kept as partial, so a sync deletes nothing):`,
    ...steps,
    `Output: ${relative(storage)}/ (graph/, summary.json)`,
    ...input.pages.map(([name, file]) => `  ${name}: ${relative(file)}`),
  );
  return lines;
}
