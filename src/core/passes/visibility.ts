import { WGS72 } from '../constants.js';
import { type Site, siteTeme } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { Look, lookFromTeme, sinElevationFromTeme } from '../orbit/topocentric.js';
import { bisectFlip } from '../search/index.js';
import { sunlitMarginKm } from '../sky/shadow.js';
import type { NearStar } from '../sky/stars.js';
import { gmst } from '../time.js';
import { RAD, type Vec3 } from '../units.js';
import {
  apparentMagnitude,
  brightestOnGrid,
  type MagnitudeSampler,
  magnitudeSampler,
} from './brightest.js';
import type { MoonNearTrack } from './moon-near.js';
import type { Pass, PassPoint } from './types.js';

export { apparentMagnitude } from './brightest.js';

/** Anything that gives the Sun's TEME position (km) at an instant: `SunTrack`, or a function. */
export interface SunSource {
  temeKm(epochMs: number): Vec3;
}

export interface VisibilityConditions {
  /** The observer's sky counts as dark when the Sun's centre is at or below this, degrees. */
  maxSunElevationDeg: number;
  /**
   * When given, the segments whose brightest magnitude is unknown or fainter than this are left
   * out (and those provably fainter are not searched for their brightest point).
   */
  maxMagnitude?: number;
}

export const DEFAULT_VISIBILITY: VisibilityConditions = { maxSunElevationDeg: -6 };

/** A point of a pass with the satellite's brightness. */
export interface BrightPoint extends PassPoint {
  /** Visual magnitude, including the dimming in the penumbra. */
  magnitude: number;
}

/** Part of a pass in which the satellite can be seen: sunlit, above the threshold, dark sky. */
export interface VisibleSegment {
  start: PassPoint;
  end: PassPoint;
  /** Brightest visual magnitude in the segment; null without a standard magnitude. */
  brightestMagnitude: number | null;
  /** Where and when it is brightest; null without a standard magnitude. */
  brightest: BrightPoint | null;
  /** The Moon during this part (added by the prediction driver, `moonNearTrack`). */
  moon?: MoonNearTrack | null;
  /** The named stars nearest its start and end (added by the prediction driver). */
  nearStars?: { start: NearStar | null; end: NearStar | null };
}

const EDGE_TOLERANCE_MS = 100;

/**
 * The sky at one instant of a pass. `lit` is computed with the sample; the rest when first read
 * (a bisection step reads one condition, a brightness sample only the magnitude), each from the
 * same inputs and by the same functions whichever is read first.
 */
class Sky {
  /** Positive when the observer's sky is dark enough (deg below the limit); see `dark`. */
  private darkDeg: number | undefined = undefined;
  private mag: number | null | undefined = undefined;
  private looked = false;
  private azDeg = 0;
  private elDeg = 0;
  private rangeAt = 0;

  constructor(
    readonly t: number,
    private readonly theta: number,
    /** The satellite's TEME state (km, km/s). */
    private readonly x: number,
    private readonly y: number,
    private readonly z: number,
    private readonly vx: number,
    private readonly vy: number,
    private readonly vz: number,
    private readonly sunPos: Vec3,
    /** Positive when the satellite is sunlit (km of clearance). */
    readonly lit: number,
    private readonly site: Site,
    private readonly stdMagnitude: number | null,
    private readonly maxSunElevationDeg: number,
  ) {}

  /** Positive when the observer's sky is dark enough (deg below the limit). */
  get dark(): number {
    this.darkDeg ??= this.maxSunElevationDeg - sunElevationFrom(this.site, this.sunPos, this.theta);
    return this.darkDeg;
  }

  /** Visual magnitude when sunlit (null in shadow or without a standard magnitude). */
  get magnitude(): number | null {
    if (this.mag === undefined) {
      this.mag =
        this.lit > 0
          ? apparentMagnitude(
              this.stdMagnitude,
              { x: this.x, y: this.y, z: this.z },
              this.sunPos,
              siteTeme(this.site, this.theta),
              this.range,
            )
          : null;
    }
    return this.mag;
  }

