/**
 * Issue 15: standard magnitudes with their source. The bundled table is what the three bundled
 * sources give; observations win over McCants' table, which wins over estimates, but not on far
 * orbits (judged from the object's current elements); McCants' values are shifted to MMT-9's
 * convention by the measured median difference.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLED_STDMAG_PATH,
  bundledMagnitudes,
  bundledStdMagnitude,
  deriveStdMagnitudes,
  STDMAG_SOURCE_PATHS,
  stdMagnitudeSource,
  stdMagnitudesJson,
} from '../../src/catalog/index.js';
import { parseTle } from '../../src/core/elements/index.js';
import {
  compareStdMagnitudes,
  FAR_MEAN_MOTION_REV_PER_DAY,
  parseMmtCatalogue,
  parseQuicksatMagnitudes,
  pickStdMagnitude,
  stdMagLayers,
} from '../../src/core/sky/index.js';
import { FakeCelestrak, fixture, TestClock, testConfig, wire } from './helpers.js';

const SNAPSHOT = fileURLToPath(new URL('../../assets/snapshot/elements.tle', import.meta.url));

const MMT = `# nsatellites: 3
#
# Catalogue Id Name Country Variability Period StdMag_Clear StdMag_Clear_Sigma StdMag_B StdMag_B_Sigma StdMag_V StdMag_V_Sigma StdMag_R StdMag_R_Sigma StdMag_Clear_Median StdMag_Clear_Min StdMag_Clear_Max Type Id
NORAD 25544 "ISS (ZARYA)" ISS 0 0 -0.43 0.64 nan nan nan nan nan nan -0.47 -1.55 0.41 1 4123
NORAD 47 "THOR ABLESTAR R/B" US 0 0 5.71 0.87 nan nan 5.37 0.09 nan nan nan 4.17 9.47 3 2930
NORAD 99 "NO CLEAR" US 0 0 nan nan nan nan nan nan nan nan nan nan nan 3 1
McCants 90001 "UNKNOWN" US 0 0 6.1 0.5 nan nan nan nan nan nan 6.0 5 7 3 2
`;

const QS = `00001 d Desig...  Name.......... Mag.  Sz1 Sz2 Sz3 RCS Comments 39732\r
00047   60 7C     Transit 2A Rk   5.0  4.8 1.4 0.0 3.4\r
00127   61 15M    Trans 4A RkDbM                   .36\r
25544   98 67A    ISS            -2.5              399\r
99999 end\r
`;

describe('parsing the sources', () => {
  it('reads MMT-9 rows keyed by NORAD id: Clear mean, sigma, median (nan: none)', () => {
    const rows = parseMmtCatalogue(MMT);
    expect([...rows.keys()]).toEqual([25544, 47]);
    expect(rows.get(25544)).toEqual({
      noradId: 25544,
      name: 'ISS (ZARYA)',
      clearMean: -0.43,
      clearSigma: 0.64,
      clearMedian: -0.47,
    });
    expect(rows.get(47)!.clearMedian).toBeNull();
  });

  it("reads McCants' fixed columns, skipping blanks, the header and the trailer", () => {
    expect([...parseQuicksatMagnitudes(QS)]).toEqual([
      [47, 5],
      [25544, -2.5],
    ]);
  });
});

describe('merging', () => {
  it('prefers observed over catalog (shifted) over estimated', () => {
    const layers = stdMagLayers({
      observed: parseMmtCatalogue(MMT),
      catalog: new Map([
        [47, 5],
        [25544, -2.5],
        [5, 9.5],
      ]),
      catalogOffset: 1,
      estimated: new Map([
        [5, 10.5],
        [47, 6],
        [7, 12],
      ]),
    });
    const pick = (id: number) => pickStdMagnitude(layers, id, 15.5);
    expect(pick(25544)).toEqual({ stdMag: -0.47, source: 'observed' });
    expect(pick(47)).toEqual({ stdMag: 5.71, source: 'observed' }); // mean: no median
    expect(pick(5)).toEqual({ stdMag: 10.5, source: 'catalog' });
    expect(pick(7)).toEqual({ stdMag: 12, source: 'estimated' });
    expect(pick(8)).toBeNull();
    // On a far orbit MMT-9's value is passed over (biased bright), whatever the object.
    const far = FAR_MEAN_MOTION_REV_PER_DAY;
    expect(pickStdMagnitude(layers, 25544, far)).toEqual({ stdMag: -1.5, source: 'catalog' });
    expect(pickStdMagnitude(layers, 47, far)).toEqual({ stdMag: 6, source: 'catalog' });
    expect(pickStdMagnitude(layers, 47, far + 0.01)).toEqual({ stdMag: 5.71, source: 'observed' });
    // No orbit known: MMT-9's value.
    expect(pickStdMagnitude(layers, 47, null)).toEqual({ stdMag: 5.71, source: 'observed' });
  });

  it('compares two tables over common objects: median, percentiles, spread', () => {
    const a = new Map([1, 2, 3, 4, 5].map((id) => [id, id + 1]));
    const b = new Map([1, 2, 3, 4, 6].map((id) => [id, id]));
    const c = compareStdMagnitudes(a, b)!;
    expect(c.count).toBe(4);
    expect(c.median).toBe(1);
    expect(c.p10).toBe(1);
    expect(c.medianAbsDeviation).toBe(0);
    expect(compareStdMagnitudes(a, new Map([[9, 1]]))).toBeNull();
  });
});

describe('the bundled table', () => {
  const derived = deriveStdMagnitudes({
    mmt: readFileSync(STDMAG_SOURCE_PATHS.mmt, 'latin1'),
    quicksat: readFileSync(STDMAG_SOURCE_PATHS.quicksat, 'latin1'),
    estimates: readFileSync(STDMAG_SOURCE_PATHS.estimates, 'utf8'),
  });

  it('is exactly what scripts/make-stdmag.ts makes from the bundled sources', () => {
    expect(readFileSync(BUNDLED_STDMAG_PATH, 'utf8')).toBe(stdMagnitudesJson(derived));
    const sizes = (l: typeof derived.layers) => [l.observed.size, l.catalog.size, l.estimated.size];
    expect(sizes(bundledMagnitudes().layers)).toEqual(sizes(derived.layers));
  });

  it('says how MMT-9 and McCants agree over the objects in both', () => {
    const a = derived.agreement;
    console.log('MMT-9 minus McCants', a);
    expect(a.count).toBe(1449);
    // McCants' intrinsic magnitudes are about a magnitude brighter than MMT-9's medians.
    expect(a.median).toBeCloseTo(1.02, 2);
    expect(a.p10).toBeLessThan(a.p25);
    expect(a.p75).toBeLessThan(a.p90);
  });

  it('gives each magnitude its source: the ISS is observed, estimates are marked', () => {
    // The objects of the bundled snapshot, each with its snapshot orbit.
    const snapshot = parseTle(readFileSync(SNAPSHOT, 'utf8'), 'snapshot');
    const counts = { observed: 0, catalog: 0, estimated: 0 };
    for (const e of snapshot.elements) {
      const m = bundledStdMagnitude(e.noradId, e.meanMotionRevPerDay);
      if (m) counts[m.source]++;
    }
    console.log('sources over the bundled snapshot', counts);
    expect(counts.observed).toBeGreaterThan(100);
    expect(counts.estimated).toBeGreaterThan(counts.observed);
    const leo = { meanMotionRevPerDay: 15.5 };
    expect(bundledStdMagnitude(25544, 15.5)).toEqual({ stdMag: -0.47, source: 'observed' });
    const iss = (stdMagnitude: number | null) =>
      stdMagnitudeSource({ noradId: 25544, stdMagnitude, elements: leo });
    expect(iss(-0.47)).toBe('observed');
    expect(iss(-1)).toBe('estimated'); // not the bundled value
    expect(iss(null)).toBeNull();
    const { layers } = bundledMagnitudes();
    const catalogId = [...layers.catalog.keys()].find((id) => !layers.observed.has(id))!;
    const value = layers.catalog.get(catalogId)!;
    expect(stdMagnitudeSource({ noradId: catalogId, stdMagnitude: value, elements: leo })).toBe(
      'catalog',
    );
  });
});

describe("the far-orbit rule uses the catalog's current elements", () => {
  // Two objects of CelesTrak's active group that are not in the bundled snapshot, both observed by
  // MMT-9: BEIDOU-3 M17 (MEO, 1.86 rev/day; MMT-9 3.4, estimate 5.5) and WORLDVIEW-1 (LEO).
  const [head, ...rows] = fixture('elements/active-slice.csv').trim().split('\n');
  const keys = head!.split(',');
  const TEXT = new Set(['OBJECT_NAME', 'OBJECT_ID', 'EPOCH', 'CLASSIFICATION_TYPE']);
  /** The OMM JSON record CelesTrak serves for a row of its CSV. */
  const omm = (noradId: number) => {
    const row = rows.find((r) => r.split(',')[11] === String(noradId))!.split(',');
    return Object.fromEntries(keys.map((k, i) => [k, TEXT.has(k) ? row[i] : Number(row[i])]));
  };
  let server: FakeCelestrak;
  beforeAll(async () => {
    server = await FakeCelestrak.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it("stores the estimate, not MMT-9's value, for a far object refreshed from CelesTrak", async () => {
    const snapshotIds = new Set(
      parseTle(readFileSync(SNAPSHOT, 'utf8'), 'snapshot').elements.map((e) => e.noradId),
    );
    expect(snapshotIds.has(43706)).toBe(false);
    expect(snapshotIds.has(32060)).toBe(false);
    expect(omm(43706).MEAN_MOTION).toBeLessThan(FAR_MEAN_MOTION_REV_PER_DAY);
    const { layers } = bundledMagnitudes();
    expect(layers.observed.get(43706)).toBe(3.4);
    expect(layers.observed.get(32060)).toBe(5.51);

    server.set('GROUP=mixed', {
      body: JSON.stringify([omm(43706), omm(32060)]),
      contentType: 'application/json',
    });
    const w = wire(
      testConfig({ PASSWATCH_CELESTRAK_URL: server.url, PASSWATCH_GROUPS: 'mixed' }),
      new TestClock(),
    );
    try {
      const reports = await w.refresher.refresh();
      expect(reports.map((r) => [r.outcome, r.reason])).toEqual([['updated', null]]);
      const far = w.catalog.get(43706)!;
      expect(far.stdMagnitude).toBe(5.5);
      expect(stdMagnitudeSource(far)).toBe('estimated');
      const near = w.catalog.get(32060)!;
      expect(near.stdMagnitude).toBe(5.51);
      expect(stdMagnitudeSource(near)).toBe('observed');
      // What the store holds is what a restart reads.
      const stored = w.store.loadObjects().find((r) => r.noradId === 43706)!;
      expect(stored.stdMagnitude).toBe(5.5);
    } finally {
      w.store.close();
    }
  });
});
