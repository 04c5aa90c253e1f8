/**
 * The credentials pool: every configured credential with its own token state and rate budget.
 * Tokens are fetched once (one in-flight fetch per credential) and refreshed before they
 * expire; requests go to the credential with the most budget left in its rolling hour; a 429
 * cools that credential down so the request can move to another one at once.
 */
import { CredentialConfig, describeCredential } from './settings';

/** Bitbucket's documented budget: 1,000 requests per rolling hour per credential. */
export const DEFAULT_HOURLY_BUDGET = 1000;
const HOUR_MS = 3_600_000;

export interface TokenGrant {
  accessToken: string;
  expiresInMs: number;
  scopes?: string[];
}

export class CredentialState {
  /** e.g. "OAuth consumer #2 (key abc)": no secret, used in stats, logs and errors. */
  readonly label: string;
  token?: string;
  tokenExpiresAt = 0;
  tokenFetch?: Promise<string>;
  grantedScopes?: string[];
  hourlyBudget = DEFAULT_HOURLY_BUDGET;
  cooldownUntil = 0;
  consecutiveRateLimits = 0;
  /** Set when the credential can no longer authenticate (its token grant was refused mid-run). */
  unusable?: Error;
  /**
   * The workspaces validation found it can read, as configured; unset until then (no
   * restriction). `CredentialPool.pick` resolves the other names of a workspace to these.
   */
  workspaces?: ReadonlySet<string>;
  /**
   * Of those, the ones taken on trust because validation's read was answered 429: the first
   * 404 this credential gets in one of them is checked against the workspace itself.
   */
  assumedWorkspaces?: Set<string>;
  private calls: number[] = [];

  constructor(readonly config: CredentialConfig) {
    this.label = describeCredential(config);
  }

  recordCall(now: number): void {
    this.calls.push(now);
  }

  callsInWindow(now: number): number {
    const cutoff = now - HOUR_MS;
    let drop = 0;
    while (drop < this.calls.length && this.calls[drop] <= cutoff) drop++;
    if (drop > 0) this.calls.splice(0, drop);
    return this.calls.length;
  }

  budgetLeft(now: number): number {
    return this.hourlyBudget - this.callsInWindow(now);
  }
}

export interface CooldownPolicy {
  /** First cool-down after a 429; doubles on each consecutive 429 (a longer Retry-After wins). */
  baseMs: number;
  maxMs: number;
}

export class CredentialPool {
  readonly states: CredentialState[];
  /**
   * Every name a configured workspace answered to, lower-cased — its slug, its `{uuid}` and
   * the identifier as configured — mapped to that configured identifier: the steps address a
   * workspace by the slug Bitbucket returned, which may differ from what the user typed.
   */
  private readonly workspaceNames = new Map<string, string>();

  constructor(
    credentials: CredentialConfig[],
    private readonly cooldown: CooldownPolicy,
  ) {
    this.states = credentials.map((c) => new CredentialState(c));
  }

  /**
   * The usable credential (able to read `workspace`, when given) with the most budget left, or
   * the time the soonest one recovers (`Infinity` when none is eligible).
   */
  pick(
    now: number,
    exclude: ReadonlySet<CredentialState> = new Set(),
    workspace?: string,
  ): { state: CredentialState } | { retryAt: number } {
    let best: CredentialState | undefined;
    let bestBudget = -Infinity;
    let soonest = Infinity;
    for (const s of this.states) {
      if (exclude.has(s) || s.unusable) continue;
      if (
        workspace !== undefined &&
        s.workspaces &&
        !s.workspaces.has(this.workspaceId(workspace))
      )
        continue;
      if (s.cooldownUntil > now) {
        soonest = Math.min(soonest, s.cooldownUntil);
        continue;
      }
      const budget = s.budgetLeft(now);
      if (budget > bestBudget) {
        best = s;
        bestBudget = budget;
      }
    }
    return best ? { state: best } : { retryAt: soonest };
  }

