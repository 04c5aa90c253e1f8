/**
 * The logger our runner hands the SDK runtime. The SDK's own logger prints every metric, step
 * summary and object it is given (557 lines for a small run); this one prints what a person
 * follows — one line per step as it ends, our progress and warning lines — and records step
 * failures so the summary can say why in one line each.
 */
import {
  DisabledStepReason,
  IntegrationLogger,
  Metric,
  PublishEventInput,
  StepMetadata,
} from '@jupiterone/integration-sdk-core';

/** Info lines the SDK writes about itself; the run summary says what they would. */
const SDK_INFO = new Set([
  'Starting execution with config...',
  'Collected metric.',
  'Step summary',
  'Failed step summary',
  'Integration data collection has completed.',
]);
/** Fields that mark a line as a dump for machines (metrics, per-step API accounting). */
const DUMP_FIELDS = ['metric', 'collectionResult', 'bitbucketApi', 'summary'];

export interface StepFailure {
  stepId: string;
  name: string;
  reason: string;
}

/** The first line of a message, without the SDK's error-id decoration. */
export function oneLine(text: string): string {
  return text.split('\n')[0].trim();
}

function errorOf(fields: unknown): Error | undefined {
  if (fields instanceof Error) return fields;
  if (fields && typeof fields === 'object' && 'err' in fields) {
    const err = fields.err;
    if (err instanceof Error) return err;
  }
  return undefined;
}

/** State shared by the root logger and every child the runtime makes per step. */
class Sink {
  readonly started = Date.now();
  readonly failures: StepFailure[] = [];
  validationError: Error | undefined;
  readonly handled = new WeakSet<Error>();
  /**
   * Lines logged during validation, held until it is known whether they only repeat the error
   * that stops the run (printed once, by the runner).
   */
  pending: string[] | undefined = [];
  /** Warning and error lines by text, so a repeat is counted instead of printed again. */
  readonly repeats = new Map<string, number>();
  private readonly stepStarts = new Map<string, number>();

  constructor(private readonly write: (line: string) => void) {}

  print(line: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    this.write(`[${seconds.padStart(4)} s] ${line}`);
  }

  once(line: string): void {
    const seen = this.repeats.get(line);
    this.repeats.set(line, (seen ?? 0) + 1);
    if (seen !== undefined) return;
    if (this.pending) this.pending.push(line);
    else this.print(line);
  }

  /** Validation is over: print what it logged, less what `error` already says. */
  release(error?: Error): void {
    const held = this.pending ?? [];
    this.pending = undefined;
    const said = error ? oneLine(error.message) : undefined;
    for (const line of held)
      if (!said || !line.includes(said)) this.print(line);
  }

  stepStarted(id: string): void {
    this.stepStarts.set(id, Date.now());
  }

  stepTook(id: string): string {
    const start = this.stepStarts.get(id);
    return start === undefined
      ? ''
      : ` (${((Date.now() - start) / 1000).toFixed(1)} s)`;
  }
}

export class ConsoleLogger implements IntegrationLogger {
  private constructor(
    private readonly sink: Sink,
    private readonly fields: Record<string, unknown>,
  ) {}

  static create(write: (line: string) => void): ConsoleLogger {
    return new ConsoleLogger(new Sink(write), {});
  }

  get stepFailures(): readonly StepFailure[] {
    return this.sink.failures;
  }

  get validationError(): Error | undefined {
    return this.sink.validationError;
  }

  /** How many warning or error lines were repeats of one already printed. */
  get repeatedLines(): number {
    let repeated = 0;
    for (const count of this.sink.repeats.values()) repeated += count - 1;
    return repeated;
  }

  /** Prints what validation logged if no step ever started (a crash before the first). */
  flush(): void {
    this.sink.release();
  }

  /** For our own runner's lines, with the same time prefix as the run's. */
  print(line: string): void {
    this.sink.print(line);
  }

  child(fields: object): ConsoleLogger {
    return new ConsoleLogger(this.sink, { ...this.fields, ...fields });
  }

  private split(args: unknown[]): { fields: unknown; message: string } {
    const [first, ...rest] = args;
    if (typeof first === 'string') return { fields: {}, message: first };
    const message = rest.find((arg) => typeof arg === 'string');
    return {
      fields: first,
      message: typeof message === 'string' ? message : '',
    };
  }

  trace(): void {}
  debug(): void {}

  info(...args: unknown[]): void {
    const { fields, message } = this.split(args);
    if (SDK_INFO.has(message)) return;
    if (
      fields &&
      typeof fields === 'object' &&
      DUMP_FIELDS.some((key) => key in fields)
    )
      return;
    if (message) this.sink.print(oneLine(message));
  }

  warn(...args: unknown[]): void {
    this.report('warning', args);
  }

  error(...args: unknown[]): void {
    this.report('error', args);
  }

  fatal(...args: unknown[]): void {
    this.report('error', args);
  }

  private report(level: string, args: unknown[]): void {
    const { fields, message } = this.split(args);
    const err = errorOf(fields);
    if (err) this.sink.handled.add(err);
    const detail = err && !message.includes(err.message) ? err.message : '';
    const text = [message, detail].filter(Boolean).map(oneLine).join(': ');
    if (text) this.sink.once(`${level}: ${text}`);
  }

  isHandledError(err: Error): boolean {
    return this.sink.handled.has(err);
  }

  stepStart(step: StepMetadata): void {
    if (this.sink.pending) this.sink.release();
    this.sink.stepStarted(step.id);
  }

  stepSuccess(step: StepMetadata): void {
    this.sink.print(`done: ${step.name}${this.sink.stepTook(step.id)}`);
  }

  stepSkip(_step: StepMetadata, _reason: DisabledStepReason): void {}

  stepFailure(step: StepMetadata, err: Error): void {
    const reason = oneLine(err.message);
    this.sink.failures.push({ stepId: step.id, name: step.name, reason });
    this.sink.print(
      `FAILED: ${step.name}${this.sink.stepTook(step.id)}: ${reason}`,
    );
  }

  validationFailure(err: Error): void {
    this.sink.validationError = err;
    this.sink.release(err);
  }

  synchronizationUploadStart(): void {}
  synchronizationUploadEnd(): void {}
  publishMetric(_metric: Omit<Metric, 'timestamp'>): void {}
  // Warning events are job-log copies of lines the steps also log with warn().
  publishEvent(_event: PublishEventInput): void {}
  publishInfoEvent(_event: PublishEventInput): void {}
  publishWarnEvent(_event: PublishEventInput): void {}
  publishErrorEvent(_event: PublishEventInput): void {}
}
