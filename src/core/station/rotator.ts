/**
 * Rotator plans: how an azimuth/elevation rotator follows one pass without driving into its end
 * stops. Pure: sky samples in, mechanical positions, the start position, when to leave park and
 * rate warnings out. Degrees and seconds (this module works in the rotator's own degrees, which is
 * what rotators are commanded in).
 *
 * A plan is one of:
 * - `normal`: the azimuth stays in the first 360° of the range (`azimuthMinDeg` to +360);
 * - `overlap`: the pass crosses the stop, and the rotator's extra range (e.g. 360–450°) takes it;
 * - `flip`: on a mount whose elevation goes to 180°, elevation past 90°: either the whole pass
 *   mirrored (azimuth + 180°, elevation 180° − el: the stop crossing moves to the other side), or,
 *   for a high pass, "over the top": the azimuth moves slowly from the AOS azimuth to the LOS
 *   azimuth − 180° while the elevation sweeps 0 to 180°, pointing within 90° − max elevation.
 * When no plan avoids it, a `normal` plan unwinds through the full circle where the pass crosses
 * the stop, and says so.
 */
import { DEG, RAD, wrap180, wrap360 } from '../units.js';

const EPS = 1e-9;

/** An azimuth/elevation rotator, in its own degrees. */
export interface RotatorSpec {
  /** Azimuth range, e.g. 0–360, 0–450, −180–180. Must span at least 360°. */
  azimuthMinDeg: number;
  azimuthMaxDeg: number;
  /** Elevation range: 0–90, or 0–180 for a flip mount. */
  elevationMinDeg: number;
  elevationMaxDeg: number;
  /** Slew rates, deg/s. */
  azimuthRateDegS: number;
  elevationRateDegS: number;
  /** Where it rests between passes. */
  park: RotatorPosition;
  /** A flip mount goes over the top of a high pass when this pointing error is enough; default 10°. */
  maxPointingErrorDeg?: number;
}

export interface RotatorPosition {
  azimuthDeg: number;
  elevationDeg: number;
}

/** A satellite's direction at an instant (azimuth 0–360° from north, elevation). */
export interface SkyPoint {
  timeMs: number;
  azimuthDeg: number;
  elevationDeg: number;
}

/** Where the rotator is commanded at an instant, and how far that is from the satellite. */
export interface RotatorPoint extends RotatorPosition {
  timeMs: number;
  pointingErrorDeg: number;
}

export type RotatorMode = 'normal' | 'overlap' | 'flip';

export interface RotatorWarning {
  /**
   * `azimuth-rate` / `elevation-rate`: the pass needs more than the slew rate (the keyhole near
   * zenith): the antenna lags. `unwind`: the rotator must turn through the full circle at the
   * stop and loses the satellite meanwhile. `pointing`: an over-the-top flip points off by more
   * than `maxPointingErrorDeg`.
   */
  kind: 'azimuth-rate' | 'elevation-rate' | 'unwind' | 'pointing';
  fromMs: number;
  toMs: number;
  /** The worst required rate (deg/s), or the pointing error (deg). */
  required: number;
  /** The rotator's rate (deg/s), or the pointing limit (deg). */
  limit: number;
  message: string;
}

export interface RotatorPlan {
  mode: RotatorMode;
  /** Over-the-top flip (azimuth nearly still, elevation through zenith); false for others. */
  overTheTop: boolean;
  /** Commanded position at AOS and at LOS. */
  start: RotatorPosition;
  end: RotatorPosition;
  /** Seconds from park to the start position (both axes move at once). */
  travelFromParkSeconds: number;
  /** When the rotator must leave park to be at the start position at AOS. */
  moveFromParkMs: number;
  points: RotatorPoint[];
  maxPointingErrorDeg: number;
  warnings: RotatorWarning[];
}

