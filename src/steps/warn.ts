import {
  IntegrationLogger,
  IntegrationWarnEventName,
} from '@jupiterone/integration-sdk-core';

/**
 * Tells the user: a warning event shows in the JupiterOne job log; the same line goes to the
 * local log, where `j1-integration collect` does not print events.
 */
export function warnUser(
  logger: IntegrationLogger,
  name: IntegrationWarnEventName,
  description: string,
): void {
  logger.publishWarnEvent({ name, description });
  logger.warn({ warning: name }, description);
}