  /**
   * Records the names a configured workspace answered to. Returns the other configured
   * identifier one of them already belongs to — the same workspace configured twice — if any.
   */
  nameWorkspace(configured: string, names: unknown[]): string | undefined {
    let other: string | undefined;
    for (const name of [configured, ...names]) {
      if (typeof name !== 'string' || !name) continue;
      const known = this.workspaceNames.get(name.toLowerCase());
      if (known !== undefined && known !== configured) other ??= known;
      else this.workspaceNames.set(name.toLowerCase(), configured);
    }
    return other;
  }

  /** How many usable credentials may read `workspace` (every usable one before validation). */
  readers(workspace: string): number {
    const id = this.workspaceId(workspace);
    return this.states.filter(
      (s) => !s.unusable && (!s.workspaces || s.workspaces.has(id)),
    ).length;
  }

  /** Whether `state` holds `workspace` on trust (a 429 during validation), not yet by a read. */
  assumed(state: CredentialState, workspace: string): boolean {
    return state.assumedWorkspaces?.has(this.workspaceId(workspace)) ?? false;
  }

  /** A read of the workspace itself settled the assumption: kept when it can read it, else dropped. */
  settleAssumption(
    state: CredentialState,
    workspace: string,
    canRead: boolean,
  ): void {
    const name = this.workspaceId(workspace);
    state.assumedWorkspaces?.delete(name);
    if (!canRead && state.workspaces) {
      state.workspaces = new Set(
        [...state.workspaces].filter((w) => w !== name),
      );
    }
  }

  /** The configured identifier of a workspace known by any of its names. */
  workspaceId(name: string): string {
    return this.workspaceNames.get(name.toLowerCase()) ?? name;
  }

  /** Cools a credential down after a 429; returns the cool-down applied. */
  rateLimited(
    state: CredentialState,
    now: number,
    retryAfterMs?: number,
  ): number {
    state.consecutiveRateLimits++;
    // The credential's real limit is what it had used when Bitbucket refused it; remembering
    // that steers later requests to credentials with budget left.
    state.hourlyBudget = Math.min(state.hourlyBudget, state.callsInWindow(now));
    const backoff = Math.min(
      this.cooldown.maxMs,
      this.cooldown.baseMs * 2 ** (state.consecutiveRateLimits - 1),
    );
    // Never sooner than Bitbucket asked, and never sooner than the backoff: a `Retry-After: 0`
    // or a date already past must not turn into an immediate retry loop on this credential.
    const wait = Math.max(retryAfterMs ?? 0, backoff);
    state.cooldownUntil = now + wait;
    return wait;
  }

  succeeded(state: CredentialState): void {
    state.consecutiveRateLimits = 0;
  }

  /** A usable token, fetched once however many requests ask for it at the same time. */
  async token(
    state: CredentialState,
    fetchToken: (state: CredentialState) => Promise<TokenGrant>,
    now: () => number,
  ): Promise<string> {
    const margin = (ttl: number) => Math.min(300_000, ttl / 10);
    if (state.token && now() < state.tokenExpiresAt) return state.token;
    if (!state.tokenFetch) {
      state.tokenFetch = (async () => {
        try {
          const grant = await fetchToken(state);
          state.token = grant.accessToken;
          state.tokenExpiresAt =
            now() + grant.expiresInMs - margin(grant.expiresInMs);
          if (grant.scopes) state.grantedScopes = grant.scopes;
          return grant.accessToken;
        } finally {
          state.tokenFetch = undefined;
        }
      })();
    }
    return state.tokenFetch;
  }

  /**
   * Drops the token a request was refused with — unless it has already been replaced: a 401
   * that arrives after a refresh must not throw the fresh token away too.
   */
  invalidateToken(state: CredentialState, refusedAuthorization: string): void {
    if (state.token === undefined) return;
    if (refusedAuthorization !== `Bearer ${state.token}`) return;
    state.token = undefined;
    state.tokenExpiresAt = 0;
  }
}
