import {
  IntegrationExecutionContext,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationValidationError,
} from '@jupiterone/integration-sdk-core';

import { CredentialCheck } from './bitbucket/client';
import { getClient } from './client-registry';
import { IntegrationConfig, ParsedConfig, parseConfig } from './config';
import { missingScopes, requiredScopeGroups } from './scopes';

/**
 * Checks the configuration, then every credential (concurrently), the scopes each was granted
 * against what the enabled steps need, and that every workspace is readable — all before a
 * single step runs, so a bad consumer never produces a half-collected graph.
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  try {
    await validate(context);
  } catch (err) {
    throw withoutStack(err);
  }
}

/**
 * A configuration problem is the user's to fix, and its message says how: the CLI prints the
 * error whole, so drop the stack trace that would bury the message (the message and the error
 * class stay, and the step runner still sees the same error).
 */
function withoutStack(err: unknown): unknown {
  if (
    err instanceof IntegrationValidationError ||
    err instanceof IntegrationProviderAuthenticationError ||
    err instanceof IntegrationProviderAuthorizationError
  ) {
    err.stack = `${err.name}: ${err.message}`;
  }
  return err;
}

async function validate(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  const parsed = parseConfig(context.instance.config);
  const client = getClient(context);

  const checks = await client.verifyCredentials(parsed.workspaces);
  for (const workspace of parsed.workspaces) {
    if (!checks.some((c) => c.workspaces.includes(workspace))) {
      throw new IntegrationValidationError(
        `Config field "workspace": workspace "${workspace}" does not exist or is not visible to the configured credentials. Use the workspace slug as it appears in https://bitbucket.org/<slug>/.`,
      );
    }
  }
  for (const check of checks) {
    if (check.workspaces.length === 0) {
      throw new IntegrationValidationError(
        `${check.label} cannot read any configured workspace (${parsed.workspaces.join(', ')}). A workspace access token reads only the workspace it was created in; an OAuth consumer or API token reads the workspaces its owner can. Remove it or add its workspace to "workspace".`,
      );
    }
  }
  checkScopes(parsed, checks);
}

function checkScopes(parsed: ParsedConfig, checks: CredentialCheck[]): void {
  const needed = requiredScopeGroups({
    ingestPullRequests: parsed.ingestPullRequests,
    ingestPermissions: parsed.ingestPermissions,
  });
  for (const check of checks) {
    if (!check.scopes) continue;
    const missing = missingScopes(check.kind, check.scopes, needed);
    if (missing.length > 0) {
      throw new IntegrationValidationError(
        `${check.label} lacks the permission(s) ${missing.join(', ')}. Grant them on the credential in Bitbucket (see docs/jupiterone.md, "Requirements") or turn off the feature that needs them.`,
      );
    }
  }
}