  get az(): number {
    return this.look().azDeg;
  }

  get el(): number {
    return this.look().elDeg;
  }

  get range(): number {
    return this.look().rangeAt;
  }

  private look(): this {
    if (!this.looked) {
      const state = lookState;
      state[0] = this.x;
      state[1] = this.y;
      state[2] = this.z;
      state[3] = this.vx;
      state[4] = this.vy;
      state[5] = this.vz;
      lookFromTeme(state, this.theta, this.site, lookOut);
      this.elDeg = lookOut.elevationRad * RAD;
      this.azDeg = lookOut.azimuthRad * RAD;
      this.rangeAt = lookOut.rangeKm;
      this.looked = true;
    }
    return this;
  }
}

/** Scratch of `Sky`'s look (filled and read within one call). */
const lookState = new Float64Array(6);
const lookOut = new Look();

/**
 * The visible segments of a pass: satellite sunlit (the Sun's centre visible from it), the
 * observer's Sun at or below `maxSunElevationDeg`, satellite above the pass threshold (true
 * throughout a pass). Segment edges are found by bisection to 0.1 s between samples spaced
 * 1/150 of an orbit (5-120 s; shadow and twilight flip at most once in such a step). The
 * brightest magnitude is the minimum over each segment (`refineBrightest`), to 0.05 mag. A pass
 * in daylight throughout is recognised from the Sun at three instants without propagating.
 */
export function visibleSegments(
  orbit: Orbit,
  site: Site,
  pass: Pass,
  window: { startMs: number; endMs: number },
  sun: SunSource,
  stdMagnitude: number | null,
  conditions: VisibilityConditions = DEFAULT_VISIBILITY,
): VisibleSegment[] {
  const from = pass.aos?.timeMs ?? window.startMs;
  const to = pass.los?.timeMs ?? window.endMs;
  if (!(to > from)) return [];
  if (daylightThroughout(site, sun, [from, pass.tca.timeMs, to], conditions)) return [];
  const cutoff = conditions.maxMagnitude;
  // Without a standard magnitude no segment has a brightest magnitude.
  if (cutoff !== undefined && stdMagnitude === null) return [];
  const sample = skySampler(orbit, site, sun, stdMagnitude, conditions);
  const magnitudeAt = magnitudeSampler(orbit, site, sun, stdMagnitude);
  const step = Math.min(120_000, Math.max(5_000, (orbit.periodMinutes * 60_000) / 150));
  const n = Math.max(1, Math.ceil((to - from) / step));
  const segments: VisibleSegment[] = [];
  const close = (start: Sky, end: Sky, best: Sky | null) => {
    const made = segment(start, end, best, sample, magnitudeAt, stdMagnitude, cutoff);
    if (made) segments.push(made);
  };
  let prev = sample(from);
  if (prev === null) return [];
  if (prev.lit <= 0 && shadowedThroughout(orbit, sun, from, prev.lit, to)) return [];
  let open: Sky | null = visible(prev) ? prev : null;
  let best: Sky | null = open;
  for (let i = 1; i <= n; i++) {
    const t = i === n ? to : from + ((to - from) * i) / n;
    const cur = sample(t);
    if (cur === null) break;
    const isVisible = visible(cur);
    let lit = prev.lit > 0;
    let dark = prev.dark > 0;
    // Conditions flip inside (prev, cur]: walk the flips in time order.
    for (const flip of flips(sample, prev, cur)) {
      if (flip.key === 'lit') lit = !lit;
      else dark = !dark;
      if (lit && dark && !open) {
        open = flip.at;
        best = flip.at;
      } else if (!(lit && dark) && open) {
        close(open, flip.at, best);
        open = null;
      }
    }
    if (open && isVisible && brighter(cur, best)) best = cur;
    prev = cur;
  }
  if (open) close(open, prev, best);
  return segments;
}

