import type { Orbit } from '../orbit/propagate.js';
import type { StateSource } from './types.js';

/** SGP4 directly: every call is an evaluation. */
export class DirectStates implements StateSource {
  evaluations = 0;
  constructor(private readonly orbit: Orbit) {}

  stateInto(epochMs: number, out: Float64Array): number {
    this.evaluations++;
    return this.orbit.temeInto(epochMs, out);
  }
}

/**
 * SGP4 states on a regular grid, filled on demand and shared by every observer of a bulk search,
 * with cubic Hermite interpolation (positions and velocities at both ends) in between. With a
 * 30 s grid a low orbit is interpolated to about 3 cm and 3 mm/s (error ~ h^4 n^4 r / 384), below
 * SGP4's own velocity inconsistency, and the interpolated velocity is the exact derivative of the
 * interpolated position.
 */
export class SharedEphemeris implements StateSource {
  /** SGP4 evaluations spent filling the grid. */
  evaluations = 0;
  private readonly states: Float64Array;
  /** 0: not computed; 1: computed; any other value: SGP4 error code + 2. */
  private readonly filled: Uint8Array;
  private readonly stepS: number;
  private readonly count: number;

  constructor(
    private orbit: Orbit,
    private readonly startMs: number,
    endMs: number,
    private readonly stepMs: number,
  ) {
    // One node before the start and after the end: windows reach a little beyond the search.
    this.count = Math.ceil((endMs - startMs) / stepMs) + 3;
    this.states = new Float64Array(this.count * 6);
    this.filled = new Uint8Array(this.count);
    this.stepS = stepMs / 1000;
  }

  /** Reuse the grid for another orbit (same window). */
  reset(orbit: Orbit): this {
    this.orbit = orbit;
    this.filled.fill(0);
    this.evaluations = 0;
    return this;
  }

  private node(i: number): number {
    const f = this.filled[i]!;
    if (f === 1) return 0;
    if (f !== 0) return f - 2;
    this.evaluations++;
    const t = this.startMs + (i - 1) * this.stepMs;
    const code = this.orbit.temeInto(t, this.states, i * 6);
    this.filled[i] = code === 0 ? 1 : code + 2;
    return code;
  }

  stateInto(epochMs: number, out: Float64Array): number {
    const x = (epochMs - this.startMs) / this.stepMs + 1;
    const i = Math.floor(x);
    if (i < 0 || i + 1 >= this.count) return this.orbit.temeInto(epochMs, out);
    const c0 = this.node(i);
    if (c0 !== 0) return c0;
    const c1 = this.node(i + 1);
    if (c1 !== 0) return c1;
    const s = x - i;
    const h = this.stepS;
    const s2 = s * s;
    const s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1;
    const h10 = (s3 - 2 * s2 + s) * h;
    const h01 = -2 * s3 + 3 * s2;
    const h11 = (s3 - s2) * h;
    const d00 = (6 * s2 - 6 * s) / h;
    const d10 = 3 * s2 - 4 * s + 1;
    const d01 = (-6 * s2 + 6 * s) / h;
    const d11 = 3 * s2 - 2 * s;
    const a = this.states;
    const p = i * 6;
    const q = p + 6;
    for (let k = 0; k < 3; k++) {
      const p0 = a[p + k]!;
      const v0 = a[p + 3 + k]!;
      const p1 = a[q + k]!;
      const v1 = a[q + 3 + k]!;
      out[k] = h00 * p0 + h10 * v0 + h01 * p1 + h11 * v1;
      out[3 + k] = d00 * p0 + d10 * v0 + d01 * p1 + d11 * v1;
    }
    return 0;
  }
}
