/**
 * ISS transits of the Sun and the Moon (`findTransits`, `src/core/passes/transits.ts`) against an
 * independent computation: python-sgp4 + PyEphem + Skyfield's timescale, fixture made by
 * test/reference/transits/make_transits.py (see its docstring).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { findTransits, type Transit } from '../../src/core/passes/index.js';
import { MoonTrack, SunTrack } from '../../src/core/sky/index.js';
import { orbitFromTle } from '../helpers/tle.js';
import { type ScanEvent, transitScan } from './transits/scan.js';

interface Case {
  name: string;
  body: 'sun' | 'moon';
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeM: number;
  minSeparationMs: number;
  minSeparationDeg: number;
  centreNearestMs: number;
  centreNearestEcfKm: [number, number, number];
  centreNearestDistanceKm: number;
}

const fixture = JSON.parse(
  readFileSync(new URL('./transits/transits.json', import.meta.url), 'utf8'),
) as { tle: [string, string]; cases: Case[] };

/**
 * A found transit `t` against a reference event `e`: found, the same kind, the separation within
 * 0.002 deg, the centre line's point within 0.5 km and its distance within 0.5 km. Returns the
 * time and centre-line differences (ms, km).
 */
function expectLikeScan(t: Transit | undefined, e: ScanEvent): { ms: number; km: number } {
  expect(t, `missed: ${e.body} ${e.iso}`).toBeDefined();
  expect(t!.kind, e.iso).toBe(e.kind);
  expect(Math.abs(t!.minSeparationDeg - e.minSeparationDeg), e.iso).toBeLessThan(0.002);
  let km = 0;
  if (e.centreLine) {
    const cl = t!.centreLine;
    expect(cl, e.iso).not.toBeNull();
    const p = new Site({
      latitudeDeg: cl!.latitudeDeg,
      longitudeDeg: cl!.longitudeDeg,
      altitudeM: 0,
    });
    const [x, y, z] = e.centreLine.ecfKm;
    km = Math.hypot(p.x - x, p.y - y, p.z - z);
    expect(km, e.iso).toBeLessThan(0.5);
    expect(Math.abs(cl!.distanceKm - e.centreLine.distanceKm), e.iso).toBeLessThan(0.5);
  }
  return { ms: Math.abs(t!.timeMs - e.timeMs), km };
}

describe('Sun and Moon transits against python-sgp4 + PyEphem', () => {
  const orbit = orbitFromTle('ISS (ZARYA)', ...fixture.tle);
  for (const c of fixture.cases) {
    it(`${c.name}: time within 0.1 s, centre line within 0.5 km`, () => {
      const site = new Site(c);
      const startMs = c.minSeparationMs - 3_600_000;
      const endMs = c.minSeparationMs + 3_600_000;
      const found = findTransits(
        orbit,
        site,
        { startMs, endMs, radiusKm: 50, nearMissDeg: 1 },
        new SunTrack(startMs, endMs),
        new MoonTrack(startMs, endMs),
      ).filter((t) => t.body === c.body);
      expect(found).toHaveLength(1);
      const t = found[0]!;
      const dt = Math.abs(t.timeMs - c.minSeparationMs);
      const cl = t.centreLine!;
      const p = new Site({
        latitudeDeg: cl.latitudeDeg,
        longitudeDeg: cl.longitudeDeg,
        altitudeM: 0,
      });
      const dKm = Math.hypot(
        p.x - c.centreNearestEcfKm[0],
        p.y - c.centreNearestEcfKm[1],
        p.z - c.centreNearestEcfKm[2],
      );
      console.log(c.name, { dtMs: dt, sepDeg: t.minSeparationDeg - c.minSeparationDeg, dKm });
      expect(dt).toBeLessThan(100);
      expect(Math.abs(t.minSeparationDeg - c.minSeparationDeg)).toBeLessThan(0.002);
      expect(dKm).toBeLessThan(0.5);
      expect(Math.abs(cl.distanceKm - c.centreNearestDistanceKm)).toBeLessThan(0.5);
      expect(t.fromObserver).toBe(c.minSeparationDeg < t.bodyRadiusDeg);
    });
  }
});

const scan = transitScan;