/** Probes `shadowedThroughout` takes before leaving the question to the sampling. */
const SHADOW_PROBES = 6;

/**
 * True when the satellite stays in the Earth's shadow (`sunlitMarginKm` <= 0) from `fromMs`, where
 * its margin is `marginKm`, to `toMs`, so no part of the pass can be visible and the sampling would find none. The
 * margin is the distance from the satellite to the shadow's axis behind the Earth (to the Earth's
 * centre on the day side) less the Earth's radius, so it changes no faster than the satellite
 * moves (plus a little for the turning Sun and the flattening): from a probe in shadow it stays
 * negative for |margin| / speed. The speed is bounded by the speed at perigee of the orbit's mean
 * elements, with room for SGP4's periodic terms and decay.
 */
export function shadowedThroughout(
  orbit: Orbit,
  sun: SunSource,
  fromMs: number,
  marginKm: number,
  toMs: number,
): boolean {
  const mu = WGS72.muKm3S2;
  const perigee = WGS72.earthRadiusKm + orbit.perigeeKm;
  const axis = perigee + WGS72.earthRadiusKm + orbit.apogeeKm;
  const perigeeSpeed = Math.sqrt(mu * (2 / perigee - 2 / axis));
  // km/s of margin change: at most 12 km/s for anything SGP4 propagates above the Earth.
  const rate = 1.06 * Math.min(12, 1.05 * perigeeSpeed + 0.2) + 0.02;
  if (!(rate > 0)) return false;
  const state = new Float64Array(6);
  let t = fromMs;
  let margin = marginKm;
  for (let i = 0; ; i++) {
    if (!(margin < 0)) return false;
    const reach = t + (-margin / rate) * 1000;
    if (reach > toMs) return true;
    if (i === SHADOW_PROBES) return false;
    t = reach;
    if (orbit.temeInto(t, state) !== 0) return false;
    margin = sunlitMarginKm({ x: state[0]!, y: state[1]!, z: state[2]! }, sun.temeKm(t));
  }
}

/** The Sun's elevation changes by at most 0.25 deg a minute (360 deg a day, plus margin). */
const SUN_RATE_DEG_PER_MS = 0.26 / 60_000;

/**
 * True when the observer's Sun stays above the darkness limit over the whole span, proven from
 * its elevation at the given instants (sorted) and the Sun's greatest rate of change between them.
 */
function daylightThroughout(
  site: Site,
  sun: SunSource,
  times: number[],
  conditions: VisibilityConditions,
): boolean {
  let prevT = Number.NaN;
  let prevEl = Number.NaN;
  for (const t of times) {
    const el = sunElevationFrom(site, sun.temeKm(t), gmst(t));
    if (el <= conditions.maxSunElevationDeg) return false;
    if (Number.isFinite(prevT)) {
      // Lowest the Sun can dip between two samples above the limit.
      const dip = (SUN_RATE_DEG_PER_MS * (t - prevT)) / 2;
      if (Math.min(el, prevEl) - dip <= conditions.maxSunElevationDeg) return false;
    }
    prevT = t;
    prevEl = el;
  }
  return true;
}

/** Elevation of the Sun (TEME position, km) above a site's horizon at sidereal angle theta, deg. */
function sunElevationFrom(site: Site, sunPos: Vec3, theta: number): number {
  return Math.asin(sinElevationFromTeme(sunPos.x, sunPos.y, sunPos.z, theta, site)) * RAD;
}

function visible(s: Sky): boolean {
  return s.lit > 0 && s.dark > 0;
}

function brighter(a: Sky, b: Sky | null): boolean {
  return a.magnitude !== null && (b === null || b.magnitude === null || a.magnitude < b.magnitude);
}

type Sampler = (t: number) => Sky | null;

