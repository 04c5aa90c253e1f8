/**
 * Response bodies from the HAR files recorded against the real Bitbucket Cloud API
 * (`../shared/bitbucket/recordings/`, or `BITBUCKET_RECORDINGS_DIR`). Only GET answers are
 * returned: the recordings also hold OAuth token exchanges, which tests have no use for.
 */
import { readFileSync } from 'fs';
import path from 'path';

export const RECORDINGS_DIR =
  process.env.BITBUCKET_RECORDINGS_DIR ??
  path.resolve(__dirname, '../../../shared/bitbucket/recordings');

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number; content: { text?: string } };
}

/** Every 200 GET body in `file` whose URL path matches `pathPattern`, in recording order. */
export function recordedBodies<T>(file: string, pathPattern: RegExp): T[] {
  const har = JSON.parse(
    readFileSync(path.join(RECORDINGS_DIR, file), 'utf8'),
  ) as { log: { entries: HarEntry[] } };
  const bodies = har.log.entries
    .filter(
      (e) =>
        e.request.method === 'GET' &&
        e.response.status === 200 &&
        pathPattern.test(new URL(e.request.url).pathname),
    )
    .map((e) => JSON.parse(e.response.content.text ?? 'null') as T);
  if (bodies.length === 0) {
    throw new Error(`No recorded GET matching ${pathPattern} in ${file}`);
  }
  return bodies;
}

/** The `values` of every recorded page of a paginated listing. */
export function recordedValues<T>(file: string, pathPattern: RegExp): T[] {
  return recordedBodies<{ values: T[] }>(file, pathPattern).flatMap(
    (page) => page.values,
  );
}
