import { IntegrationLogger } from '@jupiterone/integration-sdk-core';

/** A logger that keeps every call's arguments, so tests can search all output for secrets. */
export function recordingLogger(): {
  logger: IntegrationLogger;
  lines: () => string[];
} {
  const records: string[] = [];
  const logger: IntegrationLogger = new Proxy({} as IntegrationLogger, {
    get(_target, prop) {
      if (prop === 'child') return () => logger;
      if (prop === 'isHandledError') return () => false;
      return (...args: unknown[]) => {
        records.push(`${String(prop)} ${JSON.stringify(args, errorReplacer)}`);
      };
    },
  });
  return { logger, lines: () => [...records] };
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}
