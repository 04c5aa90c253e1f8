/**
 * OAuth 2 client-credentials grants: one in-flight grant per consumer, cached until shortly
 * before it expires, dropped on a 401. No retry of its own: a grant that fails for a passing
 * reason fails the attempt of the request that needed it, inside that request's one budget.
 */
import { Breakers } from './breaker';
import { CredentialState } from './credentials';
import {
  CredentialRefusedError,
  NotBitbucketError,
  RetryableError,
  refusedCredential,
} from './errors';
import { jsonObject, Transport } from './transport';

export const TOKEN_ENDPOINT = 'POST /site/oauth2/access_token';

interface Held {
  token?: string;
  expiresAt: number;
  grant?: Promise<string>;
  scopes?: string[];
}

export interface TokenOptions {
  /** Per-attempt timeout (validation asks quickly). */
  timeoutMs?: number;
}

export class Tokens {
  private readonly held = new Map<CredentialState, Held>();

  constructor(
    private readonly transport: Transport,
    private readonly tokenUrl: string,
    private readonly breakers: Breakers,
    private readonly onGrantRequest: () => void,
  ) {}

  /** The Authorization header value for a request made with `state`. */
  async authorization(
    state: CredentialState,
    options: TokenOptions = {},
  ): Promise<string> {
    const c = state.config;
    switch (c.kind) {
      case 'oauth':
        return `Bearer ${await this.token(state, options)}`;
      case 'access-token':
        return `Bearer ${c.token}`;
      case 'api-token':
        return `Basic ${Buffer.from(`${c.email}:${c.token}`).toString('base64')}`;
    }
  }

  /** Scopes an OAuth grant listed, once a token was granted. */
  grantedScopes(state: CredentialState): string[] | undefined {
    return this.held.get(state)?.scopes;
  }

  /**
   * Drops the token a request was refused with — unless it has already been replaced: a 401
   * that arrives after a refresh must not throw the fresh token away too.
   */
  invalidate(state: CredentialState, refusedAuthorization: string): void {
    const held = this.held.get(state);
    if (held?.token === undefined) return;
    if (refusedAuthorization !== `Bearer ${held.token}`) return;
    held.token = undefined;
    held.expiresAt = 0;
  }

  private token(
    state: CredentialState,
    options: TokenOptions,
  ): Promise<string> {
    let held = this.held.get(state);
    if (!held) this.held.set(state, (held = { expiresAt: 0 }));
    if (held.token && Date.now() < held.expiresAt)
      return Promise.resolve(held.token);
    const h = held;
    h.grant ??= this.grant(state, h, options).finally(() => {
      h.grant = undefined;
    });
    return h.grant;
  }

  private async grant(
    state: CredentialState,
    held: Held,
    options: TokenOptions,
  ): Promise<string> {
    const c = state.config;
    if (c.kind !== 'oauth') throw new Error('only OAuth consumers get grants');
    this.breakers.check([TOKEN_ENDPOINT]);
    let res;
    try {
      res = await this.transport.send(this.tokenUrl, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
        timeoutMs: options.timeoutMs,
        onSend: this.onGrantRequest,
      });
    } catch (err) {
      throw this.failed(err as RetryableError, (err as RetryableError).status);
    }
    if (res.status >= 500 || res.status === 429)
      throw this.failed(
        new RetryableError(`token endpoint answered ${res.status}`, res.status),
        res.status,
      );
    const ok = res.status >= 200 && res.status < 300;
    const body = jsonObject(res.body);
    if (!body && ok)
      throw this.failed(
        new RetryableError('token response is not a JSON object', res.status),
        res.status,
      );
    if (!ok && typeof body?.error !== 'string' && res.status !== 401) {
      // An OAuth server's refusal names an `error` code (RFC 6749); this is some other server.
      throw new NotBitbucketError(
        'token',
        this.tokenUrl,
        `HTTP ${res.status} without an OAuth error`,
      );
    }
    this.breakers.succeeded([TOKEN_ENDPOINT]);
    if (!ok || typeof body?.access_token !== 'string') {
      // Only the OAuth error code (an enum) is surfaced, never the body.
      const code =
        typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
      throw new CredentialRefusedError(
        refusedCredential(c),
        code,
        TOKEN_ENDPOINT,
        res.status,
        `${code}: check the key and secret, and that the consumer is private ("This is a private consumer") with the permissions the integration needs`,
      );
    }
    const ttl =
      (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    held.token = body.access_token;
    held.expiresAt = Date.now() + ttl - Math.min(300_000, ttl / 10);
    if (typeof body.scopes === 'string')
      held.scopes = body.scopes.split(/\s+/).filter(Boolean);
    return body.access_token;
  }

  private failed(err: RetryableError, status: number | string): RetryableError {
    this.breakers.failed([TOKEN_ENDPOINT], err.code ?? status);
    return new RetryableError(err.message, status, TOKEN_ENDPOINT, err.code);
  }
}
