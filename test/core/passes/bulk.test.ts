import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTle } from '../../../src/core/elements/index.js';
import { Orbit, Site } from '../../../src/core/orbit/index.js';
import {
  type BulkSite,
  findPasses,
  findPassesBulk,
  HorizonMask,
  type Pass,
  type PassPoint,
} from '../../../src/core/passes/index.js';
import {
  type ApproachWindow,
  approachWindows,
  equationOfCentreBound,
  MAX_ECCENTRICITY,
  MeanGeometry,
  planNearEarth,
} from '../../../src/core/passes/near-earth/index.js';
import { orbitOf } from '../../helpers/tle.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const netherlands = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });
const TOLERANCE_MS = 500;

function fixture(name: string): Orbit[] {
  const path = new URL(`../../fixtures/elements/${name}`, import.meta.url);
  return parseTle(readFileSync(path, 'utf8'), name).elements.map((e) => new Orbit(e));
}

/** The active catalogue slice (312 objects, 2026-07-10) and the amateur group (96, 2026-08-21). */
const slice = fixture('active-slice.tle');
const amateur = fixture('amateur.tle');
const SLICE_START = Date.parse('2026-07-10T12:00:00Z');
const AMATEUR_START = Date.parse('2026-08-21T12:00:00Z');

const gap = (a: PassPoint | null, b: PassPoint | null) =>
  a && b ? Math.abs(a.timeMs - b.timeMs) : a || b ? Number.POSITIVE_INFINITY : 0;

/**
 * With a horizon mask the finder samples every 5 s, so a dip behind the mask shorter than that may
 * split a pass or not depending on where sampling starts (in `findPasses` itself too). Compare
 * masked passes with such gaps closed.
 */
function closeMaskGaps(passes: Pass[]): { aos: PassPoint | null; los: PassPoint | null }[] {
  const out: { aos: PassPoint | null; los: PassPoint | null }[] = [];
  for (const p of passes) {
    const last = out.at(-1);
    if (last?.los && p.aos && p.aos.timeMs - last.los.timeMs < 5_000) last.los = p.los;
    else out.push({ aos: p.aos, los: p.los });
  }
  return out;
}

/** Same passes: same count, same truncation, AOS/TCA/LOS within 0.5 s. */
function expectSamePasses(mine: Pass[], ref: Pass[], what: string): void {
  expect(mine.length, `${what}: pass count`).toBe(ref.length);
  for (const [i, p] of mine.entries()) {
    const q = ref[i]!;
    expect(p.truncated, `${what} pass ${i}: truncated`).toBe(q.truncated);
    expect(gap(p.aos, q.aos), `${what} pass ${i}: AOS`).toBeLessThanOrEqual(TOLERANCE_MS);
    expect(gap(p.los, q.los), `${what} pass ${i}: LOS`).toBeLessThanOrEqual(TOLERANCE_MS);
    expect(gap(p.tca, q.tca), `${what} pass ${i}: TCA`).toBeLessThanOrEqual(TOLERANCE_MS);
    expect(Math.abs(p.maxElevationDeg - q.maxElevationDeg)).toBeLessThan(0.005);
    expect(p.culminations.length).toBe(q.culminations.length);
  }
}

