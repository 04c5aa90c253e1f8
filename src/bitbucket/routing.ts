/**
 * Which credential may serve which request: the workspaces each can read (learned by
 * validation), the names a workspace answers to, and each credential's reach inside a
 * workspace. Requests that list the whole workspace go only to credentials that see all of it.
 */
import { CredentialState } from './credentials';

/** What a credential must see to serve a request; undefined = the whole workspace. */
export interface Reach {
  /** Project key. */
  project?: string;
  /** Repository `{uuid}` or slug. */
  repository?: string;
}

/** What a narrower credential was found to see (a project or repository access token). */
export interface CredentialReach {
  projects: ReadonlySet<string>;
  /** Lower-cased repository uuids and slugs. */
  repositories: ReadonlySet<string>;
}

export class Routing {
  /**
   * Every name a configured workspace answered to, lower-cased — its slug, its `{uuid}` and
   * the identifier as configured — mapped to that configured identifier: the steps address a
   * workspace by the slug Bitbucket returned, which may differ from what the user typed.
   */
  private readonly names = new Map<string, string>();
  /** Unset for a credential until validation: no restriction. */
  private readonly workspaces = new Map<CredentialState, Set<string>>();
  /** Workspaces held on trust (validation's read was answered 429), checked at the first 404. */
  private readonly assumedWorkspaces = new Map<CredentialState, Set<string>>();
  /** Credentials that see only part of a workspace, and what they see. */
  private readonly narrow = new Map<CredentialState, CredentialReach>();
  /**
   * Access tokens whose scopes validation could not read (rate limited): until an answer says
   * them, nobody knows whether the token sees the whole workspace or one project.
   */
  private readonly unknownScopes = new Set<CredentialState>();

  constructor(readonly states: readonly CredentialState[]) {}

  /**
   * Records the names a configured workspace answered to. Returns the other configured
   * identifier one of them already belongs to — the same workspace configured twice — if any.
   */
  nameWorkspace(configured: string, names: unknown[]): string | undefined {
    let other: string | undefined;
    for (const name of [configured, ...names]) {
      if (typeof name !== 'string' || !name) continue;
      const known = this.names.get(name.toLowerCase());
      if (known !== undefined && known !== configured) other ??= known;
      else this.names.set(name.toLowerCase(), configured);
    }
    return other;
  }

  /** The configured identifier of a workspace known by any of its names. */
  workspaceId(name: string): string {
    return this.names.get(name.toLowerCase()) ?? name;
  }

  /** What validation found a credential can read. */
  learn(
    state: CredentialState,
    visible: string[],
    assumed: string[],
    reach?: CredentialReach,
  ): void {
    this.workspaces.set(state, new Set(visible));
    this.assumedWorkspaces.set(state, new Set(assumed));
    if (reach) this.narrow.set(state, reach);
    else this.narrow.delete(state);
  }

  /** An access token whose validation read was answered 429, so its scopes are not known. */
  scopesUnknown(state: CredentialState, unknown = true): void {
    if (unknown) this.unknownScopes.add(state);
    else this.unknownScopes.delete(state);
  }

  /** Whether `state`'s reach waits on the scopes of its first answer. */
  awaitsScopes(state: CredentialState): boolean {
    return this.unknownScopes.has(state);
  }

  /**
   * The scopes an answer to `state` carried, once it awaited them: without `account` it is a
   * project or repository access token (they cannot have it), which would list only part of
   * the workspace, so it serves nothing from now on. Returns whether it was dropped.
   */
  learnScopes(state: CredentialState, scopes: string[] | undefined): boolean {
    if (!this.unknownScopes.delete(state)) return false;
    if (scopes === undefined || scopes.includes('account')) return false;
    this.narrow.set(state, { projects: new Set(), repositories: new Set() });
    return true;
  }

  /** Whether the credential sees only part of the workspaces it reads. */
  isNarrow(state: CredentialState): boolean {
    return this.narrow.has(state);
  }

  /** Whether `state` may serve a request in `workspace` that needs `reach`. */
  canServe(state: CredentialState, workspace: string, reach?: Reach): boolean {
    if (state.unusable) return false;
    const known = this.workspaces.get(state);
    if (known && !known.has(this.workspaceId(workspace))) return false;
    const narrow = this.narrow.get(state);
    if (!narrow) return true;
    if (reach?.repository !== undefined)
      return narrow.repositories.has(reach.repository.toLowerCase());
    if (reach?.project !== undefined) return narrow.projects.has(reach.project);
    return false;
  }

  /** How many usable credentials may serve requests across `workspace`. */
  readers(workspace: string): number {
    return this.states.filter((s) => this.canServe(s, workspace)).length;
  }

  /** Whether `state` holds `workspace` on trust (a 429 during validation), not yet by a read. */
  assumed(state: CredentialState, workspace: string): boolean {
    return (
      this.assumedWorkspaces.get(state)?.has(this.workspaceId(workspace)) ??
      false
    );
  }

  /** A read of the workspace itself settled the assumption: kept when it can read it, else dropped. */
  settleAssumption(
    state: CredentialState,
    workspace: string,
    canRead: boolean,
  ): void {
    const name = this.workspaceId(workspace);
    this.assumedWorkspaces.get(state)?.delete(name);
    if (!canRead) this.workspaces.get(state)?.delete(name);
  }
}