/** Problems with a rotator description, each naming its field; empty when usable. */
export function rotatorProblems(spec: RotatorSpec): { field: string; message: string }[] {
  const out: { field: string; message: string }[] = [];
  const finite = (field: keyof RotatorSpec, v: number) => {
    if (!Number.isFinite(v)) out.push({ field, message: 'must be a number' });
    return Number.isFinite(v);
  };
  if (finite('azimuthMinDeg', spec.azimuthMinDeg) && finite('azimuthMaxDeg', spec.azimuthMaxDeg)) {
    if (spec.azimuthMaxDeg - spec.azimuthMinDeg < 360 - EPS) {
      out.push({
        field: 'azimuthMaxDeg',
        message: `the azimuth range ${spec.azimuthMinDeg}–${spec.azimuthMaxDeg}° cannot cover 360°`,
      });
    }
    if (spec.azimuthMinDeg < -360 || spec.azimuthMaxDeg > 720) {
      out.push({ field: 'azimuthMinDeg', message: 'the azimuth range must lie within −360–720°' });
    }
  }
  if (
    finite('elevationMinDeg', spec.elevationMinDeg) &&
    finite('elevationMaxDeg', spec.elevationMaxDeg)
  ) {
    if (spec.elevationMinDeg < -10 || spec.elevationMinDeg > 10) {
      out.push({ field: 'elevationMinDeg', message: 'must be between −10 and 10°' });
    }
    if (spec.elevationMaxDeg < 90 || spec.elevationMaxDeg > 180) {
      out.push({
        field: 'elevationMaxDeg',
        message: 'must be between 90 (az/el mount) and 180° (flip mount)',
      });
    }
  }
  for (const f of ['azimuthRateDegS', 'elevationRateDegS'] as const) {
    if (finite(f, spec[f]) && !(spec[f] > 0)) out.push({ field: f, message: 'must be positive' });
  }
  const { park } = spec;
  if (
    !(park.azimuthDeg >= spec.azimuthMinDeg && park.azimuthDeg <= spec.azimuthMaxDeg) ||
    !(park.elevationDeg >= spec.elevationMinDeg && park.elevationDeg <= spec.elevationMaxDeg)
  ) {
    out.push({ field: 'park', message: 'the park position must be inside the rotator range' });
  }
  const tol = spec.maxPointingErrorDeg;
  if (tol !== undefined && !(tol >= 0 && tol <= 45)) {
    out.push({ field: 'maxPointingErrorDeg', message: 'must be between 0 and 45°' });
  }
  return out;
}

/** Seconds to slew between two positions of the rotator (both axes at once; no wrap: stops). */
export function travelSeconds(
  spec: RotatorSpec,
  from: RotatorPosition,
  to: RotatorPosition,
): number {
  return Math.max(
    Math.abs(to.azimuthDeg - from.azimuthDeg) / spec.azimuthRateDegS,
    Math.abs(to.elevationDeg - from.elevationDeg) / spec.elevationRateDegS,
  );
}

interface Candidate {
  mode: RotatorMode;
  overTheTop: boolean;
  az: number[];
  el: number[];
  err: number[];
  unwinds: { index: number }[];
}

/** Continuous azimuth (no jumps of more than 180° between samples). */
function unwrap(points: readonly SkyPoint[]): number[] {
  const out: number[] = [];
  for (const [i, p] of points.entries()) {
    out.push(
      i === 0
        ? wrap360(p.azimuthDeg)
        : out[i - 1]! + wrap180(p.azimuthDeg - points[i - 1]!.azimuthDeg),
    );
  }
  return out;
}

/** Shifts by whole turns that put the whole path inside [lo, hi]. */
function shifts(path: readonly number[], lo: number, hi: number): number[] {
  const min = Math.min(...path);
  const max = Math.max(...path);
  const out: number[] = [];
  for (let k = Math.ceil((lo - min - EPS) / 360); max + 360 * k <= hi + EPS; k++) out.push(360 * k);
  return out;
}

function nearestToPark(spec: RotatorSpec, path: readonly number[], options: number[]): number {
  let best = options[0]!;
  for (const s of options) {
    if (
      Math.abs(path[0]! + s - spec.park.azimuthDeg) <
      Math.abs(path[0]! + best - spec.park.azimuthDeg) - EPS
    ) {
      best = s;
    }
  }
  return best;
}

