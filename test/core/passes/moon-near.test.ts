import { describe, expect, it } from 'vitest';
import { Site, siteTeme } from '../../../src/core/orbit/index.js';
import {
  BRIGHT_MOON_MIN_FRACTION,
  MOON_NEAR_TRACK_DEG,
  moonNearTrack,
  predictPasses,
  trackPoints,
} from '../../../src/core/passes/index.js';
import { bodyPosition, MoonTrack, moonInfo, SunTrack } from '../../../src/core/sky/index.js';
import { gmst } from '../../../src/core/time.js';
import { DEG, RAD } from '../../../src/core/units.js';
import { orbitFromTle, TLE } from '../../helpers/tle.js';

const orbit = orbitFromTle(...(TLE.iss as [string, string, string]));
const start = Date.UTC(2026, 7, 21, 12);
const end = start + 10 * 86_400_000;
const sun = new SunTrack(start, end);
const moon = new MoonTrack(start, end);
const observer = { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 };
const site = new Site(observer);

type V = [number, number, number];
const enu = (azDeg: number, elDeg: number): V => [
  Math.cos(elDeg * DEG) * Math.sin(azDeg * DEG),
  Math.cos(elDeg * DEG) * Math.cos(azDeg * DEG),
  Math.sin(elDeg * DEG),
];
const angle = (a: V, b: V) => Math.acos(Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])) * RAD;

describe('moonNearTrack', () => {
  const { passes } = predictPasses(orbit, site, {
    startMs: start,
    endMs: end,
    sun,
    stdMagnitude: -1,
    visibleOnly: true,
  });
  const segments = passes.flatMap((p) => p.visible);

  it('finds the closest approach to the Moon as a 1 s scan against astronomy-engine does', () => {
    expect(segments.length).toBeGreaterThan(10);
    let worst = 0;
    for (const v of segments) {
      const m = moonNearTrack(orbit, site, v.start.timeMs, v.end.timeMs, sun, moon)!;
      // Independent path: astronomy-engine's topocentric Moon (not the TEME table), every 10 s,
      // linear in between; the satellite from the track sampler every second.
      const points = trackPoints(
        orbit,
        site,
        { startMs: v.start.timeMs, endMs: v.end.timeMs, stepMs: 1000 },
        sun,
        null,
      ).points;
      let best = Number.POSITIVE_INFINITY;
      let bestMs = 0;
      for (const p of points) {
        const t0 = p.timeMs - ((p.timeMs - v.start.timeMs) % 10_000);
        const a = bodyPosition('moon', observer, t0);
        const b = bodyPosition('moon', observer, t0 + 10_000);
        const f = (p.timeMs - t0) / 10_000;
        const ma = enu(a.azimuthDeg, a.elevationDeg);
        const mb = enu(b.azimuthDeg, b.elevationDeg);
        const mm: V = [0, 1, 2].map((i) => ma[i]! + f * (mb[i]! - ma[i]!)) as V;
        const n = Math.hypot(...mm);
        const sep = angle(enu(p.azimuthDeg, p.elevationDeg), [mm[0] / n, mm[1] / n, mm[2] / n]);
        if (sep < best) {
          best = sep;
          bestMs = p.timeMs;
        }
      }
      // The scan's best second is at most half a step from the minimum: ISS moves < 1 deg/s.
      expect(m.minSeparationDeg).toBeLessThanOrEqual(best + 0.005);
      expect(m.minSeparationDeg).toBeGreaterThan(best - 0.6);
      worst = Math.max(worst, Math.abs(m.minSeparationDeg - best));
      if (best > 1) expect(Math.abs(m.closestMs - bestMs)).toBeLessThanOrEqual(1500);
      const info = moonInfo(observer, m.closestMs);
      expect(Math.abs(m.illuminatedFraction - info.illuminatedFraction)).toBeLessThan(0.005);
      expect(Math.abs(m.elevationDeg - info.elevationDeg)).toBeLessThan(0.01);
      expect(m.brightNearTrack).toBe(
        m.elevationDeg > 0 &&
          m.illuminatedFraction >= BRIGHT_MOON_MIN_FRACTION &&
          m.minSeparationDeg <= MOON_NEAR_TRACK_DEG,
      );
    }
    expect(worst).toBeLessThan(0.2);
  });

  it('flags a bright Moon on the track, at the instant the satellite crosses it', () => {
    // A Moon placed on the line of sight to the satellite at t0 (384,400 km out), fixed in TEME.
    const v = segments.find((s) => s.end.timeMs - s.start.timeMs > 120_000)!;
    const t0 = v.start.timeMs + 60_000;
    const buf = new Float64Array(6);
    expect(orbit.temeInto(t0, buf)).toBe(0);
    const obs = siteTeme(site, gmst(t0));
    const d = [buf[0]! - obs.x, buf[1]! - obs.y, buf[2]! - obs.z];
    const k = 384_400 / Math.hypot(d[0]!, d[1]!, d[2]!);
    const fixed = { x: obs.x + k * d[0]!, y: obs.y + k * d[1]!, z: obs.z + k * d[2]! };
    // The Sun behind the observer as seen from this Moon: a full Moon.
    const full = { temeKm: () => ({ x: -fixed.x * 400, y: -fixed.y * 400, z: -fixed.z * 400 }) };
    const m = moonNearTrack(orbit, site, v.start.timeMs, v.end.timeMs, full, {
      temeKm: () => fixed,
    })!;
    expect(Math.abs(m.closestMs - t0)).toBeLessThan(1000);
    expect(m.minSeparationDeg).toBeLessThan(0.05);
    expect(m.illuminatedFraction).toBeGreaterThan(0.99);
    expect(m.brightNearTrack).toBe(true);
    // The same Moon new (the Sun beyond it): not bright.
    const behind = { temeKm: () => ({ x: fixed.x * 400, y: fixed.y * 400, z: fixed.z * 400 }) };
    const n = moonNearTrack(orbit, site, v.start.timeMs, v.end.timeMs, behind, {
      temeKm: () => fixed,
    })!;
    expect(n.illuminatedFraction).toBeLessThan(0.01);
    expect(n.brightNearTrack).toBe(false);
  });
});
