/**
 * Which credential sends next, and what a 429 does: the credential with the most budget left
 * among those routing allows (the listing's own credential while it has budget), each paced by
 * the limit and window learned for it (`./pacing`), and a bounded wait when every eligible
 * credential is paced out. Concurrent requests waiting on the same workspace share one wait,
 * woken early when an answer frees a credential or when a joiner's own credential frees (or
 * its bound comes) sooner, and one log line per period. Past the bound, the workspace is given
 * up for the rest of the run (the latch), so no later request waits the bound again.
 */
import {
  IntegrationLogger,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';

import { Accounting } from './accounting';
import { pacingOutcome, retryAfterMs } from './answers';
import { CredentialState } from './credentials';
import { Reach, Routing } from './routing';
import { Sent } from './transport';

export interface Target {
  endpoint: string;
  workspace: string;
  reach?: Reach;
}

/** How long one request has waited for rate limits so far, across its attempts. */
export interface Waited {
  ms: number;
}

export interface WaitPolicy {
  maxWaitMs: number;
  logEveryMs: number;
}

/** One workspace's wait, shared by the requests that join it until its timer or a wake. */
interface SharedWait {
  promise: Promise<void>;
  /** When its timer ends. */
  until: number;
  wake: () => void;
  /** Ends it sooner, at `at`. */
  rearm: (at: number) => void;
}

export class RateLimiter {
  /** Workspaces whose credentials stayed limited past the bound: nothing waits there again. */
  private readonly stoppedWaiting = new Set<string>();
  private readonly waits = new Map<string, SharedWait>();
  /** When a wait was last logged per workspace: pacing waits often and briefly. */
  private readonly loggedAt = new Map<string, number>();
  private advised = false;

  constructor(
    private readonly routing: Routing,
    private readonly wait: WaitPolicy,
    private readonly accounting: Accounting,
    private readonly log: () => IntegrationLogger,
    private readonly advice = 'Add credentials to raise the hourly budget, or raise the rate-limit wait bound so the run waits for the next window.',
  ) {}

  /**
   * A credential for `target`, waiting (bounded) while every eligible one cools down;
   * undefined when none may serve it at all. `prefer` (a listing's credential) is kept while it
   * is not cooling and has budget left.
   */
  async acquire(
    target: Target,
    exclude: ReadonlySet<CredentialState>,
    waited: Waited,
    prefer?: CredentialState,
  ): Promise<CredentialState | undefined> {
    for (;;) {
      const now = Date.now();
      const eligible = this.routing.states.filter(
        (s) =>
          !exclude.has(s) &&
          this.routing.canServe(s, target.workspace, target.reach),
      );
      if (eligible.length === 0) return undefined;
      const ready = eligible.filter((s) => s.coolingUntil(now) <= now);
      if (prefer && ready.includes(prefer) && prefer.budgetLeft(now) > 0)
        return prefer;
      if (ready.length > 0) {
        return ready.reduce((best, s) =>
          s.budgetLeft(now) > best.budgetLeft(now) ? s : best,
        );
      }
      const retryAt = Math.min(...eligible.map((s) => s.coolingUntil(now)));
      const started = Date.now();
      await this.waitFor(target, retryAt, waited.ms, eligible.length);
      waited.ms += Date.now() - started;
    }
  }

  /** Wakes the requests waiting for credentials: an answer may have freed one early. */
  wake(): void {
    for (const { wake } of this.waits.values()) wake();
  }

  /** What Bitbucket answered to the request `state` sent at `sentAt`. */
  answered(
    state: CredentialState,
    target: Target,
    sentAt: number,
    answer: Sent,
  ): void {
    const outcome = pacingOutcome(answer.status);
    if (outcome === 'refused')
      this.rateLimited(state, target, retryAfterMs(answer), sentAt);
    else if (outcome === 'unanswered') this.unanswered(state, sentAt);
    else if (state.succeeded(Date.now(), sentAt)) this.wake();
  }

  /** No answer the API served (a network error, a timeout, a 5xx): a probe it was may go again. */
  unanswered(state: CredentialState, sentAt: number): void {
    if (state.unanswered(sentAt)) this.wake();
  }

  /** A 429 to `state` for `target`: counted, cooled down, logged when it is news. */
  rateLimited(
    state: CredentialState,
    target: Target,
    retryAfterMs: number | undefined,
    sentAt: number,
  ): void {
    this.accounting.rateLimited(target.endpoint, state.label);
    const { cooldownMs, fresh } = state.rateLimited(
      Date.now(),
      sentAt,
      retryAfterMs,
    );
    // Whatever it changed (a probe refused, an estimate corrected), waiters look again.
    this.wake();
    if (!fresh) return;
    const next = this.hasAlternative(target, state)
      ? 'moving the request to another credential'
      : 'no other credential can take the request now';
    const { limit, windowAbove } = state.estimates;
    const learned =
      limit === undefined
        ? ''
        : ` after ${limit} requests in ${(windowAbove / 1000).toFixed(1)} s; it is paced once probes find its window`;
    this.log().info(
      {
        endpoint: target.endpoint,
        credential: state.label,
        cooldownMs,
        limit,
      },
      `${state.label} is rate limited for ${Math.ceil(cooldownMs / 1000)} s${learned}; ${next}`,
    );
  }

  /** Whether another credential could take `target` right now. */
  hasAlternative(target: Target, besides: CredentialState): boolean {
    const now = Date.now();
    return this.routing.states.some(
      (s) =>
        s !== besides &&
        s.coolingUntil(now) <= now &&
        this.routing.canServe(s, target.workspace, target.reach),
    );
  }

  private async waitFor(
    target: Target,
    retryAt: number,
    waitedSoFar: number,
    readers: number,
  ): Promise<void> {
    const max = this.wait.maxWaitMs;
    const workspace = this.routing.workspaceId(target.workspace);
    if (waitedSoFar >= max || this.stoppedWaiting.has(workspace)) {
      this.stoppedWaiting.add(workspace);
      this.adviseOnce();
      throw new IntegrationProviderRetriesExceededError({
        endpoint: target.endpoint,
        status: 429,
        statusText: `all ${readers} credential(s) that can serve it stayed rate limited for the wait bound (${Math.round(max / 1000)} s) in workspace "${target.workspace}", so the run stopped waiting there`,
      });
    }
    const now = Date.now();
    const ms = Math.max(
      1,
      Math.min(retryAt - now, max - waitedSoFar, this.wait.logEveryMs),
    );
    const joined = this.waits.get(workspace);
    if (joined) {
      // Its own credentials may free sooner than the wait's (an access token, while the OAuth
      // consumer that opened it is paced out), or its bound come sooner: all wake then, and
      // each looks again at its own credentials, instead of sitting out the rest of the wait.
      if (now + ms < joined.until) joined.rearm(now + ms);
      return joined.promise;
    }
    const last = this.loggedAt.get(workspace);
    if (last === undefined || now - last >= this.wait.logEveryMs) {
      this.loggedAt.set(workspace, now);
      this.logWait(target, retryAt, ms, waitedSoFar, readers);
    }
    const done = this.accounting.waitStarted();
    const shared: SharedWait = {
      promise: Promise.resolve(),
      until: now + ms,
      wake: () => {},
      rearm: () => {},
    };
    shared.promise = new Promise<void>((resolve) => {
      let timer = setTimeout(resolve, ms);
      shared.wake = () => {
        clearTimeout(timer);
        resolve();
      };
      shared.rearm = (at) => {
        clearTimeout(timer);
        shared.until = at;
        timer = setTimeout(resolve, Math.max(1, at - Date.now()));
      };
    }).finally(() => {
      done();
      this.waits.delete(workspace);
    });
    this.waits.set(workspace, shared);
    return shared.promise;
  }

  private logWait(
    target: Target,
    retryAt: number,
    ms: number,
    waitedSoFar: number,
    readers: number,
  ): void {
    const max = this.wait.maxWaitMs;
    const soonest = Number.isFinite(retryAt)
      ? `the soonest recovers in ${Math.ceil((retryAt - Date.now()) / 1000)} s`
      : 'a probe of the limit is awaiting its answer';
    this.log().info(
      {
        endpoint: target.endpoint,
        waitMs: ms,
        waitedMs: waitedSoFar,
        maxWaitMs: max,
      },
      `All ${readers} Bitbucket credential(s) that can serve workspace "${target.workspace}" are rate limited; waiting ${Math.ceil(ms / 1000)} s (${soonest}; each credential is paced by the limit and rolling window learned from its 429s; ${Math.round(waitedSoFar / 1000)} s of at most ${Math.round(max / 1000)} s waited so far)`,
    );
  }

  private adviseOnce(): void {
    if (this.advised) return;
    this.advised = true;
    this.log().warn(
      {},
      `The configured credentials ran out of Bitbucket rate-limit budget. ${this.advice}`,
    );
  }
}
