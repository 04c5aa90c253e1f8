import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';

import { fieldLabel } from './fields';
import { requireNoEmptyEntries, splitList } from './parsers';

const FIELD = fieldLabel('workspace');

/** The slug in a pasted workspace or repository URL (`https://bitbucket.org/acme/x` → `acme`). */
function slugFromUrl(entry: string): string | undefined {
  try {
    const url = new URL(
      /^[a-z]+:\/\//i.test(entry) ? entry : `https://${entry}`,
    );
    return url.pathname.split('/').find((part) => part !== '');
  } catch {
    return undefined;
  }
}

/**
 * Workspace slugs (or `{uuid}`s), comma-delimited. A slug never holds `/`, `:` or spaces, so
 * such an entry is a pasted URL or a typo: say so now rather than as a 404 after validation.
 */
export function parseWorkspaces(value: string | undefined): string[] {
  const workspaces = splitList(value);
  if (!workspaces) {
    throw new IntegrationValidationError(
      `${FIELD} is required: the slug of the Bitbucket workspace to collect, e.g. acme for https://bitbucket.org/acme/ (several may be comma-delimited).`,
    );
  }
  requireNoEmptyEntries('workspace', workspaces);
  workspaces.forEach((entry, index) => {
    if (!/[/:\s]/.test(entry)) return;
    const slug = slugFromUrl(entry);
    throw new IntegrationValidationError(
      `${FIELD} entry ${index + 1} ("${entry}") is not a workspace slug; give the slug only${slug ? `, e.g. ${slug}` : ''}, as in https://bitbucket.org/<slug>/.`,
    );
  });
  const duplicate = workspaces.find(
    (slug, index) =>
      workspaces.findIndex(
        (other) => other.toLowerCase() === slug.toLowerCase(),
      ) !== index,
  );
  if (duplicate) {
    throw new IntegrationValidationError(
      `${FIELD} lists "${duplicate}" more than once.`,
    );
  }
  return workspaces;
}
