import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { phraseWords } from '../fields/index.js';
import { CONFIG_FILE_VARIABLE, ENV_VARIABLES, type Env, readEnvValue } from './env.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { type Config, configSchema } from './schema.js';

/** Origin of a value nobody set: the schema's default. */
export const DEFAULT_ORIGIN = 'defaults';

export interface LoadConfigOptions {
  /** Directory relative paths (data dir, config file, file sources) are resolved against. */
  cwd: string;
}

/** The defaults: what the schema makes of an empty configuration. */
export function defaultConfig(cwd: string): Config {
  return configSchema(cwd).parse({});
}

/**
 * Build the configuration: the schema's defaults, then the JSON file named by `PASSWATCH_CONFIG`
 * merged over them (objects merge key by key; lists and values replace), then the environment
 * variables of `ENV_VARIABLES` (empty ones count as unset). Reads files but not the process
 * environment: the caller passes `env`.
 *
 * @throws ConfigError listing every problem, each with the setting's path, where its value came
 *   from and what is expected.
 */
export function loadConfig(env: Env, options: LoadConfigOptions): Config {
  const problems: ConfigProblem[] = [];
  const origins = new Map<string, string>();
  const schema = configSchema(options.cwd);
  // Start from the defaults so that settings keep the schema's order in problem lists.
  let merged: Record<string, unknown> = structuredClone(schema.parse({}));

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

  const result = schema.safeParse(merged, { reportInput: true });
  if (!result.success) problems.push(...configProblems(result.error, merged, origins));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

type Segment = string | number;

interface Located {
  path: Segment[];
  message: string;
  /** Reported before everything else inside its container (unknown keys, bad names). */
  first: boolean;
}

/**
 * Zod issues as config problems. A noun phrase (see `src/fields`) becomes `expected …; got …`;
 * a sentence is kept; unknown keys are one problem each. Problems come in the order of the
 * settings (the schema's, then the user's), each object's unknown keys and bad names first.
 */
export function configProblems(
  error: z.ZodError,
  raw: unknown,
  origins: ReadonlyMap<string, string>,
): ConfigProblem[] {
  const located: Located[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((s): s is Segment => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        located.push({
          path: [...path, key],
          message: `unknown setting; known here: ${issue.message}`,
          first: true,
        });
      }
      continue;
    }
    located.push({
      path,
      message: phraseWords(issue),
      first: issue.code === 'custom' && issue.params?.first === true,
    });
  }
  const order = (a: Located, b: Located): number => {
    const n = Math.min(a.path.length, b.path.length);
    let node: unknown = raw;
    for (let i = 0; i < n; i++) {
      const x = a.path[i]!;
      const y = b.path[i]!;
      if (x !== y) {
        const aHere = a.first && a.path.length === i + 1;
        const bHere = b.first && b.path.length === i + 1;
        if (aHere !== bHere) return aHere ? -1 : 1;
        return rank(node, x) - rank(node, y);
      }
      node = child(node, x);
    }
    if (a.path.length === b.path.length) return 0;
    // One contains the other: the container's own problem after its contents, unless hoisted.
    const container = a.path.length < b.path.length ? a : b;
    const sign = container === a ? -1 : 1;
    return container.first ? sign : -sign;
  };
  const seen = new Set<string>();
  return located.sort(order).flatMap((p) => {
    const path = joinPath(p.path);
    const key = `${path}\n${p.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ path, origin: originOf(origins, path), message: p.message }];
  });
}

function child(node: unknown, key: Segment): unknown {
  return isPlainObject(node) || Array.isArray(node)
    ? (node as Record<string | number, unknown>)[key]
    : undefined;
}

/** Position of `key` in `node`: list index, or the order of the object's keys; absent ones last. */
function rank(node: unknown, key: Segment): number {
  if (typeof key === 'number') return key;
  if (!isPlainObject(node)) return Number.MAX_SAFE_INTEGER;
  const i = Object.keys(node).indexOf(key);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

function joinPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) out = typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${s}` : s;
  return out;
}

/** Where a value came from; a path inherits its nearest ancestor's origin. */
function originOf(origins: ReadonlyMap<string, string>, path: string): string {
  let p = path;
  for (;;) {
    const found = origins.get(p);
    if (found !== undefined) return found;
    if (p === '') return DEFAULT_ORIGIN;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut < 0 ? '' : p.slice(0, cut);
  }
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
