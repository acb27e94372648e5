import { GMST_RATE_RAD_S, WGS72 } from '../../constants.js';
import type { Site } from '../../orbit/observer.js';
import { sinElevationFromTeme } from '../../orbit/topocentric.js';
import { gmst } from '../../time.js';

const { j2: J2, muKm3S2: MU_KM3_S2, earthRadiusKm: EARTH_RADIUS_KM } = WGS72;

/**
 * Two-body (+J2) expansions of one SGP4 state: a Cartesian Taylor series for the few seconds around
 * it, and polar (radius, angle in the osculating plane) for the minutes of a pass.
 */
export class LocalModel {
  t0 = 0;
  theta0 = 0;
  readonly s = new Float64Array(6);
  // Taylor: acceleration (two-body + J2) and two-body jerk.
  private ax = 0;
  private ay = 0;
  private az = 0;
  private jx = 0;
  private jy = 0;
  private jz = 0;
  // Polar: in-plane unit vectors, radius and angle expansions.
  private ux = 0;
  private uy = 0;
  private uz = 0;
  private wx = 0;
  private wy = 0;
  private wz = 0;
  private r0 = 0;
  private rDot = 0;
  /** Distance from the Earth's centre and angular rate in the plane at the origin, km, rad/s. */
  get radius(): number {
    return this.r0;
  }
  /** Angular rate of the satellite's direction seen from the rotating Earth, rad/s. */
  earthFixedRate = 0;
  private rDdot = 0;
  private nu0Dot = 0;
  private nuDdot = 0;
  readonly out = new Float64Array(6);

  constructor(private readonly site: Site) {}

  /** Expand around `state` at `t0`; the polar expansion only when `polar` (it costs more). */
  set(t0: number, state: Float64Array, polar = true): void {
    this.t0 = t0;
    this.theta0 = gmst(t0);
    const x = state[0]!;
    const y = state[1]!;
    const z = state[2]!;
    const vx = state[3]!;
    const vy = state[4]!;
    const vz = state[5]!;
    const s = this.s;
    s[0] = x;
    s[1] = y;
    s[2] = z;
    s[3] = vx;
    s[4] = vy;
    s[5] = vz;
    const r2 = x * x + y * y + z * z;
    const r = Math.sqrt(r2);
    const r3 = r2 * r;
    const r5 = r3 * r2;
    const k = (-1.5 * J2 * MU_KM3_S2 * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / r5;
    const zz = (5 * z * z) / r2;
    this.ax = (-MU_KM3_S2 * x) / r3 + k * x * (1 - zz);
    this.ay = (-MU_KM3_S2 * y) / r3 + k * y * (1 - zz);
    this.az = (-MU_KM3_S2 * z) / r3 + k * z * (3 - zz);
    const rv = x * vx + y * vy + z * vz;
    this.jx = -MU_KM3_S2 * (vx / r3 - (3 * x * rv) / r5);
    this.jy = -MU_KM3_S2 * (vy / r3 - (3 * y * rv) / r5);
    this.jz = -MU_KM3_S2 * (vz / r3 - (3 * z * rv) / r5);
    if (!polar) return;
    // Polar: h = r x v; w = (h x r) / (|h| r) is the in-plane direction of motion.
    const hx = y * vz - z * vy;
    const hy = z * vx - x * vz;
    const hz = x * vy - y * vx;
    const h = Math.sqrt(hx * hx + hy * hy + hz * hz);
    this.ux = x / r;
    this.uy = y / r;
    this.uz = z / r;
    this.wx = (hy * z - hz * y) / (h * r);
    this.wy = (hz * x - hx * z) / (h * r);
    this.wz = (hx * y - hy * x) / (h * r);
    this.r0 = r;
    this.rDot = rv / r;
    this.nu0Dot = h / r2;
    this.rDdot = r * this.nu0Dot * this.nu0Dot - MU_KM3_S2 / r2;
    // v - w x r, then its part across r: |r x v_ef| / r^2.
    const ex = vx + GMST_RATE_RAD_S * y;
    const ey = vy - GMST_RATE_RAD_S * x;
    const cx = y * vz - z * ey;
    const cy = z * ex - x * vz;
    const cz = x * ey - y * ex;
    this.earthFixedRate = Math.sqrt(cx * cx + cy * cy + cz * cz) / r2;
    this.nuDdot = (-2 * this.rDot * this.nu0Dot) / r;
  }

  /** Taylor-extrapolated state `dt` seconds from t0, into `out`. */
  taylor(dt: number): Float64Array {
    const s = this.s;
    const o = this.out;
    const h2 = (dt * dt) / 2;
    const h3 = (dt * dt * dt) / 6;
    o[0] = s[0]! + s[3]! * dt + this.ax * h2 + this.jx * h3;
    o[1] = s[1]! + s[4]! * dt + this.ay * h2 + this.jy * h3;
    o[2] = s[2]! + s[5]! * dt + this.az * h2 + this.jz * h3;
    o[3] = s[3]! + this.ax * dt + this.jx * h2;
    o[4] = s[4]! + this.ay * dt + this.jy * h2;
    o[5] = s[5]! + this.az * dt + this.jz * h2;
    return o;
  }

  /**
   * Sine of the elevation from the site of the Taylor model at `dt`: the position terms of
   * `taylor` only, in locals (the searches call this several times per pass).
   */
  sinElTaylor(dt: number): number {
    const s = this.s;
    const h2 = (dt * dt) / 2;
    const h3 = (dt * dt * dt) / 6;
    return this.sinEl(
      s[0]! + s[3]! * dt + this.ax * h2 + this.jx * h3,
      s[1]! + s[4]! * dt + this.ay * h2 + this.jy * h3,
      s[2]! + s[5]! * dt + this.az * h2 + this.jz * h3,
      dt,
    );
  }

  /** Sine of the elevation from the site of the polar model at `dt`. */
  sinElPolar(dt: number): number {
    const rad = this.r0 + this.rDot * dt + 0.5 * this.rDdot * dt * dt;
    const nu = this.nu0Dot * dt + 0.5 * this.nuDdot * dt * dt;
    const c = Math.cos(nu) * rad;
    const s = Math.sin(nu) * rad;
    return this.sinEl(
      c * this.ux + s * this.wx,
      c * this.uy + s * this.wy,
      c * this.uz + s * this.wz,
      dt,
    );
  }

  private sinEl(x: number, y: number, z: number, dt: number): number {
    return sinElevationFromTeme(x, y, z, this.theta0 + GMST_RATE_RAD_S * dt, this.site);
  }
}
