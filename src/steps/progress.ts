/**
 * Progress for a long step: nothing for the first 10 s (a short step says nothing), then one
 * line every 15 s with how far it got, what it cost and how long is left. Counts come from the
 * client's public `getStats()`, taken as the difference since the step started.
 */
import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

import { DOCUMENTED_WINDOW_MS } from '../bitbucket/pacing-terms';

/** The part of the client's public `getStats()` that progress reads. */
interface RunTotals {
  totalCalls: number;
  rateLimited: number;
  /** The rolling window the client learned per credential, once it has. */
  byCredential?: Record<string, { windowMs?: number }>;
}

export const PROGRESS_FIRST_AFTER_MS = 10_000;
export const PROGRESS_EVERY_MS = 15_000;
/** How often the stats are looked at for the first 429 until one is seen. */
const SAMPLE_EVERY_MS = 1_000;

/** Clients (one per run) whose progress lines already gave the rate-limit advice. */
const advised = new WeakSet<object>();

export interface ProgressOptions {
  logger: IntegrationLogger;
  client: { getStats(): RunTotals };
  /** What the step does, e.g. `Pull requests`. */
  label: string;
  /** What `total` counts, e.g. `repositories`. */
  unit: string;
  total: number;
  /** What `item()` counts, e.g. `pull requests`. */
  items: string;
  now?: () => number;
}

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The longest window learned for any credential: the budget comes back no faster. */
function learnedWindow(stats: RunTotals): number | undefined {
  const windows = Object.values(stats.byCredential ?? {}).flatMap((c) =>
    c.windowMs === undefined ? [] : [c.windowMs],
  );
  return windows.length > 0 ? Math.max(...windows) : undefined;
}

export class Progress {
  private done = 0;
  private itemCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private readonly startedAt: number;
  private readonly base: RunTotals;
  private readonly now: () => number;
  /**
   * Run-wide calls made by the time the first 429 of the step was seen: the budget of one
   * window. Read every second rather than when a line is written, which can be after the
   * window came back and many more calls went out.
   */
  private budget: number | undefined;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.base = options.client.getStats();
  }

  /** Starts the timer; a step with nothing to do never logs. */
  start(): this {
    if (this.options.total === 0) return this;
    this.timer = setTimeout(() => {
      this.report();
      this.timer = setInterval(() => this.report(), PROGRESS_EVERY_MS);
      this.timer.unref();
    }, PROGRESS_FIRST_AFTER_MS);
    // A forgotten stop must never keep the process alive.
    this.timer.unref();
    this.sampler = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
    this.sampler.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopSampling();
  }

  /** Records the budget once the step's first 429 shows in the stats. */
  private sample(stats = this.options.client.getStats()): void {
    if (this.budget !== undefined) return;
    if (stats.rateLimited > this.base.rateLimited) {
      this.budget = stats.totalCalls;
      this.stopSampling();
    }
  }

  private stopSampling(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = undefined;
  }

  item(count = 1): void {
    this.itemCount += count;
  }

  /** Wraps a per-unit task: counts it done, and stops the timer when all are done or one throws. */
  track<A extends unknown[]>(
    task: (...args: A) => Promise<void>,
  ): (...args: A) => Promise<void> {
    return async (...args: A) => {
      try {
        await task(...args);
      } catch (err) {
        this.stop();
        throw err;
      }
      this.done++;
      if (this.done >= this.options.total) this.stop();
    };
  }

  /**
   * The line the timer logs. The advice on credentials comes once per run (per client): every
   * 15 s the same sentence would drown the numbers that change.
   */
  line(): string {
    return this.compose().text;
  }

  private compose(): { text: string; advice: boolean } {
    const { label, unit, total, items } = this.options;
    const stats = this.options.client.getStats();
    this.sample(stats);
    const calls = stats.totalCalls - this.base.totalCalls;
    const limited = stats.rateLimited - this.base.rateLimited;
    const elapsed = this.now() - this.startedAt;
    const parts = [
      `${label}: ${this.done}/${total} ${unit}`,
      `${this.itemCount} ${items}`,
      `${calls} call(s)`,
      `${limited} answered 429`,
    ];
    let left = 'time left not known yet';
    if (this.done > 0) {
      // At the pace so far, which includes any rate-limit waits the step already sat through.
      left = `about ${duration((elapsed / this.done) * (total - this.done))} left`;
    }
    let note = '';
    let advice = false;
    if (limited > 0 && this.budget !== undefined) {
      const learned = learnedWindow(stats);
      const windowMs = learned ?? DOCUMENTED_WINDOW_MS;
      if (this.done > 0) {
        // Past the budget, what is left goes at one budget per window, whatever the pace was.
        const callsLeft = (calls / this.done) * (total - this.done);
        const windowsMs = (callsLeft / this.budget) * windowMs;
        const paceMs = (elapsed / this.done) * (total - this.done);
        left = `about ${duration(Math.max(windowsMs, paceMs))} left`;
      }
      advice = !advised.has(this.options.client);
      const over =
        learned === undefined
          ? 'its documented one-hour window'
          : `its rolling window, learned as about ${duration(learned)}`;
      note = advice
        ? ` (rate limited after about ${this.budget} calls: Bitbucket gives that budget back over ${over}; each credential added to OAUTH_KEY, ACCESS_TOKENS or API_TOKEN brings its own and shortens the wait)`
        : ` (rate limited after about ${this.budget} calls)`;
    }
    return { text: `${parts.join(', ')}; ${left}${note}`, advice };
  }

  report(): void {
    const stats = this.options.client.getStats();
    const { text, advice } = this.compose();
    if (advice) advised.add(this.options.client);
    this.options.logger.info(
      {
        progress: {
          done: this.done,
          total: this.options.total,
          items: this.itemCount,
          calls: stats.totalCalls - this.base.totalCalls,
          rateLimited: stats.rateLimited - this.base.rateLimited,
        },
      },
      text,
    );
  }
}

export function startProgress(options: ProgressOptions): Progress {
  return new Progress(options).start();
}
