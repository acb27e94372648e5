export { CONFIG_FILE_VARIABLE, ENV_VARIABLES, type Env, type EnvVariable } from './env.js';
export { ConfigError, type ConfigProblem, formatProblem } from './errors.js';
export { DEFAULT_CONFIG_PATH, type LoadConfigOptions, loadConfig } from './load.js';
export type {
  AlertsConfig,
  Config,
  ObserverConfig,
  SourceConfig,
  SourceFormat,
} from './types.js';
export { validateConfig } from './validate.js';