function* candidates(spec: RotatorSpec, points: readonly SkyPoint[]): Generator<Candidate> {
  const { azimuthMinDeg: lo, azimuthMaxDeg: hi } = spec;
  const sky = unwrap(points);
  const el = points.map((p) => p.elevationDeg);
  const clampEl = (e: number) => Math.min(spec.elevationMaxDeg, Math.max(spec.elevationMinDeg, e));
  const elErr = (e: number) => Math.abs(clampEl(e) - e);
  const zero = el.map(elErr);
  // Normal and overlap: the sky azimuth itself.
  const fits = shifts(sky, lo, hi);
  const normal = fits.filter((s) => Math.max(...sky) + s <= lo + 360 + EPS);
  const overlap = fits.filter((s) => !normal.includes(s));
  if (normal.length > 0) {
    const s = nearestToPark(spec, sky, normal);
    yield {
      mode: 'normal',
      overTheTop: false,
      az: sky.map((a) => a + s),
      el: el.map(clampEl),
      err: zero,
      unwinds: [],
    };
  }
  if (overlap.length > 0) {
    const s = nearestToPark(spec, sky, overlap);
    yield {
      mode: 'overlap',
      overTheTop: false,
      az: sky.map((a) => a + s),
      el: el.map(clampEl),
      err: zero,
      unwinds: [],
    };
  }
  if (spec.elevationMaxDeg >= 180 - EPS) {
    // Mirrored: every point on the other side of zenith.
    const mirrored = sky.map((a) => a + 180);
    const m = shifts(mirrored, lo, hi);
    if (m.length > 0 && Math.max(...el.map((e) => 180 - e)) <= spec.elevationMaxDeg + EPS) {
      const s = nearestToPark(spec, mirrored, m);
      yield {
        mode: 'flip',
        overTheTop: false,
        az: mirrored.map((a) => a + s),
        el: el.map((e) => 180 - e),
        err: zero,
        unwinds: [],
      };
    }
    // Over the top: azimuth from AOS to LOS − 180°, elevation by projection on that vertical plane.
    const first = points[0]!;
    const last = points.at(-1)!;
    const a0 = wrap360(first.azimuthDeg);
    const a1 = a0 + wrap180(last.azimuthDeg + 180 - a0);
    const span = last.timeMs - first.timeMs || 1;
    const az: number[] = [];
    const els: number[] = [];
    const err: number[] = [];
    for (const p of points) {
      const alpha = a0 + ((a1 - a0) * (p.timeMs - first.timeMs)) / span;
      const ce = Math.cos(p.elevationDeg * DEG);
      const e = ce * Math.sin(p.azimuthDeg * DEG);
      const n = ce * Math.cos(p.azimuthDeg * DEG);
      const u = Math.sin(p.elevationDeg * DEG);
      const along = e * Math.sin(alpha * DEG) + n * Math.cos(alpha * DEG);
      const across = e * Math.cos(alpha * DEG) - n * Math.sin(alpha * DEG);
      az.push(alpha);
      els.push(Math.atan2(u, along) * RAD);
      err.push(Math.asin(Math.min(1, Math.abs(across))) * RAD);
    }
    // Either way over: from the AOS side (elevation 0 up to 180) or facing the LOS side (180 down to 0).
    const ways: [number[], number[]][] = [
      [az, els],
      [az.map((a) => a + 180), els.map((e) => 180 - e)],
    ];
    for (const [azs, elv] of ways) {
      const t = shifts(azs, lo, hi);
      if (t.length > 0 && Math.min(...elv) >= spec.elevationMinDeg - EPS) {
        const s = nearestToPark(spec, azs, t);
        yield {
          mode: 'flip',
          overTheTop: true,
          az: azs.map((a) => a + s),
          el: elv,
          err,
          unwinds: [],
        };
        break;
      }
    }
  }
  if (fits.length === 0) {
    // No way round: follow the sky and turn through the full circle at a stop. Either as late as
    // the range allows (using any overlap) or where the pass first crosses the 360° stop; the
    // one that unwinds at the lower elevation loses the least.
    const follow = (top: number) => {
      let offset = wrap360(sky[0]! - lo) + lo - sky[0]!;
      const az: number[] = [];
      const unwinds: { index: number }[] = [];
      for (const [i, a] of sky.entries()) {
        let v = a + offset;
        if (v > top + EPS || v < lo - EPS) {
          offset += v > top ? -360 : 360;
          v = a + offset;
          unwinds.push({ index: i });
        }
        az.push(v);
      }
      const worst = Math.max(-90, ...unwinds.map((u) => el[u.index]!));
      return { az, unwinds, worst };
    };
    const late = follow(hi);
    const early = follow(Math.min(hi, lo + 360));
    const pick =
      early.unwinds.length < late.unwinds.length ||
      (early.unwinds.length === late.unwinds.length && early.worst < late.worst)
        ? early
        : late;
    yield {
      mode: 'normal',
      overTheTop: false,
      az: pick.az,
      el: el.map(clampEl),
      err: zero,
      unwinds: pick.unwinds,
    };
  }
}