function skySampler(
  orbit: Orbit,
  site: Site,
  sun: SunSource,
  stdMagnitude: number | null,
  conditions: VisibilityConditions,
): Sampler {
  const state = new Float64Array(6);
  return (t) => {
    if (orbit.temeInto(t, state) !== 0) return null;
    const theta = gmst(t);
    const sunPos = sun.temeKm(t);
    const lit = sunlitMarginKm({ x: state[0]!, y: state[1]!, z: state[2]! }, sunPos);
    return new Sky(
      t,
      theta,
      state[0]!,
      state[1]!,
      state[2]!,
      state[3]!,
      state[4]!,
      state[5]!,
      sunPos,
      lit,
      site,
      stdMagnitude,
      conditions.maxSunElevationDeg,
    );
  };
}

/** Flips of `lit` and `dark` inside (a, b], in time order, each bisected to 0.1 s. */
function flips(sample: Sampler, a: Sky, b: Sky): { at: Sky; key: 'lit' | 'dark' }[] {
  const found: { at: Sky; key: 'lit' | 'dark' }[] = [];
  for (const key of ['lit', 'dark'] as const) {
    const before = a[key] > 0;
    if (before === b[key] > 0) continue;
    const side = (s: Sky | null) => (s === null ? undefined : s[key] > 0 === before);
    const flip = bisectFlip(sample, side, a.t, a, b.t, b, EDGE_TOLERANCE_MS);
    // The side test never sends a failed sample after the flip: `after` is a sample.
    found.push({ at: flip.after ?? b, key });
  }
  return found.sort((x, y) => x.at.t - y.at.t);
}

function segment(
  start: Sky,
  end: Sky,
  best: Sky | null,
  sample: Sampler,
  magnitudeAt: MagnitudeSampler,
  stdMagnitude: number | null,
  cutoff: number | undefined,
): VisibleSegment | null {
  const peak =
    best && best.magnitude !== null && stdMagnitude !== null
      ? refineBrightest(sample, magnitudeAt, stdMagnitude, start, end, best, cutoff)
      : null;
  if (cutoff !== undefined && !(peak && peak.magnitude <= cutoff)) return null;
  return {
    start: toPoint(start),
    end: toPoint(end),
    brightestMagnitude: peak ? peak.magnitude : null,
    brightest: peak,
  };
}

function toPoint(s: Sky): PassPoint {
  return { timeMs: s.t, azimuthDeg: s.az, elevationDeg: s.el, rangeKm: s.range };
}

/** Grid points per segment for the brightness search, and their greatest spacing, ms. */
const BRIGHT_INTERVALS = 16;
const BRIGHT_STEP_MS = 10_000;
/**
 * The smallest magnitude over the segment [start, end], ends included: magnitude sampled at 16
 * or more points at most 10 s apart (the penumbra, the quickest feature, takes ~10 s to cross in
 * LEO), the best refined by Brent's method to 0.5 s. A short segment beside the Earth's shadow is
 * searched as finely as a long one.
 */
function refineBrightest(
  sample: Sampler,
  magnitudeAt: MagnitudeSampler,
  stdMagnitude: number,
  start: Sky,
  end: Sky,
  best: Sky,
  cutoff = Number.POSITIVE_INFINITY,
): BrightPoint | null {
  const span = end.t - start.t;
  const intervals = Math.max(BRIGHT_INTERVALS, span / BRIGHT_STEP_MS);
  // Searched on the magnitude alone; the point found is sampled whole once (the same values).
  let found = brightestOnGrid(magnitudeAt, stdMagnitude, start.t, end.t, intervals, cutoff);
  if (found === 'fainter') {
    // The segment's ends and best sample lie in the span proven fainter: no brighter point.
    const within = [best, start, end].some((s) => s.magnitude !== null && s.magnitude <= cutoff);
    if (!within) return null;
    found = brightestOnGrid(magnitudeAt, stdMagnitude, start.t, end.t, intervals);
    if (found === 'fainter') return null;
  }
  let top: Sky | null = found ? sample(found.t) : null;
  for (const s of [best, start, end]) if (top === null || brighter(s, top)) top = s;
  if (top === null || top.magnitude === null) return null;
  return { ...toPoint(top), magnitude: top.magnitude };
}
