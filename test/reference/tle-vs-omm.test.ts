/**
 * The same CelesTrak GP data as TLE and as OMM (JSON, CSV) must give the same trajectory.
 *
 * The two are not bit-identical. CelesTrak writes the TLE from the OMM values by truncating the
 * eccentricity to 7 decimals (OMM carries 8: 0.00234977 becomes 0023497) and rounding B* to 5
 * significant digits (OMM carries up to 8: .40393571E-3 becomes 40394-3); n-ddot is rounded the
 * same way, but SGP4 does not use it. Every other field is identical, epochs included. Measured
 * over 3 days from epoch, every 10 minutes (fixtures: test/fixtures/elements/README.md):
 * - With B* and eccentricity made equal, TLE and OMM agree within 1 cm (worst 4.2 mm here, 6.2 mm
 *   over the whole active catalogue). What is left comes from deep-space (SDP4) objects:
 *   satellite.js `json2satrec` reads the OMM epoch with `new Date()`, to whole milliseconds, which
 *   shifts the epoch of the lunar-solar terms slightly. (`Orbit` counts tsince from the exact
 *   `epochMs`, so near-Earth orbits are unaffected.)
 * - With B* made equal, eccentricity truncation alone stays within 10 m except in three regimes:
 *   highly eccentric orbits with large semi-major axes (Cluster II, MMS: a * 1e-7 approaches
 *   10 m), eccentricities just above SGP4's 1e-4 threshold (Starlink/Kuiper at e = 0.00010008:
 *   the TLE's 0.0001000 is not above 1e-4, so sgp4init drops its e-dependent drag terms cc3 and
 *   xmcof) and very low perigees (KEPLER-21, PODSAT).
 * - As published, B* rounding dominates for high-drag objects: up to 48 m in the amateur set,
 *   85 m in the active slice, 746 m over the whole 2026-07-10 active catalogue (STARLINK-35044,
 *   B* 0.1526; 562 of 15,985 objects exceed 10 m).
 * The objects that exceed 10 m are listed below with their cause; the 10 m bound itself is kept.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ElementSet, parseElements } from '../../src/core/elements/index.js';
import { Orbit } from '../../src/core/orbit/index.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/elements/${name}`, import.meta.url), 'utf8');

const STEP_MS = 10 * 60_000;
const STEPS = 3 * 144;
const BOUND_KM = 0.01;
const SAME_NUMBERS_BOUND_KM = 1e-5;

type Cause = 'bstar' | 'eccentricity';

interface Pair {
  tle: ElementSet;
  omm: ElementSet;
  /** Largest separation over 3 days, km: as published, with the TLE's B*, with its B* and e. */
  asPublishedKm: number;
  sameBstarKm: number;
  sameNumbersKm: number;
}

/**
 * Largest TEME separation between two element sets over 3 days from the first one's epoch.
 * Both must stop with the same SGP4 error code at the same step if either stops.
 */
function maxSeparationKm(a: ElementSet, b: ElementSet): number {
  const orbitA = new Orbit(a);
  const orbitB = new Orbit(b);
  const ra = new Float64Array(6);
  const rb = new Float64Array(6);
  let max = 0;
  for (let k = 0; k <= STEPS; k++) {
    const t = a.epochMs + k * STEP_MS;
    const codeA = orbitA.temeInto(t, ra);
    const codeB = orbitB.temeInto(t, rb);
    if (codeA !== codeB) expect(codeB, `${a.noradId} step ${k}`).toBe(codeA);
    if (codeA !== 0) break;
    max = Math.max(max, Math.hypot(ra[0]! - rb[0]!, ra[1]! - rb[1]!, ra[2]! - rb[2]!));
  }
  return max;
}

function loadPairs(ommFile: string, tleFile: string): Pair[] {
  const omm = parseElements(fixture(ommFile), ommFile);
  const tle = parseElements(fixture(tleFile), tleFile);
  expect(omm.issues).toEqual([]);
  expect(tle.issues).toEqual([]);
  const byId = new Map(tle.elements.map((e) => [e.noradId, e]));
  expect(omm.elements.map((e) => e.noradId).sort()).toEqual([...byId.keys()].sort());
  return omm.elements.map((o) => {
    const t = byId.get(o.noradId)!;
    return {
      tle: t,
      omm: o,
      asPublishedKm: maxSeparationKm(t, o),
      sameBstarKm: maxSeparationKm(t, { ...o, bstar: t.bstar }),
      sameNumbersKm: maxSeparationKm(t, {
        ...o,
        bstar: t.bstar,
        eccentricity: t.eccentricity,
        meanMotionDdot: t.meanMotionDdot,
      }),
    };
  });
}

/** Objects beyond 10 m, with the cause: exceedance gone once B* is equal, or only once e is too. */
function exceedances(pairs: Pair[]): Record<number, Cause> {
  const out: Record<number, Cause> = {};
  for (const p of pairs) {
    if (p.asPublishedKm <= BOUND_KM) continue;
    out[p.omm.noradId] = p.sameBstarKm <= BOUND_KM ? 'bstar' : 'eccentricity';
  }
  return out;
}

/**
 * Objects beyond 10 m, measured over 3 days: as published; with the TLE's B* on the OMM side.
 * Suite maxima (as published / equal B* / equal B* and e): amateur 48.2 m / 2.9 m / 0.2 mm;
 * active slice 85.5 m / 40.4 m / 4.2 mm.
 */