function warningsOf(
  spec: RotatorSpec,
  points: readonly SkyPoint[],
  c: Candidate,
): RotatorWarning[] {
  const out: RotatorWarning[] = [];
  const unwindAt = new Set(c.unwinds.map((u) => u.index));
  const axes = [
    { kind: 'azimuth-rate' as const, values: c.az, limit: spec.azimuthRateDegS, name: 'azimuth' },
    {
      kind: 'elevation-rate' as const,
      values: c.el,
      limit: spec.elevationRateDegS,
      name: 'elevation',
    },
  ];
  for (const axis of axes) {
    let open: RotatorWarning | null = null;
    for (let i = 1; i < points.length; i++) {
      const dt = (points[i]!.timeMs - points[i - 1]!.timeMs) / 1000;
      const rate = dt > 0 ? Math.abs(axis.values[i]! - axis.values[i - 1]!) / dt : 0;
      if (!unwindAt.has(i) && rate > axis.limit * (1 + 1e-9)) {
        if (open) {
          open.toMs = points[i]!.timeMs;
          open.required = Math.max(open.required, rate);
        } else {
          open = {
            kind: axis.kind,
            fromMs: points[i - 1]!.timeMs,
            toMs: points[i]!.timeMs,
            required: rate,
            limit: axis.limit,
            message: '',
          };
        }
      } else if (open) {
        out.push(open);
        open = null;
      }
    }
    if (open) out.push(open);
  }
  for (const w of out) {
    const axis = w.kind === 'azimuth-rate' ? 'azimuth' : 'elevation';
    w.message = `the pass needs up to ${w.required.toFixed(1)}°/s in ${axis} from ${new Date(w.fromMs).toISOString()} to ${new Date(w.toMs).toISOString()}; the rotator turns ${w.limit}°/s, so the antenna lags`;
  }
  for (const u of c.unwinds) {
    const at = points[u.index]!.timeMs;
    const lost = 360 / spec.azimuthRateDegS;
    out.push({
      kind: 'unwind',
      fromMs: at,
      toMs: at + lost * 1000,
      required: 360,
      limit: spec.azimuthMaxDeg - spec.azimuthMinDeg,
      message: `the pass crosses the azimuth stop at ${new Date(at).toISOString()}: the rotator turns through 360° and loses the satellite for about ${Math.round(lost)} s (an overlap range or a flip mount avoids this)`,
    });
  }
  const tol = spec.maxPointingErrorDeg ?? 10;
  const worst = Math.max(0, ...c.err);
  if (c.overTheTop && worst > tol) {
    const i = c.err.indexOf(worst);
    out.push({
      kind: 'pointing',
      fromMs: points[i]!.timeMs,
      toMs: points[i]!.timeMs,
      required: worst,
      limit: tol,
      message: `going over the top points up to ${worst.toFixed(1)}° off the satellite, more than ${tol}°`,
    });
  }
  return out.sort((a, b) => a.fromMs - b.fromMs || a.kind.localeCompare(b.kind));
}

