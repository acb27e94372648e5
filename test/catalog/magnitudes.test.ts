/**
 * Issue 15: standard magnitudes with their source. The bundled table is what the three bundled
 * sources give; observations win over McCants' table, which wins over estimates; McCants' values are
 * shifted to MMT-9's convention by the measured median difference.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BUNDLED_STDMAG_PATH,
  bundledMagnitudes,
  deriveStdMagnitudes,
  STDMAG_SOURCE_PATHS,
  stdMagnitudeSource,
  stdMagnitudesJson,
} from '../../src/catalog/index.js';
import {
  compareStdMagnitudes,
  mergeStdMagnitudes,
  parseMmtCatalogue,
  parseQuicksatMagnitudes,
} from '../../src/core/sky/index.js';

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
    const merged = mergeStdMagnitudes({
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
    expect(merged.get(25544)).toEqual({ stdMag: -0.47, source: 'observed' });
    expect(merged.get(47)).toEqual({ stdMag: 5.71, source: 'observed' }); // mean: no median
    expect(merged.get(5)).toEqual({ stdMag: 10.5, source: 'catalog' });
    expect(merged.get(7)).toEqual({ stdMag: 12, source: 'estimated' });
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
    orbits: readFileSync(STDMAG_SOURCE_PATHS.orbits, 'utf8'),
  });

  it('is exactly what scripts/make-stdmag.ts makes from the bundled sources', () => {
    expect(readFileSync(BUNDLED_STDMAG_PATH, 'utf8')).toBe(stdMagnitudesJson(derived));
    expect(bundledMagnitudes().entries.size).toBe(derived.entries.size);
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
    const { entries } = bundledMagnitudes();
    expect(entries.get(25544)).toEqual({ stdMag: -0.47, source: 'observed' });
    const counts = { observed: 0, catalog: 0, estimated: 0 };
    for (const e of entries.values()) counts[e.source]++;
    console.log('sources', counts);
    expect(counts.observed).toBeGreaterThan(16_000);
    expect(counts.catalog).toBeGreaterThan(2000);
    expect(stdMagnitudeSource(25544, -0.47)).toBe('observed');
    expect(stdMagnitudeSource(25544, -1)).toBe('estimated'); // not the bundled value
    expect(stdMagnitudeSource(25544, null)).toBeNull();
    const catalogId = [...entries].find(([, e]) => e.source === 'catalog')![0];
    expect(stdMagnitudeSource(catalogId, entries.get(catalogId)!.stdMag)).toBe('catalog');
  });
});