const SUITES: {
  title: string;
  omm: string;
  tle: string;
  count: number;
  known: Record<number, Cause>;
}[] = [
  {
    title: 'satvisor amateur, OMM JSON vs TLE (2026-04-27)',
    omm: 'satvisor-amateur.json',
    tle: 'satvisor-amateur.tle',
    count: 96,
    known: {
      40021: 'bstar', // DUCHIFAT-1: 13.6 m; 1.0 m
      61757: 'bstar', // HORIZON (RS59S): 48.2 m; 0.0 m
      61782: 'bstar', // TUSUR GO (RS78S): 31.3 m; 2.9 m
      63492: 'bstar', // HADES-ICM: 25.1 m; 0.3 m
    },
  },
  {
    title: 'CelesTrak active slice, OMM CSV vs TLE (2026-07-10)',
    omm: 'active-slice.csv',
    tle: 'active-slice.tle',
    count: 312,
    known: {
      26410: 'eccentricity', // CLUSTER II-FM7 (SAMBA), e 0.908, a 1.2e5 km: 13.1 m; 13.1 m
      26464: 'eccentricity', // CLUSTER II-FM8 (TANGO), e 0.908: 15.3 m; 15.3 m
      40482: 'eccentricity', // MMS 1, e 0.830, a 1.6e5 km: 15.1 m; 15.1 m
      40484: 'eccentricity', // MMS 3: 20.1 m; 20.1 m
      40485: 'eccentricity', // MMS 4: 17.6 m; 17.6 m
      43229: 'eccentricity', // PODSAT, e 0.346, perigee 200 km: 17.4 m; 13.4 m
      50840: 'bstar', // STARLINK-3295, B* 0.0336: 48.9 m; 1.1 m
      56218: 'eccentricity', // KEPLER-21, 16.4 rev/day, perigee 156 km: 85.5 m; 40.4 m
      62269: 'bstar', // STARLINK-11491 [DTC]: 13.0 m; 1.0 m
      62557: 'bstar', // STARLINK-11478 [DTC]: 18.4 m; 0.3 m
      62912: 'bstar', // STARLINK-11565 [DTC]: 19.2 m; 0.9 m
      63270: 'bstar', // STARLINK-11614 [DTC]: 19.0 m; 0.6 m
      64073: 'bstar', // STARLINK-11729 [DTC]: 25.2 m; 0.7 m
      64240: 'bstar', // STARLINK-11684 [DTC]: 10.1 m; 0.5 m
      66270: 'eccentricity', // STARLINK-35757, e 0.00010008 (TLE 0.0001000): 24.6 m; 25.1 m
      66390: 'eccentricity', // STARLINK-35665, e 0.00010009: 17.8 m; 17.2 m
      69490: 'bstar', // STARLINK-37879, B* -0.0312: 66.4 m; 0.4 m
      69770: 'eccentricity', // KUIPER-00609, e 0.00010004: 19.6 m; 19.5 m
    },
  },
];

for (const suite of SUITES) {
  describe(`TLE vs OMM: ${suite.title}`, () => {
    let pairs: Pair[] = [];

    beforeAll(() => {
      pairs = loadPairs(suite.omm, suite.tle);
    });

    it('holds the same objects and epochs, differing only in eccentricity and B* digits', () => {
      expect(pairs).toHaveLength(suite.count);
      for (const { tle, omm } of pairs) {
        const id = String(omm.noradId);
        expect(tle.epochIso, id).toBe(omm.epochIso);
        expect(Math.abs(tle.epochMs - omm.epochMs), id).toBeLessThan(1e-3);
        for (const key of [
          'meanMotionRevPerDay',
          'inclinationDeg',
          'raanDeg',
          'argPerigeeDeg',
          'meanAnomalyDeg',
          'meanMotionDot',
          'intlDesignator',
          'classification',
          'elementSetNo',
        ] as const) {
          expect(tle[key], `${id} ${key}`).toBe(omm[key]);
        }
        expect(tle.revAtEpoch, id).toBe((omm.revAtEpoch ?? 0) % 100_000);
        expect(tle.eccentricity, id).toBe(
          Math.floor(Math.round(omm.eccentricity * 1e8) / 10) / 1e7,
        );
        for (const key of ['bstar', 'meanMotionDdot'] as const) {
          const unit = 10 ** (Math.floor(Math.log10(Math.abs(omm[key] || 1))) - 4);
          expect(Math.abs(tle[key] - omm[key]), `${id} ${key}`).toBeLessThanOrEqual(unit);
        }
      }
    });

    it('propagates within 1 cm once B* and eccentricity carry the TLE precision', () => {
      const worst = Math.max(...pairs.map((p) => p.sameNumbersKm));
      expect(worst).toBeLessThan(SAME_NUMBERS_BOUND_KM);
    });

    it('stays within 10 m over 3 days except the listed objects, for the listed cause', () => {
      const max = (key: 'asPublishedKm' | 'sameBstarKm' | 'sameNumbersKm') =>
        (Math.max(...pairs.map((p) => p[key])) * 1000).toPrecision(3);
      expect(
        exceedances(pairs),
        `measured ${max('asPublishedKm')} / ${max('sameBstarKm')} / ${max('sameNumbersKm')} m`,
      ).toEqual(suite.known);
    });
  });
}
