export type { ClientSettings, CredentialConfig } from '../bitbucket/settings';
export { describeCredential } from '../bitbucket/settings';
export * from './fields';
export { parseConfig, getParsedConfig } from './parse';
export type { ParsedConfig } from './parse';
export { readConfigFromEnvironment, checkEnvironmentConfig } from './env';