describe('findPassesBulk gives the same passes as findPasses', () => {
  it('over the active catalogue slice (312 objects, 3 days)', () => {
    const window = { startMs: SLICE_START, endMs: SLICE_START + 3 * DAY };
    const bulk = findPassesBulk(slice, [{ site: netherlands }], window);
    let refEvaluations = 0;
    for (const [i, orbit] of slice.entries()) {
      const ref = findPasses(orbit, netherlands, window);
      refEvaluations += ref.evaluations;
      expectSamePasses(bulk.objects[i]!.passes[0]!, ref.passes, `NORAD ${orbit.noradId}`);
    }
    expect(bulk.passCount).toBeGreaterThan(3000);
    // Most objects take the fast path, at a fraction of the finder's evaluations.
    const fast = bulk.objects.filter((o) => o.method === 'near-earth').length;
    expect(fast).toBeGreaterThan(0.9 * slice.length);
    expect(bulk.evaluations).toBeLessThan(refEvaluations / 5);
  });

  it('over many sites with shared propagation, thresholds and a horizon mask', () => {
    const mask = new HorizonMask([
      { azimuthDeg: 40, elevationDeg: 0 },
      { azimuthDeg: 45, elevationDeg: 25 },
      { azimuthDeg: 135, elevationDeg: 25 },
      { azimuthDeg: 140, elevationDeg: 0 },
    ]);
    const sites: BulkSite[] = [
      { site: netherlands },
      { site: new Site({ latitudeDeg: 69.6, longitudeDeg: 18.9, altitudeM: 100 }) },
      { site: new Site({ latitudeDeg: -33.9, longitudeDeg: 151.2, altitudeM: 0 }) },
      { site: new Site({ latitudeDeg: 0.5, longitudeDeg: -78, altitudeM: 2800 }) },
      { site: netherlands, minElevationDeg: 10 },
      { site: netherlands, horizonMask: mask },
    ];
    const window = { startMs: AMATEUR_START, endMs: AMATEUR_START + DAY };
    const shared = findPassesBulk(amateur, sites, window);
    const direct = findPassesBulk(amateur, sites, { ...window, shareFromSites: 100 });
    // Shared propagation costs fewer SGP4 evaluations for the same passes.
    expect(shared.evaluations).toBeLessThan(direct.evaluations / 2);
    expect(shared.passCount).toBe(direct.passCount);
    for (const [i, orbit] of amateur.entries()) {
      for (const [j, s] of sites.entries()) {
        const ref = findPasses(orbit, s.site, {
          ...window,
          minElevationDeg: s.minElevationDeg ?? 0,
          horizonMask: s.horizonMask ?? null,
        });
        const what = `NORAD ${orbit.noradId} site ${j}`;
        for (const [mode, result] of [
          ['shared', shared],
          ['direct', direct],
        ] as const) {
          const mine = result.objects[i]!.passes[j]!;
          if (!s.horizonMask) {
            expectSamePasses(mine, ref.passes, `${what} (${mode})`);
            continue;
          }
          const a = closeMaskGaps(mine);
          const b = closeMaskGaps(ref.passes);
          expect(a.length, `${what} (${mode}): masked pass count`).toBe(b.length);
          for (const [k, p] of a.entries()) {
            expect(gap(p.aos, b[k]!.aos)).toBeLessThanOrEqual(TOLERANCE_MS);
            expect(gap(p.los, b[k]!.los)).toBeLessThanOrEqual(TOLERANCE_MS);
          }
        }
      }
    }
  });
});

