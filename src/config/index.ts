export type { AlertsSettings } from '../alerts/settings.js';
export type { ApiSettings, ServerSettings } from '../api/settings.js';
export type { CatalogSettings, SourceFormat, SourceSettings } from '../catalog/settings.js';
export type { ObserverSettings, ObserversSettings } from '../fields/index.js';
export { CONFIG_FILE_VARIABLE, ENV_VARIABLES, type Env, type EnvVariable } from './env.js';
export { ConfigError, type ConfigProblem, formatProblem } from './errors.js';
export {
  configProblems,
  DEFAULT_ORIGIN,
  defaultConfig,
  type LoadConfigOptions,
  loadConfig,
} from './load.js';
export { type Config, configSchema } from './schema.js';
