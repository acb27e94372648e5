import type { SkyPoint } from '../../../src/core/station/rotator.js';

const RAD = 180 / Math.PI;

/**
 * A pass as seen from the observer, from a satellite flying a straight line at `heightKm` over a
 * flat Earth: heading `headingDeg`, passing `offsetKm` from the observer on the side at
 * `closestAzimuthDeg` (the culmination azimuth), sampled every `stepSeconds` while above
 * `minElevationDeg`. Enough geometry to put a pass exactly where a test needs it.
 */
export function linePass(options: {
  closestAzimuthDeg: number;
  offsetKm: number;
  clockwise?: boolean;
  heightKm?: number;
  speedKmS?: number;
  stepSeconds?: number;
  minElevationDeg?: number;
  startMs?: number;
}): SkyPoint[] {
  const h = options.heightKm ?? 500;
  const v = options.speedKmS ?? 7;
  const step = options.stepSeconds ?? 1;
  const minEl = options.minElevationDeg ?? 5;
  const startMs = options.startMs ?? Date.parse('2026-08-22T12:00:00Z');
  const a = options.closestAzimuthDeg / RAD;
  // Closest point (east, north), and the direction of motion (clockwise as seen from above).
  const cx = options.offsetKm * Math.sin(a);
  const cy = options.offsetKm * Math.cos(a);
  const sign = options.clockwise === false ? -1 : 1;
  const dx = sign * Math.cos(a);
  const dy = sign * -Math.sin(a);
  const groundMax = h / Math.tan(minEl / RAD);
  const halfSpan = Math.sqrt(Math.max(0, groundMax ** 2 - options.offsetKm ** 2)) / v;
  const points: SkyPoint[] = [];
  for (let t = -Math.floor(halfSpan / step) * step; t <= halfSpan; t += step) {
    const x = cx + dx * v * t;
    const y = cy + dy * v * t;
    const ground = Math.hypot(x, y);
    const az = (Math.atan2(x, y) * RAD + 360) % 360;
    points.push({
      timeMs: startMs + (t + halfSpan) * 1000,
      azimuthDeg: az,
      elevationDeg: Math.atan2(h, ground) * RAD,
    });
  }
  return points;
}