describe('every transit over 7 days, against a stepped scan (python-sgp4 + PyEphem)', () => {
  const startMs = Date.parse(scan.startIso);
  const endMs = startMs + scan.days * 86_400_000;
  const sun = new SunTrack(startMs, endMs);
  const moon = new MoonTrack(startMs, endMs);

  it('the scan has transits on and off the disc, near misses, both bodies and both stations', () => {
    const expected = scan.events.filter((e) => e.expected && !e.marginal);
    expect(expected.length).toBeGreaterThanOrEqual(15);
    expect(new Set(expected.map((e) => e.satellite)).size).toBe(2);
    expect(new Set(expected.map((e) => e.body)).size).toBe(2);
    expect(expected.some((e) => e.kind === 'near-miss')).toBe(true);
    expect(expected.filter((e) => e.minSeparationDeg < 0.26).length).toBeGreaterThanOrEqual(3);
  });

  for (const [name, tle] of Object.entries(scan.satellites)) {
    for (const observer of scan.observers) {
      it(`${name} from ${observer.name}: the same set, none missed, none extra; 0.1 s, 0.5 km`, () => {
        const orbit = orbitFromTle(name, ...tle);
        const found = findTransits(
          orbit,
          new Site(observer),
          { startMs, endMs, radiusKm: scan.radiusKm, nearMissDeg: scan.nearMissDeg },
          sun,
          moon,
        );
        const ref = scan.events.filter((e) => e.satellite === name && e.observer === observer.name);
        const match = (e: ScanEvent) =>
          found.find((t) => t.body === e.body && Math.abs(t.timeMs - e.timeMs) < 100);
        let worstMs = 0;
        let worstKm = 0;
        for (const e of ref.filter((r) => r.expected && !r.marginal)) {
          const t = match(e);
          const d = expectLikeScan(t, e);
          worstMs = Math.max(worstMs, d.ms);
          worstKm = Math.max(worstKm, d.km);
        }
        console.log(name, observer.name, { events: found.length, worstMs, worstKm });
        for (const t of found) {
          const e = ref.find(
            (r) =>
              r.body === t.body &&
              Math.abs(r.timeMs - t.timeMs) < 100 &&
              (r.expected || r.marginal),
          );
          expect(e, `extra: ${t.body} ${new Date(t.timeMs).toISOString()}`).toBeDefined();
        }
      });
    }
  }
});

interface GeoScan {
  satellite: [string, string, string];
  observer: { name: string; latitudeDeg: number; longitudeDeg: number; altitudeM: number };
  startIso: string;
  days: number;
  radiusKm: number;
  nearMissDeg: number;
  events: (ScanEvent & { durationSeconds: number })[];
}

const geo = JSON.parse(
  readFileSync(new URL('./transits/geo.json', import.meta.url), 'utf8'),
) as GeoScan;

describe('a geostationary satellite that never sets, a week at the equinox (sun outage)', () => {
  const startMs = Date.parse(geo.startIso);
  const endMs = startMs + geo.days * 86_400_000;
  const orbit = orbitFromTle(...geo.satellite);
  const found = findTransits(
    orbit,
    new Site(geo.observer),
    { startMs, endMs, radiusKm: geo.radiusKm, nearMissDeg: geo.nearMissDeg },
    new SunTrack(startMs, endMs),
    new MoonTrack(startMs, endMs),
  );
  const expected = geo.events.filter((e) => e.expected && !e.marginal);

  it('the reference has the Sun near or on the satellite on six days running, one a day', () => {
    const days = expected.filter((e) => e.body === 'sun').map((e) => e.iso.slice(0, 10));
    expect(days.length).toBeGreaterThanOrEqual(6);
    expect(new Set(days).size).toBe(days.length);
    expect(expected.some((e) => e.kind === 'transit' && e.body === 'sun')).toBe(true);
  });

  it('every minimum of the week found, none extra: 0.1 s, 0.002 deg, 0.5 s on the disc', () => {
    let worstMs = 0;
    let worstKm = 0;
    for (const e of expected) {
      const t = found.find((x) => x.body === e.body && Math.abs(x.timeMs - e.timeMs) < 100);
      const d = expectLikeScan(t, e);
      worstMs = Math.max(worstMs, d.ms);
      worstKm = Math.max(worstKm, d.km);
      expect(Math.abs(t!.durationSeconds - e.durationSeconds), e.iso).toBeLessThan(0.5);
    }
    console.log('GEO', geo.observer.name, { events: found.length, worstMs, worstKm });
    expect(worstKm).toBeLessThan(0.5);
    for (const t of found) {
      const e = geo.events.find(
        (r) =>
          r.body === t.body && Math.abs(r.timeMs - t.timeMs) < 100 && (r.expected || r.marginal),
      );
      expect(e, `extra: ${t.body} ${new Date(t.timeMs).toISOString()}`).toBeDefined();
    }
  });
});
