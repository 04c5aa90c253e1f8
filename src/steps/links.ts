import { Links } from '../bitbucket/types';

/** The provider's HTML link, which the JupiterOne UI opens from `webLink`. */
export function htmlLink(links: Links | undefined): string | undefined {
  const html = links?.html;
  return html && !Array.isArray(html) ? webLink(html.href) : undefined;
}

/** A valid absolute URI (the data model checks `format: uri`): non-ASCII is percent-encoded. */
export function webLink(url: string): string | undefined {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

/** Epoch ms from Bitbucket's ISO-8601 timestamps; undefined when absent or unparseable. */
export function epochMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A string property another step wrote; a missing one is a bug, not data to guess at. */
export function stringProperty(
  entity: { _key: string; [k: string]: unknown },
  name: string,
): string {
  const value = entity[name];
  if (typeof value !== 'string') {
    throw new Error(`Entity ${entity._key} has no string property "${name}"`);
  }
  return value;
}