describe('findPassesBulk edge cases', () => {
  const window = (start: number, days: number) => ({ startMs: start, endMs: start + days * DAY });

  it('keeps the passes before a decay mid-window, reports it, and carries on with the batch', () => {
    const decaying = orbitOf('starlink1623');
    const start = decaying.elements.epochMs;
    const batch = [orbitOf('iss'), decaying, orbitOf('iss')];
    const { objects } = findPassesBulk(batch, [{ site: netherlands }], window(start, 5));
    const [before, failed, after] = objects as [
      (typeof objects)[0],
      (typeof objects)[0],
      (typeof objects)[0],
    ];
    expect(before.error).toBeNull();
    expect(after.passes).toEqual(before.passes);
    expect(failed.error).not.toBeNull();
    expect(failed.error!.noradId).toBe(46129);
    const ref = findPasses(decaying, netherlands, window(start, 5));
    expect(failed.error!.epochMs).toBe(ref.error!.epochMs);
    expect(failed.passes[0]!.length).toBeGreaterThan(0);
    for (const p of failed.passes[0]!) expect(p.tca.timeMs).toBeLessThan(failed.error!.epochMs);
    expectSamePasses(failed.passes[0]!, ref.passes, 'decaying');
  });

  it('reports an SGP4 failure before the window with no passes', () => {
    const decaying = orbitOf('starlink1623');
    const start = decaying.elements.epochMs + 3 * DAY;
    const [r] = findPassesBulk([decaying], [{ site: netherlands }], window(start, 1)).objects;
    expect(r!.passes[0]).toEqual([]);
    expect(r!.error?.epochMs).toBe(start);
  });

  it('handles deep-space orbits: GEO never setting, GEO never rising, HEO passes of hours', () => {
    const start = Date.parse('2026-08-21T12:00:00Z');
    const keys = ['astra1m', 'goes18', 'meridian7', 'polar'] as const;
    const { objects } = findPassesBulk(
      keys.map((k) => orbitOf(k)),
      [{ site: netherlands }],
      window(start, 4),
    );
    for (const [i, key] of keys.entries()) {
      const r = objects[i]!;
      expect(r.method, key).toBe('finder');
      expect(r.fallback, key).toBe('deep-space');
      expectSamePasses(
        r.passes[0]!,
        findPasses(orbitOf(key), netherlands, window(start, 4)).passes,
        key,
      );
    }
    const [astra, goes, meridian] = objects as [
      (typeof objects)[0],
      (typeof objects)[0],
      (typeof objects)[0],
    ];
    expect(astra.passes[0]).toHaveLength(1);
    expect(astra.passes[0]![0]!.aos).toBeNull();
    expect(astra.passes[0]![0]!.los).toBeNull();
    expect(goes.passes[0]).toEqual([]);
    expect(Math.max(...meridian.passes[0]!.map((p) => p.durationSeconds))).toBeGreaterThan(
      8 * 3600,
    );
  });

  it('computes element sets far from the window and marks them stale', () => {
    const iss = orbitOf('iss');
    const start = iss.elements.epochMs + 30 * DAY;
    const [r] = findPassesBulk([iss], [{ site: netherlands }], window(start, 2)).objects;
    expect(r!.stale).toBe(true);
    expect(r!.epochDistanceDays).toBeCloseTo(32, 0);
    expect(r!.passes[0]!.length).toBeGreaterThan(5);
    expectSamePasses(r!.passes[0]!, findPasses(iss, netherlands, window(start, 2)).passes, 'stale');
    const [fresh] = findPassesBulk(
      [iss],
      [{ site: netherlands }],
      window(iss.elements.epochMs, 2),
    ).objects;
    expect(fresh!.stale).toBe(false);
  });

  it('cuts passes at the window edges as findPasses does', () => {
    const iss = orbitOf('iss');
    const all = findPasses(iss, netherlands, window(AMATEUR_START, 1)).passes;
    const p = all[1]!;
    for (const w of [
      { startMs: p.tca.timeMs, endMs: p.tca.timeMs + 6 * HOUR },
      { startMs: p.tca.timeMs - 6 * HOUR, endMs: p.tca.timeMs },
    ]) {
      const [r] = findPassesBulk([iss], [{ site: netherlands }], w).objects;
      const ref = findPasses(iss, netherlands, w).passes;
      expect(ref.some((x) => x.truncated)).toBe(true);
      expectSamePasses(r!.passes[0]!, ref, 'edge');
    }
  });

  it('refuses an empty window or no sites', () => {
    const iss = orbitOf('iss');
    expect(() => findPassesBulk([iss], [{ site: netherlands }], window(AMATEUR_START, 0))).toThrow(
      RangeError,
    );
    expect(() => findPassesBulk([iss], [], window(AMATEUR_START, 1))).toThrow(/at least one site/);
  });
});

