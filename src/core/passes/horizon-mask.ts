import { wrap360 } from '../units.js';

/** One point of a horizon mask: the lowest usable elevation towards an azimuth. */
export interface HorizonMaskPoint {
  azimuthDeg: number;
  elevationDeg: number;
}

/**
 * Minimum elevation as a function of azimuth (trees to the east, a roof to the north), linear
 * between the given points and wrapping through north. A single point means a flat horizon.
 */
export class HorizonMask {
  readonly points: readonly HorizonMaskPoint[];
  readonly minElevationDeg: number;
  readonly maxElevationDeg: number;
  private readonly az: Float64Array;
  private readonly el: Float64Array;

  constructor(points: readonly HorizonMaskPoint[]) {
    if (points.length === 0) throw new RangeError('a horizon mask needs at least one point');
    for (const [i, p] of points.entries()) {
      if (!Number.isFinite(p.azimuthDeg) || !Number.isFinite(p.elevationDeg)) {
        throw new RangeError(`horizon mask point ${i}: azimuth and elevation must be numbers`);
      }
      if (p.elevationDeg < -90 || p.elevationDeg > 90) {
        throw new RangeError(`horizon mask point ${i}: elevation must be within [-90, 90] degrees`);
      }
    }
    const sorted = points
      .map((p) => ({ azimuthDeg: wrap360(p.azimuthDeg), elevationDeg: p.elevationDeg }))
      .sort((a, b) => a.azimuthDeg - b.azimuthDeg);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.azimuthDeg === sorted[i - 1]!.azimuthDeg) {
        throw new RangeError(`horizon mask: azimuth ${sorted[i]!.azimuthDeg} is given twice`);
      }
    }
    this.points = sorted;
    this.az = Float64Array.from(sorted, (p) => p.azimuthDeg);
    this.el = Float64Array.from(sorted, (p) => p.elevationDeg);
    this.minElevationDeg = Math.min(...this.el);
    this.maxElevationDeg = Math.max(...this.el);
  }

  /** The mask's elevation (degrees) towards `azimuthDeg`, interpolated linearly. */
  elevationAt(azimuthDeg: number): number {
    const n = this.az.length;
    const first = this.el[0]!;
    if (n === 1) return first;
    const a = wrap360(azimuthDeg);
    const az = this.az;
    const el = this.el;
    let hi = 0;
    while (hi < n && az[hi]! <= a) hi++;
    // Between the last and the first point the mask wraps through north.
    const lo = hi === 0 ? n - 1 : hi - 1;
    const hiIdx = hi === n ? 0 : hi;
    const azLo = az[lo]!;
    let azHi = az[hiIdx]!;
    let x = a;
    if (azHi <= azLo) {
      azHi += 360;
      if (x < azLo) x += 360;
    }
    const f = (x - azLo) / (azHi - azLo);
    return el[lo]! + f * (el[hiIdx]! - el[lo]!);
  }
}
