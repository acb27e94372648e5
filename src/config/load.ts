import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_VARIABLE, ENV_VARIABLES, type Env, readEnvValue } from './env.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import type { Config } from './types.js';
import { validateConfig } from './validate.js';

/** The bundled defaults. */
export const DEFAULT_CONFIG_PATH = fileURLToPath(
  new URL('../../config/default.json', import.meta.url),
);

export interface LoadConfigOptions {
  /** Directory relative paths (data dir, config file, file sources) are resolved against. */
  cwd: string;
  /** Defaults file; `config/default.json` unless a test says otherwise. */
  defaultsPath?: string;
}

/**
 * Build the configuration: `config/default.json`, then the JSON file named by `PASSWATCH_CONFIG`
 * merged over it (objects merge key by key; lists and values replace), then the environment
 * variables of `ENV_VARIABLES` (empty ones count as unset). Reads files but not the process
 * environment: the caller passes `env`.
 *
 * @throws ConfigError listing every problem, each with the setting's path, where its value came
 *   from and what is expected.
 */
export function loadConfig(env: Env, options: LoadConfigOptions): Config {
  const problems: ConfigProblem[] = [];
  const origins = new Map<string, string>();
  const defaultsPath = options.defaultsPath ?? DEFAULT_CONFIG_PATH;
  const defaultsOrigin = options.defaultsPath ?? 'config/default.json';

  let merged: Record<string, unknown> = {};
  const defaults = readJson(defaultsPath, defaultsOrigin, problems);
  if (defaults !== undefined) {
    merged = mergeLayer(merged, defaults, '', defaultsOrigin, origins);
  }

  const file = env[CONFIG_FILE_VARIABLE]?.trim();
  if (file) {
    const path = resolve(options.cwd, file);
    const origin = `${path} (${CONFIG_FILE_VARIABLE})`;
    const layer = readJson(path, origin, problems);
    if (layer !== undefined) {
      if (typeof layer !== 'object' || layer === null || Array.isArray(layer)) {
        problems.push({ path: '', origin, message: 'expected a JSON object of settings' });
      } else {
        merged = mergeLayer(merged, layer, '', origin, origins);
      }
    }
  }

  for (const variable of ENV_VARIABLES) {
    const text = env[variable.name];
    if (text === undefined) continue;
    const read = readEnvValue(variable.kind, text);
    if (read === null) continue;
    if ('error' in read) {
      problems.push({
        path: variable.path,
        origin: variable.name,
        message: `${variable.name} ${read.error}`,
      });
      continue;
    }
    setPath(merged, variable.path, read.value);
    for (const key of [...origins.keys()]) {
      if (
        key === variable.path ||
        key.startsWith(`${variable.path}.`) ||
        key.startsWith(`${variable.path}[`)
      ) {
        origins.delete(key);
      }
    }
    origins.set(variable.path, variable.name);
  }

  const result = validateConfig(merged, origins, options.cwd);
  problems.push(...result.problems);
  if (problems.length > 0 || result.config === null) throw new ConfigError(problems);
  return result.config;
}

function readJson(path: string, origin: string, problems: ConfigProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    problems.push({ path: '', origin, message: `cannot read the file (${code})` });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push({ path: '', origin, message: `not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merge `layer` over `base`; objects merge, everything else replaces. Records origins. */
function mergeLayer(
  base: unknown,
  layer: unknown,
  path: string,
  origin: string,
  origins: Map<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  if (!isPlainObject(layer)) return out;
  for (const [key, value] of Object.entries(layer)) {
    const sub = path === '' ? key : `${path}.${key}`;
    if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = mergeLayer(out[key], value, sub, origin, origins);
    } else if (isPlainObject(value)) {
      out[key] = mergeLayer({}, value, sub, origin, origins);
      origins.set(sub, origin);
    } else {
      out[key] = value;
      origins.set(sub, origin);
    }
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}
