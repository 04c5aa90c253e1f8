/** Small parsers for single config values; each error names the field as the user edits it. */
import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';

import { ConfigField, fieldLabel } from './fields';

function isBlank(value: string | number | undefined | null): boolean {
  return value === undefined || value === null || String(value).trim() === '';
}

/** A comma-delimited list, trimmed; undefined when the field is blank. */
export function splitList(value: string | undefined): string[] | undefined {
  if (isBlank(value)) return undefined;
  return String(value)
    .split(',')
    .map((entry) => entry.trim());
}

export function requireNoEmptyEntries(
  field: ConfigField,
  entries: string[],
): void {
  const empty = entries.findIndex((entry) => entry === '');
  if (empty !== -1) {
    throw new IntegrationValidationError(
      `${fieldLabel(field)} has an empty entry at position ${empty + 1}; remove the stray comma or fill it in.`,
    );
  }
}

export function parsePositiveNumber(
  field: ConfigField,
  value: string | number | undefined,
  fallback: number,
  options: { integer?: boolean; min?: number; max?: number } = {},
): number {
  if (isBlank(value)) return fallback;
  const text = String(value).trim();
  const parsed = Number(text);
  const { integer = false, min = 0, max = Number.MAX_SAFE_INTEGER } = options;
  if (
    !/^\d+(\.\d+)?$/.test(text) ||
    !Number.isFinite(parsed) ||
    (integer && !Number.isInteger(parsed)) ||
    parsed < min ||
    parsed > max
  ) {
    throw new IntegrationValidationError(
      `${fieldLabel(field)} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; got "${text}".`,
    );
  }
  return parsed;
}

/**
 * The SDK's own reading of a boolean variable (`true`/`false`, any case), with a message in
 * the user's words; blank means "use the default".
 */
export function parseBoolean(
  field: ConfigField,
  value: string | undefined,
): boolean | undefined {
  if (isBlank(value)) return undefined;
  const text = String(value).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new IntegrationValidationError(
    `${fieldLabel(field)} must be true or false; got "${String(value).trim()}".`,
  );
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** The 2.0 API's base: the legacy groups API is found beside it, at `/1.0`. */
export function requireVersionPath(
  field: ConfigField,
  apiBaseUrl: string,
  example: string,
): string {
  if (!new URL(apiBaseUrl).pathname.endsWith('/2.0')) {
    throw new IntegrationValidationError(
      `${fieldLabel(field)} must end with the API version /2.0, as in ${example} (the legacy groups API is read beside it, at /1.0).`,
    );
  }
  return apiBaseUrl;
}

export function parseUrl(
  field: ConfigField,
  value: string | undefined,
  fallback: string,
): string {
  const text =
    value === undefined || value.trim() === '' ? fallback : value.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new IntegrationValidationError(
      `${fieldLabel(field)} is not a valid URL.`,
    );
  }
  if (url.username || url.password) {
    throw new IntegrationValidationError(
      `${fieldLabel(field)} must not carry credentials in the URL.`,
    );
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && isLoopbackHost(url.hostname))
  ) {
    throw new IntegrationValidationError(
      `${fieldLabel(field)} must use https:// (plain http:// is allowed only for a loopback address such as 127.0.0.1); got "${url.protocol}//${url.host}".`,
    );
  }
  return text.replace(/\/+$/, '');
}

/** Two lists that go together by position (keys and secrets, emails and tokens). */
export function pairLists(
  keyField: ConfigField,
  keys: string[] | undefined,
  secretField: ConfigField,
  secrets: string[] | undefined,
): Array<[string, string]> {
  if (!keys && !secrets) return [];
  if (!keys || !secrets) {
    const [present, missing] = keys
      ? [keyField, secretField]
      : [secretField, keyField];
    throw new IntegrationValidationError(
      `${fieldLabel(missing)} is required when ${fieldLabel(present)} is set.`,
    );
  }
  requireNoEmptyEntries(keyField, keys);
  requireNoEmptyEntries(secretField, secrets);
  if (keys.length !== secrets.length) {
    throw new IntegrationValidationError(
      `${fieldLabel(keyField)} and ${fieldLabel(secretField)} must list the same number of comma-delimited entries, in the same order; ${fieldLabel(keyField)} has ${keys.length} and ${fieldLabel(secretField)} has ${secrets.length}.`,
    );
  }
  return keys.map((key, index) => [key, secrets[index]]);
}
