import {
  IntegrationExecutionContext,
  IntegrationLogger,
  IntegrationProviderAuthenticationError,
  IntegrationProviderAuthorizationError,
  IntegrationValidationError,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

import { CredentialCheck } from './bitbucket/client';
import {
  CredentialRefusedError,
  DuplicateWorkspaceError,
  NotBitbucketError,
} from './bitbucket/errors';
import { getClient } from './client-registry';
import {
  ConfigField,
  envVarName,
  fieldLabel,
  IntegrationConfig,
  ParsedConfig,
  parseConfig,
} from './config';
import { missingScopes, requiredScopeGroups } from './scopes';

/**
 * Checks the configuration, then every credential (concurrently), the scopes each was granted
 * against what the enabled steps need, that every workspace is readable, and that every
 * credential sees whole workspaces — all before a single step runs, so a bad consumer never
 * produces a half-collected graph.
 */
export async function validateInvocation(
  context: IntegrationExecutionContext<IntegrationConfig>,
): Promise<void> {
  try {
    await validate(context);
  } catch (err) {
    throw withoutStack(inUserWords(err, context.instance.config));
  }
}

/** The client's errors name endpoints and URLs; the user edits environment variables. */
function inUserWords(err: unknown, config: IntegrationConfig): unknown {
  if (err instanceof NotBitbucketError) {
    const field = err.target === 'api' ? 'apiBaseUrl' : 'tokenUrl';
    const configured = config[field];
    const what =
      err.target === 'api'
        ? 'the Bitbucket Cloud API'
        : "Bitbucket's OAuth token endpoint";
    return new IntegrationValidationError(
      `${fieldLabel(field)} ${configured ? 'is' : 'defaults to'} "${err.url}", which does not answer as ${what} (${err.reason}). Check the address (host, port, scheme, path) and that this machine can reach it.`,
    );
  }
  if (err instanceof CredentialRefusedError) return refusedInUserWords(err);
  if (err instanceof DuplicateWorkspaceError) {
    return new IntegrationValidationError(
      `${fieldLabel('workspace')} lists the same workspace twice, as "${err.first}" and as "${err.second}".`,
    );
  }
  return err;
}

/** Names the entry of the variables the refused credential came from; never its secret. */
function refusedInUserWords(err: CredentialRefusedError): Error {
  const { kind, position, label } = err.credential;
  const entry = (variables: string) =>
    `${label}, entry ${position} of ${variables}, was refused by Bitbucket`;
  const text =
    kind === 'oauth'
      ? `${entry(pair('oauthKey', 'oauthSecret'))}'s token endpoint: ${err.reason}. Check the key and secret, and that the consumer is private ("This is a private consumer") with the permissions the integration needs.`
      : kind === 'access-token'
        ? `${entry(fieldLabel('accessTokens'))} (${err.reason}): the access token is invalid, expired or revoked. Replace that entry with a valid workspace access token.`
        : `${entry(pair('apiTokenEmail', 'apiToken'))} (${err.reason}): check that the email is the Atlassian account's and that the API token is valid and not expired.`;
  // Same class (the SDK reports an authentication failure), in the user's words.
  err.message = text;
  return err;
}

/** Two variables edited together, e.g. `OAUTH_KEY/OAUTH_SECRET (oauthKey/oauthSecret)`. */
function pair(a: ConfigField, b: ConfigField): string {
  return `${envVarName(a)}/${envVarName(b)} (${a}/${b})`;
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
        `${fieldLabel('workspace')}: workspace "${workspace}" does not exist or is not visible to the configured credentials. Use the workspace slug as it appears in https://bitbucket.org/<slug>/.`,
      );
    }
  }
  for (const check of checks) {
    if (check.workspaces.length === 0) {
      throw new IntegrationValidationError(
        `${check.label} cannot read any configured workspace (${parsed.workspaces.join(', ')}). A workspace access token reads only the workspace it was created in; an OAuth consumer or API token reads the workspaces its owner can. Remove it or add its workspace to ${fieldLabel('workspace')}.`,
      );
    }
  }
  checkReach(checks);
  checkScopes(parsed, checks, context.logger);
}

/**
 * A project or repository access token sees part of a workspace: a listing it answered would
 * look complete and shrink the graph. The integration lists whole workspaces, so it refuses
 * them rather than collect less than it reports.
 */
function checkReach(checks: CredentialCheck[]): void {
  const narrow = checks.filter((c) => !c.wholeWorkspace);
  if (narrow.length === 0) return;
  const why =
    'it has no "account" permission, so it is either a project or repository access token (they cannot have it), which sees only part of the workspace so that listings it answered would silently leave out the rest, or a workspace access token without the permission the members listing needs';
  if (narrow.length === checks.length) {
    throw new IntegrationValidationError(
      `No configured credential sees the whole workspace: ${narrow.map((c) => c.label).join(', ')} — ${why}. Configure an OAuth consumer (${fieldLabel('oauthKey')}, ${fieldLabel('oauthSecret')}), a workspace access token (${fieldLabel('accessTokens')}) or an API token (${fieldLabel('apiTokenEmail')}, ${fieldLabel('apiToken')}).`,
    );
  }
  throw new IntegrationValidationError(
    `${narrow[0].label} cannot be used: ${why}. Remove it from ${fieldLabel('accessTokens')}; the other credentials read the whole workspace.`,
  );
}

/**
 * Scopes the core graph needs stop the run. Scopes only the access data needs do not: those
 * steps then end failed with their types partial (JupiterOne keeps what it had) and the rest
 * of the graph is collected, so a credential set up for an earlier version keeps working.
 */
function checkScopes(
  parsed: ParsedConfig,
  checks: CredentialCheck[],
  logger: IntegrationLogger,
): void {
  const core = requiredScopeGroups({
    ingestPullRequests: parsed.ingestPullRequests,
    ingestPermissions: false,
  });
  const all = requiredScopeGroups({
    ingestPullRequests: parsed.ingestPullRequests,
    ingestPermissions: parsed.ingestPermissions,
  });
  for (const check of checks) {
    if (!check.scopes) continue;
    const missing = missingScopes(check.kind, check.scopes, core);
    if (missing.length > 0) {
      throw new IntegrationValidationError(
        `${check.label} lacks the permission(s) ${missing.join(', ')}. Grant them on the credential in Bitbucket (see docs/jupiterone.md, "Requirements") or turn off the feature that needs them.`,
      );
    }
  }
  const lacking = checks.flatMap((check) => {
    if (!check.scopes) return [];
    const missing = missingScopes(check.kind, check.scopes, all);
    return missing.length > 0
      ? [`${check.label} lacks ${missing.join(', ')}`]
      : [];
  });
  // Another credential may hold them: the steps try every credential that can read the data.
  if (lacking.length > 0) {
    const description = `Access data (roles, permissions, branch restrictions) needs admin permissions: ${lacking.join('; ')}. Those steps will end partial (JupiterOne keeps what it had) and the rest of the graph is collected. Grant them (docs/jupiterone.md, "Requirements") or set ${fieldLabel('ingestPermissions')} to false.`;
    logger.warn({}, description);
    logger.publishWarnEvent({
      name: IntegrationWarnEventName.MissingPermission,
      description,
    });
  }
}
