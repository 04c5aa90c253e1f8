/**
 * `.env` as the SDK's `collect` reads it (from the working directory; a variable already set in
 * the environment wins), read by our runner first so it can check the values before the SDK.
 */
import { existsSync, readFileSync } from 'fs';

/** Sets the variables `file` defines and the environment does not; false when there is no file. */
export function loadDotEnv(file: string, env: NodeJS.ProcessEnv): boolean {
  if (!existsSync(file)) return false;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(
      line,
    );
    if (!match || env[match[1]] !== undefined) continue;
    env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return true;
}
