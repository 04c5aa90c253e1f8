/**
 * What Bitbucket's answer headers say about the credential that sent the request: how long to
 * wait after a 429, and the scopes it holds.
 */
import { Sent } from './transport';

export function retryAfterMs(res: Sent): number | undefined {
  const value = res.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - Date.now();
}

/** `X-OAuth-Scopes`, sent to OAuth consumers and access tokens; undefined when absent. */
export function headerScopes(res: Sent): string[] | undefined {
  const header = res.headers.get('x-oauth-scopes');
  if (!header) return undefined;
  return header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
