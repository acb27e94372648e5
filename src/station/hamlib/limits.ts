/**
 * The rotator's limits guard: whatever position is asked, the one commanded lies inside the
 * rotator's configured azimuth and elevation ranges (clamped, with a warning saying what was
 * asked and what is sent instead).
 */

import type { RotatorPosition, RotatorSpec } from '../../core/station/rotator.js';

export type { RotatorPosition };

/**
 * A rotator's mechanical range, in its own degrees (e.g. azimuth 0–450 or −180–180, elevation
 * 0–90 or 0–180 for a flip mount): the range fields of the station's `RotatorSpec`, so a rotator
 * spec can be passed as it is.
 */
export type RotatorLimits = Pick<
  RotatorSpec,
  'azimuthMinDeg' | 'azimuthMaxDeg' | 'elevationMinDeg' | 'elevationMaxDeg'
>;

export interface GuardedPosition {
  /** What to command: inside the limits. */
  position: RotatorPosition;
  /** Null when the asked position was inside; else what was changed and why. */
  warning: string | null;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The position to command for `asked` within `limits`: each axis clamped into its range.
 * (No wrapping by 360°: a rotator near its stop that is asked past it stays at the stop rather
 * than swinging the whole way round in the middle of a pass; the rotator plan chooses the
 * overlap or an unwind deliberately.)
 *
 * @returns null when `asked` is not a pair of finite numbers (nothing can be commanded).
 */
export function guardPosition(
  limits: RotatorLimits,
  asked: RotatorPosition,
): GuardedPosition | null {
  if (!Number.isFinite(asked.azimuthDeg) || !Number.isFinite(asked.elevationDeg)) return null;
  const position = {
    azimuthDeg: clamp(asked.azimuthDeg, limits.azimuthMinDeg, limits.azimuthMaxDeg),
    elevationDeg: clamp(asked.elevationDeg, limits.elevationMinDeg, limits.elevationMaxDeg),
  };
  const changed: string[] = [];
  if (position.azimuthDeg !== asked.azimuthDeg) {
    changed.push(
      `azimuth ${asked.azimuthDeg}° is outside ${limits.azimuthMinDeg}–${limits.azimuthMaxDeg}°, clamped to ${position.azimuthDeg}°`,
    );
  }
  if (position.elevationDeg !== asked.elevationDeg) {
    changed.push(
      `elevation ${asked.elevationDeg}° is outside ${limits.elevationMinDeg}–${limits.elevationMaxDeg}°, clamped to ${position.elevationDeg}°`,
    );
  }
  return { position, warning: changed.length > 0 ? changed.join('; ') : null };
}

/** Problems with a limits description (each naming its field); empty when usable. */
export function limitsProblems(limits: RotatorLimits): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const keys = ['azimuthMinDeg', 'azimuthMaxDeg', 'elevationMinDeg', 'elevationMaxDeg'] as const;
  for (const key of keys) {
    if (!Number.isFinite(limits[key])) out.push({ field: key, message: 'must be a number' });
  }
  if (out.length > 0) return out;
  if (!(limits.azimuthMaxDeg > limits.azimuthMinDeg)) {
    out.push({ field: 'azimuthMaxDeg', message: 'must be greater than azimuthMinDeg' });
  }
  if (!(limits.elevationMaxDeg > limits.elevationMinDeg)) {
    out.push({ field: 'elevationMaxDeg', message: 'must be greater than elevationMinDeg' });
  }
  return out;
}
