/**
 * The primary's states on a 30 s grid, interpolated by cubic Hermite on position and velocity
 * (position error well under a metre in LEO): what the sieve steps on.
 */
import type { Orbit } from '../orbit/propagate.js';

const GRID_S = 30;

/** The primary's states on a grid, interpolated (cubic Hermite on position and velocity). */
export class HermiteTable {
  private readonly states: Float64Array;
  readonly count: number;
  constructor(
    orbit: Orbit,
    readonly startMs: number,
    endMs: number,
  ) {
    this.count = Math.ceil((endMs - startMs) / (GRID_S * 1000)) + 2;
    this.states = new Float64Array(this.count * 6);
    for (let k = 0; k < this.count; k++) {
      const code = orbit.temeInto(startMs + k * GRID_S * 1000, this.states, k * 6);
      if (code !== 0)
        throw new Error(`the primary ${orbit.noradId} cannot be propagated (SGP4 error ${code})`);
    }
  }

  /** Position and velocity at `ms` into out[0..5]. */
  at(ms: number, out: Float64Array): void {
    const x = (ms - this.startMs) / (GRID_S * 1000);
    const k = Math.min(this.count - 2, Math.max(0, Math.floor(x)));
    const s = x - k;
    const h = GRID_S;
    const s2 = s * s;
    const s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1;
    const h10 = s3 - 2 * s2 + s;
    const h01 = -2 * s3 + 3 * s2;
    const h11 = s3 - s2;
    const d00 = (6 * s2 - 6 * s) / h;
    const d10 = 3 * s2 - 4 * s + 1;
    const d01 = (-6 * s2 + 6 * s) / h;
    const d11 = 3 * s2 - 2 * s;
    const a = this.states;
    const i0 = k * 6;
    const i1 = i0 + 6;
    for (let c = 0; c < 3; c++) {
      const p0 = a[i0 + c]!;
      const v0 = a[i0 + 3 + c]!;
      const p1 = a[i1 + c]!;
      const v1 = a[i1 + 3 + c]!;
      out[c] = h00 * p0 + h10 * h * v0 + h01 * p1 + h11 * h * v1;
      out[3 + c] = d00 * p0 + d10 * v0 + d01 * p1 + d11 * v1;
    }
  }
}
