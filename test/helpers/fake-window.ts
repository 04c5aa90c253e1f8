/**
 * The real Pacer on a synthetic clock against a model of Bitbucket's rolling-window limit, with
 * the answer statuses routed through the client's own `pacingOutcome`, so a test sees how long
 * requests wait and how many 429s a run costs without waiting real hours.
 */
import { pacingOutcome } from '../../src/bitbucket/answers';
import { Estimates, Pacer } from '../../src/bitbucket/pacing';

/** A rolling-window limit as Bitbucket (and the simulator) applies it: refused calls do not count. */
export class RollingWindow {
  private used: number[] = [];
  private first = 0;
  constructor(
    public limit: number,
    public windowMs: number,
  ) {}

  admit(t: number): boolean {
    while (
      this.first < this.used.length &&
      this.used[this.first] <= t - this.windowMs
    )
      this.first++;
    if (this.used.length - this.first >= this.limit) return false;
    this.used.push(t);
    return true;
  }
}

export interface SendInfo {
  /** 1-based index of the send in the run. */
  nth: number;
  /** The pacer's estimates just before the send left. */
  before: Estimates;
}

export interface Run {
  end: number;
  refused: number;
  /** The most any one request waited for the pacer, summed over its attempts. */
  longestWaitMs: number;
  pacer: Pacer;
}

/**
 * `requests` requests through `pacer`, at most `concurrency` in flight, each answered
 * `latencyMs` after it left (reaching Bitbucket halfway). `fault` may answer a send with another
 * status (a 503, a 401) before the window sees it; a 429 is sent again, as is a fault.
 */
export function driveWindow(
  pacer: Pacer,
  server: RollingWindow,
  requests: number,
  {
    start = 0,
    concurrency = 8,
    latencyMs = 100,
    fault = (_: SendInfo): number | undefined => undefined,
    limitMs = 24 * 3_600_000,
  } = {},
): Run {
  let t = start;
  let done = 0;
  let refused = 0;
  let sent = 0;
  let longestWaitMs = 0;
  const queue = Array.from({ length: requests }, () => ({
    waited: 0,
    readySince: undefined as number | undefined,
  }));
  let flying: { sentAt: number; status: number; req: (typeof queue)[0] }[] = [];
  while (done < requests) {
    if (t - start > limitMs) throw new Error('did not finish in time');
    const due = flying.filter((f) => f.sentAt + latencyMs <= t);
    flying = flying.filter((f) => f.sentAt + latencyMs > t);
    for (const f of due) {
      const outcome = pacingOutcome(f.status);
      if (outcome === 'admitted') {
        pacer.admitted(t, f.sentAt);
        done++;
        longestWaitMs = Math.max(longestWaitMs, f.req.waited);
        continue;
      }
      if (outcome === 'refused') {
        pacer.refused(t, f.sentAt);
        refused++;
      } else pacer.unanswered(f.sentAt);
      queue.unshift(f.req);
    }
    while (queue.length > 0 && flying.length < concurrency) {
      const before = pacer.estimates;
      if (!pacer.tryAcquire(t)) break;
      const req = queue.shift()!;
      if (req.readySince !== undefined) req.waited += t - req.readySince;
      req.readySince = undefined;
      const status =
        fault({ nth: ++sent, before }) ??
        (server.admit(t + latencyMs / 2) ? 200 : 429);
      flying.push({ sentAt: t, status, req });
    }
    // Those that would be in the client's wait now: as many as may be in flight.
    for (const req of queue.slice(0, concurrency - flying.length))
      req.readySince ??= t;
    // Straight to the next answer or free slot (the window may be an hour long).
    const answers = flying.map((f) => f.sentAt + latencyMs);
    const free =
      queue.length > 0 && flying.length < concurrency
        ? pacer.nextFree(t)
        : Infinity;
    if (done < requests) t = Math.max(t + 1, Math.min(free, ...answers));
  }
  return { end: t, refused, longestWaitMs, pacer };
}
