/**
 * Validation of user input shared by the CLI and the HTTP API: each rule names the field and says
 * what is accepted.
 */
import type { Observer } from '../core/orbit/index.js';
import { RANGES } from '../fields/index.js';
import { InputError } from './time.js';

export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Parse a decimal number from text, within bounds; throws `InputError` naming `field`. */
export function parseNumber(text: string, field: string, rule: NumberRule = {}): number {
  const s = text.trim();
  const value = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : Number.NaN;
  if (!Number.isFinite(value)) {
    throw new InputError(field, `${field} "${text}" is not a number`);
  }
  return checkNumber(value, field, rule);
}

/** Check a number against bounds; throws `InputError` naming `field`. */
export function checkNumber(value: number, field: string, rule: NumberRule = {}): number {
  const { min, max, integer } = rule;
  if (integer && !Number.isInteger(value)) {
    throw new InputError(field, `${field} must be a whole number (got ${value})`);
  }
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const range =
      min !== undefined && max !== undefined
        ? `between ${min} and ${max}`
        : min !== undefined
          ? `at least ${min}`
          : `at most ${max}`;
    throw new InputError(field, `${field} must be ${range} (got ${value})`);
  }
  return value;
}

/** The ranges shared with the config, the API and subscriptions (`src/fields`). */
export const LIMITS = RANGES satisfies Record<string, NumberRule>;

/** An observer from text fields (CLI flags, query parameters). */
export function parseObserver(
  fields: { lat: string | undefined; lon: string | undefined; alt?: string | undefined },
  names: { lat: string; lon: string; alt: string },
): Observer {
  if (fields.lat === undefined) throw new InputError(names.lat, `${names.lat} is required`);
  if (fields.lon === undefined) throw new InputError(names.lon, `${names.lon} is required`);
  return {
    latitudeDeg: parseNumber(fields.lat, names.lat, LIMITS.latitudeDeg),
    longitudeDeg: parseNumber(fields.lon, names.lon, LIMITS.longitudeDeg),
    altitudeM: fields.alt === undefined ? 0 : parseNumber(fields.alt, names.alt, LIMITS.altitudeM),
  };
}