describe('the mean-element model behind the fast path', () => {
  it('bounds the equation of the centre', () => {
    for (const e of [1e-6, 1e-4, 0.001, 0.01, 0.05, 0.2, 0.5]) {
      let worst = 0;
      for (let k = 0; k < 2000; k++) {
        const M = (2 * Math.PI * k) / 2000;
        let E = M;
        for (let i = 0; i < 50; i++) E -= (E - e * Math.sin(E) - M) / (1 - e * Math.cos(E));
        const nu =
          2 * Math.atan2(Math.sqrt(1 + e) * Math.sin(E / 2), Math.sqrt(1 - e) * Math.cos(E / 2));
        const d = Math.abs(Math.atan2(Math.sin(nu - M), Math.cos(nu - M)));
        worst = Math.max(worst, d);
      }
      expect(worst).toBeLessThanOrEqual(equationOfCentreBound(e));
      expect(equationOfCentreBound(e)).toBeLessThan(worst * 1.3 + 1e-9);
    }
  });

  it('keeps every SGP4 position within its bounds of the mean direction and radius', () => {
    const start = SLICE_START;
    const end = start + 7 * DAY;
    let checked = 0;
    for (const orbit of [...slice, ...amateur]) {
      const plan = planNearEarth(orbit, start, end);
      if (typeof plan === 'string') continue;
      const state = new Float64Array(6);
      for (let k = 0; k < 200; k++) {
        const t = start + ((end - start) * (k + 0.5)) / 200;
        expect(orbit.temeInto(t, state)).toBe(0);
        const tau = plan.tau0 + (t - start) / 60_000;
        const u =
          plan.l0 +
          plan.l1 * tau +
          plan.no * tau * tau * (plan.c2 + tau * (plan.c3 + tau * (plan.c4 + tau * plan.c5)));
        const node = plan.node0 + plan.nodeDot * tau + plan.nodeCf * tau * tau;
        // R3(-node) R1(-i) (cos u, sin u, 0)
        const x = Math.cos(u);
        const y = Math.sin(u) * plan.cosI;
        const z = Math.sin(u) * plan.sinI;
        const mx = Math.cos(node) * x - Math.sin(node) * y;
        const my = Math.sin(node) * x + Math.cos(node) * y;
        const r = Math.hypot(state[0]!, state[1]!, state[2]!);
        const cos = (mx * state[0]! + my * state[1]! + z * state[2]!) / r;
        expect(Math.acos(Math.min(1, cos))).toBeLessThanOrEqual(plan.deltaRad);
        expect(r).toBeLessThanOrEqual(plan.rMaxKm);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50_000);
  });

  it('sends eccentric, decaying and deep-space orbits to the general finder', () => {
    const start = Date.parse('2026-08-21T12:00:00Z');
    expect(planNearEarth(orbitOf('astra1m'), start, start + DAY)).toBe('deep-space');
    const decaying = orbitOf('starlink1623');
    const epoch = decaying.elements.epochMs;
    expect(planNearEarth(decaying, epoch, epoch + 5 * DAY)).toBe('near-decay');
    const eccentric = slice.find(
      (o) => !o.deepSpace && o.elements.eccentricity > MAX_ECCENTRICITY + 0.01,
    );
    if (eccentric) expect(planNearEarth(eccentric, start, start + DAY)).toBe('eccentric');
  });

  it('gives the same approach windows with one geometry reused object after object', () => {
    const copy = (w: ApproachWindow[] | string) =>
      typeof w === 'string' ? w : w.map(({ fromMs, toMs, seedMs }) => ({ fromMs, toMs, seedMs }));
    const geometry = new MeanGeometry(netherlands);
    let lists = 0;
    let previous: ApproachWindow[] | null = null;
    for (const orbit of slice.slice(0, 60)) {
      const plan = planNearEarth(orbit, SLICE_START, SLICE_START + 2 * DAY);
      if (typeof plan === 'string') continue;
      const fresh = copy(approachWindows(plan, netherlands, 0));
      const reused = approachWindows(plan, netherlands, 0, geometry);
      expect(copy(reused)).toEqual(fresh);
      if (Array.isArray(reused) && reused.length > 0) {
        // The geometry's own list, refilled in place: no allocation per object.
        if (previous) expect(reused).toBe(previous);
        previous = reused;
        lists++;
      }
    }
    expect(lists).toBeGreaterThan(20);
    expect(() =>
      approachWindows(
        planOf(slice[0]!),
        new Site({ latitudeDeg: 0, longitudeDeg: 0, altitudeM: 0 }),
        0,
        geometry,
      ),
    ).toThrow(/another site/);
  });
});

function planOf(orbit: Orbit) {
  const plan = planNearEarth(orbit, SLICE_START, SLICE_START + DAY);
  if (typeof plan === 'string') throw new Error(`not on the fast path: ${plan}`);
  return plan;
}
