/**
 * Partial responses (`fields=`), as the "Partial responses" guide documents them: `+path`
 * adds a field the resource hides by default, `-path` removes one, a bare list selects only
 * those fields; `*` matches any key. Paths traverse arrays, so `values.id` applies to every
 * item of a page. A literal `+` sent unencoded arrives as a space and matches nothing.
 */

interface FieldSpec {
  op: '+' | '-' | '=';
  path: string[];
}

export function parseFields(raw: string | null): FieldSpec[] {
  if (raw === null || raw === '') return [];
  return raw.split(',').map((part) => {
    if (part.startsWith('+'))
      return { op: '+', path: part.slice(1).split('.') };
    if (part.startsWith('-'))
      return { op: '-', path: part.slice(1).split('.') };
    return { op: '=', path: part.split('.') };
  });
}

type Json = unknown;

function clone(value: Json): Json {
  return value === undefined
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Json);
}

function removePath(target: Json, path: string[]): void {
  if (Array.isArray(target)) {
    for (const item of target) removePath(item, path);
    return;
  }
  if (target === null || typeof target !== 'object') return;
  const obj = target as Record<string, Json>;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(obj) : [head];
  for (const key of keys) {
    if (!(key in obj)) continue;
    if (rest.length === 0) delete obj[key];
    else removePath(obj[key], rest);
  }
}

/** Copies `path` from `source` into `target` (which mirrors source's structure). */
function copyPath(source: Json, target: Json, path: string[]): void {
  if (Array.isArray(source) && Array.isArray(target)) {
    source.forEach((item, i) => copyPath(item, target[i], path));
    return;
  }
  if (source === null || typeof source !== 'object') return;
  if (target === null || typeof target !== 'object') return;
  const src = source as Record<string, Json>;
  const dst = target as Record<string, Json>;
  const [head, ...rest] = path;
  const keys = head === '*' ? Object.keys(src) : [head];
  for (const key of keys) {
    if (!(key in src)) continue;
    if (rest.length === 0) {
      dst[key] = clone(src[key]);
    } else {
      const child = src[key];
      if (!(key in dst)) {
        dst[key] = Array.isArray(child)
          ? child.map((c) => (c !== null && typeof c === 'object' ? {} : c))
          : child !== null && typeof child === 'object'
            ? {}
            : child;
      }
      copyPath(child, dst[key], rest);
    }
  }
}

/**
 * Applies a `fields=` value to a full rendering. `hidden` lists the paths the endpoint leaves
 * out unless asked (e.g. `values.participants` on the pull request list).
 */
export function applyFields(
  full: Json,
  hidden: string[][],
  specs: FieldSpec[],
): Json {
  const selects = specs.filter((s) => s.op === '=');
  let result: Json;
  if (selects.length > 0) {
    result = Array.isArray(full) ? full.map(() => ({})) : {};
    for (const s of selects) copyPath(full, result, s.path);
  } else {
    result = clone(full);
    for (const path of hidden) removePath(result, path);
  }
  for (const s of specs) {
    if (s.op === '+') copyPath(full, result, s.path);
    if (s.op === '-') removePath(result, s.path);
  }
  return result;
}
