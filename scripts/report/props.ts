/** Typed reads of collected properties, which the graph files give as `unknown`. */

export const text = (value: unknown, fallback = ''): string =>
  typeof value === 'string' ? value : fallback;

export const flag = (value: unknown): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;

export const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const texts = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

/** `via` as the access step writes it: a list, or one comma-separated string. */
export const viaList = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : texts(value);

/** The first non-empty string among `values`. */
export const firstText = (...values: unknown[]): string =>
  values.find((v): v is string => typeof v === 'string' && v !== '') ?? '';

export const isoDate = (epochMs: unknown): string | null => {
  const ms = count(epochMs);
  return ms === undefined ? null : new Date(ms).toISOString();
};
