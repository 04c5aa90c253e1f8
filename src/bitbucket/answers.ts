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

/**
 * What an answer tells the pacing. Only an answer Bitbucket's API really served (2xx, or 404
 * for something that is not there) proves the credential had room in its window. A 5xx, a 401
 * or a proxy's page may come from before the rate limiter; taken as admitted, one on a window
 * probe would set the window to the probe's short offset and the 429s that follow would cut
 * the limit (in review, one 503 made a 122-minute run take over 800). So it frees the probe and teaches
 * nothing, as no answer at all does.
 */
export function pacingOutcome(
  status: number,
): 'admitted' | 'refused' | 'unanswered' {
  if (status === 429) return 'refused';
  if ((status >= 200 && status < 300) || status === 404) return 'admitted';
  return 'unanswered';
}
