/** What `passwatch passes` reads: NORAD ids, named observers, element files, horizon masks. */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/index.js';
import { type ElementSet, parseElements } from '../core/elements/index.js';
import type { Observer } from '../core/orbit/index.js';
import { HorizonMask } from '../core/passes/index.js';
import { configuredObserver, type ObserversSettings, observerSite } from '../fields/index.js';
import { LIMITS, parseNumber } from '../format/input.js';
import { InputError } from '../format/time.js';
import { CliError, type CliIo } from './io.js';

/** `--sat 25544,43017`: NORAD ids, each checked. */
export function parseIds(text: string): number[] {
  const ids = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => parseNumber(part, '--sat', LIMITS.noradId));
  if (ids.length === 0) throw new CliError('--sat needs NORAD ids, e.g. 25544 or 25544,43017');
  return [...new Set(ids)];
}

export async function configured<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 78);
    throw error;
  }
}

/** A configured observer by name, or a CliError listing the known ones. */
export function namedObserver(
  name: string,
  observers: ObserversSettings,
): {
  observer: Observer;
  minElevationDeg: number;
  horizonMask: HorizonMask | null;
  zone: string | null;
} {
  const o = configuredObserver(observers, name);
  if (!o) {
    const known = Object.keys(observers);
    throw new CliError(
      known.length
        ? `no observer named "${name}"; configured observers: ${known.join(', ')}`
        : `no observer named "${name}": none is configured (set PASSWATCH_OBSERVERS or "observers" in the config file)`,
    );
  }
  return observerSite(o);
}

/** Read and parse an element file, reporting every rejected record on stderr. */
export async function loadElements(path: string, io: CliIo): Promise<ElementSet[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CliError(`cannot read --elements ${path} (${why})`, 1);
  }
  const { elements, issues } = parseElements(text, path);
  for (const issue of issues) {
    const id = issue.noradId === null ? '' : ` (NORAD ${issue.noradId})`;
    io.err(`passwatch: warning: ${path}:${issue.line}${id}: ${issue.reason}\n`);
  }
  if (elements.length === 0) throw new CliError(`no usable element sets in ${path}`, 1);
  return elements;
}

export function parseMask(text: string): HorizonMask {
  const points = text.split(',').map((pair) => {
    const [az, el, extra] = pair.split(':');
    if (az === undefined || el === undefined || extra !== undefined) {
      throw new InputError('--horizon-mask', `--horizon-mask "${pair}" is not azimuth:elevation`);
    }
    return {
      azimuthDeg: parseNumber(az, '--horizon-mask azimuth', LIMITS.azimuthDeg),
      elevationDeg: parseNumber(el, '--horizon-mask elevation', LIMITS.minElevationDeg),
    };
  });
  try {
    return new HorizonMask(points);
  } catch (error) {
    throw new InputError('--horizon-mask', `--horizon-mask: ${(error as Error).message}`);
  }
}
