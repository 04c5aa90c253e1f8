/**
 * Per-item failures of a step, logged once per reason: when a rate limit or an outage fails a
 * thousand repositories the same way, the user reads one line with a count and a few examples,
 * not a thousand copies of the same advice. What each item hit stays available at debug level.
 */
import {
  IntegrationLogger,
  IntegrationProviderAPIError,
} from '@jupiterone/integration-sdk-core';

export const FAILURE_EXAMPLES = 5;

/**
 * What went wrong, without what it went wrong on: the API error's message starts with the
 * endpoint (one per repository), which would keep identical failures apart.
 */
export function reasonOf(err: unknown): string {
  if (err instanceof IntegrationProviderAPIError) {
    return `${err.status} ${err.statusText}`;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

export interface FailureLogOptions {
  logger: IntegrationLogger;
  /** Completes "Could not read …", e.g. `the pull requests of`. */
  what: string;
  /** The item in the singular and plural, e.g. `['repository', 'repositories']`. */
  unit: [string, string];
}

export class Failures {
  private readonly byReason = new Map<string, string[]>();
  private readonly all: string[] = [];

  constructor(private readonly options: FailureLogOptions) {}

  /** Records one item's failure; only debug logging sees it now. */
  add(item: string, err: unknown): void {
    const reason = reasonOf(err);
    this.all.push(item);
    const items = this.byReason.get(reason);
    if (items) items.push(item);
    else this.byReason.set(reason, [item]);
    this.options.logger.debug(
      {
        item,
        reason,
        endpoint:
          err instanceof IntegrationProviderAPIError ? err.endpoint : undefined,
        // An error that is not the API's is likely ours: keep its stack for whoever debugs it.
        err: err instanceof IntegrationProviderAPIError ? undefined : err,
      },
      `Could not read ${this.options.what} ${item}: ${reason}`,
    );
  }

  /** Every failed item, in the order they failed. */
  get items(): readonly string[] {
    return this.all;
  }

  get size(): number {
    return this.all.length;
  }

  /** One entry per distinct reason, the most frequent first. */
  private groups(): Array<{ reason: string; items: string[]; line: string }> {
    const [one, many] = this.options.unit;
    return [...this.byReason.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .map(([reason, items]) => {
        const examples = items.slice(0, FAILURE_EXAMPLES).join(', ');
        const more = items.length > FAILURE_EXAMPLES ? ', …' : '';
        const unit = items.length === 1 ? one : many;
        const line = `Could not read ${this.options.what} ${items.length} ${unit} (${examples}${more}): ${reason}`;
        return { reason, items, line };
      });
  }

  /** The lines `log()` writes. */
  lines(): string[] {
    return this.groups().map((g) => g.line);
  }

  /** One error line per distinct reason; call once, when the step's items are all done. */
  log(): void {
    for (const { items, line } of this.groups()) {
      this.options.logger.error(
        { failed: items.length, examples: items.slice(0, FAILURE_EXAMPLES) },
        line,
      );
    }
  }
}