interface Scored {
  c: Candidate;
  order: number;
  warnings: RotatorWarning[];
  unwinds: number;
  excess: number;
  pointing: number;
}

function rateExcessSeconds(warnings: readonly RotatorWarning[]): number {
  return warnings
    .filter((w) => w.kind === 'azimuth-rate' || w.kind === 'elevation-rate')
    .reduce((s, w) => s + (w.toMs - w.fromMs) / 1000, 0);
}

/**
 * The rotator plan for a pass sampled from AOS to LOS (`points`, time order, at least one; a step
 * of a few seconds or less, so that rate warnings see the keyhole). The first plan that needs no
 * unwind, stays within the slew rates and points within `maxPointingErrorDeg` wins, in the order
 * normal, overlap, flip (mirrored), flip (over the top); when none does, the one with the fewest
 * unwinds, then the least time over the rates, then the least pointing error.
 *
 * @throws RangeError for no points or an unusable rotator (see `rotatorProblems`).
 */
export function planRotator(spec: RotatorSpec, points: readonly SkyPoint[]): RotatorPlan {
  if (points.length === 0) throw new RangeError('a rotator plan needs at least one point');
  const problems = rotatorProblems(spec);
  if (problems.length > 0) throw new RangeError(`${problems[0]!.field}: ${problems[0]!.message}`);
  const tol = spec.maxPointingErrorDeg ?? 10;
  // Candidates are made and judged in order of preference; the first clean one ends the search.
  const scored: Scored[] = [];
  let clean: Scored | null = null;
  for (const c of candidates(spec, points)) {
    const warnings = warningsOf(spec, points, c);
    const s: Scored = {
      c,
      order: scored.length,
      warnings,
      unwinds: c.unwinds.length,
      excess: rateExcessSeconds(warnings),
      pointing: Math.max(0, ...c.err),
    };
    scored.push(s);
    if (s.unwinds === 0 && s.excess === 0 && s.pointing <= tol + EPS) {
      clean = s;
      break;
    }
  }
  const chosen =
    clean ??
    [...scored].sort(
      (a, b) =>
        a.unwinds - b.unwinds ||
        a.excess - b.excess ||
        a.pointing - b.pointing ||
        a.order - b.order,
    )[0]!;
  const { c } = chosen;
  const planPoints: RotatorPoint[] = points.map((p, i) => ({
    timeMs: p.timeMs,
    azimuthDeg: c.az[i]!,
    elevationDeg: c.el[i]!,
    pointingErrorDeg: c.err[i]!,
  }));
  const start = { azimuthDeg: c.az[0]!, elevationDeg: c.el[0]! };
  const end = { azimuthDeg: c.az.at(-1)!, elevationDeg: c.el.at(-1)! };
  const travel = travelSeconds(spec, spec.park, start);
  return {
    mode: c.mode,
    overTheTop: c.overTheTop,
    start,
    end,
    travelFromParkSeconds: travel,
    moveFromParkMs: points[0]!.timeMs - travel * 1000,
    points: planPoints,
    maxPointingErrorDeg: chosen.pointing,
    warnings: chosen.warnings,
  };
}

/** The commanded position at `timeMs`, interpolated between plan points (clamped to the pass). */
export function rotatorPositionAt(plan: RotatorPlan, timeMs: number): RotatorPosition {
  const pts = plan.points;
  if (timeMs <= pts[0]!.timeMs) return plan.start;
  if (timeMs >= pts.at(-1)!.timeMs) return plan.end;
  let lo = 0;
  let hi = pts.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (pts[mid]!.timeMs <= timeMs) lo = mid;
    else hi = mid;
  }
  const a = pts[lo]!;
  const b = pts[hi]!;
  const f = (timeMs - a.timeMs) / (b.timeMs - a.timeMs);
  return {
    azimuthDeg: a.azimuthDeg + (b.azimuthDeg - a.azimuthDeg) * f,
    elevationDeg: a.elevationDeg + (b.elevationDeg - a.elevationDeg) * f,
  };
}
