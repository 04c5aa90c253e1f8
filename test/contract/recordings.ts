/** The real Bitbucket responses recorded in `../shared/bitbucket/recordings/` (HAR files). */
import { readdirSync, readFileSync } from 'fs';
import path from 'path';

export const RECORDINGS = path.resolve(
  __dirname,
  '../../../shared/bitbucket/recordings',
);

export interface RecordedResponse {
  file: string;
  method: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface Har {
  log: {
    entries: Array<{
      request: { method: string; url: string };
      response: {
        status: number;
        headers: Array<{ name: string; value: string }>;
        content: { text?: string };
      };
    }>;
  };
}

export function recordedResponses(): RecordedResponse[] {
  const out: RecordedResponse[] = [];
  for (const file of readdirSync(RECORDINGS).filter((f) =>
    f.endsWith('.har'),
  )) {
    const har = JSON.parse(
      readFileSync(path.join(RECORDINGS, file), 'utf8'),
    ) as Har;
    for (const entry of har.log.entries) {
      let body: unknown;
      try {
        body = JSON.parse(entry.response.content.text ?? '');
      } catch {
        body = undefined;
      }
      out.push({
        file,
        method: entry.request.method,
        url: entry.request.url,
        status: entry.response.status,
        headers: Object.fromEntries(
          entry.response.headers.map((h) => [h.name.toLowerCase(), h.value]),
        ),
        body,
      });
    }
  }
  return out;
}

/** The first recorded 200 whose URL path matches. */
export function recorded(
  method: string,
  pathPattern: RegExp,
): RecordedResponse {
  const found = recordedResponses().find(
    (r) =>
      r.method === method &&
      r.status === 200 &&
      pathPattern.test(new URL(r.url).pathname),
  );
  if (!found)
    throw new Error(`No recording for ${method} ${String(pathPattern)}`);
  return found;
}

/**
 * Key paths with their JSON types; arrays collapse to `[]` (their items merged), so two objects
 * of the same shape compare equal whatever their values.
 */
export function shapeOf(value: unknown, prefix = ''): Map<string, string> {
  const shape = new Map<string, string>();
  const visit = (v: unknown, p: string) => {
    if (Array.isArray(v)) {
      shape.set(p, 'array');
      v.forEach((item) => visit(item, `${p}[]`));
    } else if (v !== null && typeof v === 'object') {
      if (p) shape.set(p, 'object');
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        visit(child, p ? `${p}.${k}` : k);
      }
    } else {
      shape.set(p, v === null ? 'null' : typeof v);
    }
  };
  visit(value, prefix);
  return shape;
}
