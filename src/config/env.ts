/**
 * Reading the configuration from environment variables the way the SDK's `collect` does
 * (`snakeCase(field).toUpperCase()`), but before the SDK would: our runner checks it here so a
 * mistake is one line naming the variable, never the SDK's stack trace.
 */
import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';

import {
  ConfigField,
  envVarName,
  fieldLabel,
  instanceConfigFields,
  IntegrationConfig,
} from './fields';
import { parseBoolean } from './parsers';
import { parseConfig } from './parse';

type Env = Record<string, string | undefined>;

/** The instance config the environment describes; throws IntegrationValidationError. */
export function readConfigFromEnvironment(env: Env): IntegrationConfig {
  const config: Record<string, string | boolean> = {};
  for (const [field, definition] of Object.entries(instanceConfigFields)) {
    const name = field as ConfigField;
    const raw = env[envVarName(name)];
    if (definition.type === 'boolean') {
      const value = parseBoolean(name, raw);
      if (value !== undefined) config[name] = value;
    } else if (raw !== undefined && raw.trim() !== '') {
      // The SDK trims every field but the masked ones; a secret is taken as typed.
      config[name] = 'mask' in definition && definition.mask ? raw : raw.trim();
    }
  }
  if (config.workspace === undefined) {
    throw new IntegrationValidationError(
      `${fieldLabel('workspace')} is not set: copy .env.example to .env and fill in the workspace slug and one credential (see README, "Running").`,
    );
  }
  return config as IntegrationConfig;
}

/** Reads and parses in one go: what a runner calls before handing the config to the SDK. */
export function checkEnvironmentConfig(env: Env): IntegrationConfig {
  const config = readConfigFromEnvironment(env);
  parseConfig(config);
  return config;
}
