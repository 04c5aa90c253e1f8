/**
 * Which credential sends next, and what a 429 does: the credential with the most budget left
 * among those routing allows (the listing's own credential while it has budget), cool-downs,
 * and a bounded wait when every eligible credential is cooling. Concurrent requests waiting on
 * the same workspace share one wait and one log line. Past the bound, the workspace is given
 * up for the rest of the run (the latch), so no later request waits the bound again.
 */
import {
  IntegrationLogger,
  IntegrationProviderRetriesExceededError,
} from '@jupiterone/integration-sdk-core';

import { Accounting } from './accounting';
import { CooldownPolicy, CredentialState } from './credentials';
import { Reach, Routing } from './routing';

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

export class RateLimiter {
  /** Workspaces whose credentials stayed limited past the bound: nothing waits there again. */
  private readonly stoppedWaiting = new Set<string>();
  private readonly waits = new Map<string, Promise<void>>();
  private advised = false;

  constructor(
    private readonly routing: Routing,
    private readonly cooldown: CooldownPolicy,
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
      const ready = eligible.filter((s) => s.coolingUntil() <= now);
      if (prefer && ready.includes(prefer) && prefer.budgetLeft(now) > 0)
        return prefer;
      if (ready.length > 0) {
        return ready.reduce((best, s) =>
          s.budgetLeft(now) > best.budgetLeft(now) ? s : best,
        );
      }
      const retryAt = Math.min(...eligible.map((s) => s.coolingUntil()));
      const started = Date.now();
      await this.waitFor(target, retryAt, waited.ms, eligible.length);
      waited.ms += Date.now() - started;
    }
  }

  /** A 429 to a request `state` sent at `sentAt`; returns whether it was news. */
  limited(
    state: CredentialState,
    sentAt: number,
    retryAfterMs: number | undefined,
  ): { cooldownMs: number; fresh: boolean } {
    return state.rateLimited(Date.now(), sentAt, retryAfterMs, this.cooldown);
  }

  /** A 429 to `state` for `target`: counted, cooled down, logged when it is news. */
  rateLimited(
    state: CredentialState,
    target: Target,
    retryAfterMs: number | undefined,
    sentAt: number,
  ): void {
    this.accounting.rateLimited(target.endpoint, state.label);
    const { cooldownMs, fresh } = this.limited(state, sentAt, retryAfterMs);
    if (!fresh) return;
    const next = this.hasAlternative(target, state)
      ? 'moving the request to another credential'
      : 'no other credential can take the request now';
    this.log().info(
      { endpoint: target.endpoint, credential: state.label, cooldownMs },
      `${state.label} is rate limited for ${Math.ceil(cooldownMs / 1000)} s; ${next}`,
    );
  }

  /** Whether another credential could take `target` right now. */
  hasAlternative(target: Target, besides: CredentialState): boolean {
    const now = Date.now();
    return this.routing.states.some(
      (s) =>
        s !== besides &&
        s.coolingUntil() <= now &&
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
    const joined = this.waits.get(workspace);
    if (joined) return joined;
    const ms = Math.max(
      1,
      Math.min(retryAt - Date.now(), max - waitedSoFar, this.wait.logEveryMs),
    );
    this.log().info(
      {
        endpoint: target.endpoint,
        waitMs: ms,
        waitedMs: waitedSoFar,
        maxWaitMs: max,
      },
      `All ${readers} Bitbucket credential(s) that can serve workspace "${target.workspace}" are rate limited; waiting ${Math.ceil(ms / 1000)} s (the soonest recovers in ${Math.ceil((retryAt - Date.now()) / 1000)} s; Bitbucket counts each credential's requests over a rolling hour; ${Math.round(waitedSoFar / 1000)} s of at most ${Math.round(max / 1000)} s waited so far)`,
    );
    const done = this.accounting.waitStarted();
    const sleeping = new Promise<void>((r) => setTimeout(r, ms)).finally(() => {
      done();
      this.waits.delete(workspace);
    });
    this.waits.set(workspace, sleeping);
    return sleeping;
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
