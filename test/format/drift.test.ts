/**
 * The measured drift of old element sets and the warnings built from it. The committed table
 * (src/format/drift-measured.ts) must be what scripts/drift/measure.ts computes from its
 * committed data, so the words users read always come from the measurement.
 */
import { describe, expect, it } from 'vitest';
import { measureDrift } from '../../scripts/drift/measure.js';
import {
  driftRow,
  driftWords,
  elementsAge,
  orbitClassOf,
  staleSummary,
  staleWarning,
} from '../../src/format/drift.js';
import { DRIFT_MEASURED } from '../../src/format/drift-measured.js';

describe('the measured drift table', () => {
  it('is what scripts/drift/measure.ts computes from scripts/drift/data', () => {
    const { rows } = measureDrift();
    expect(DRIFT_MEASURED.rows).toEqual(rows);
  }, 60_000);

  it('covers every orbit class at about 42 days, and all but HEO at about 116 days', () => {
    const key = (r: { orbitClass: string; ageDays: number }) =>
      `${r.orbitClass}@${Math.round(r.ageDays / 10) * 10}`;
    expect(DRIFT_MEASURED.rows.map(key).sort()).toEqual(
      [
        'geo@40',
        'geo@120',
        'heo@40',
        'leo-high@40',
        'leo-high@120',
        'leo-low@40',
        'leo-low@120',
        'meo@40',
        'meo@120',
      ].sort(),
    );
    for (const r of DRIFT_MEASURED.rows) {
      expect(r.objects).toBeGreaterThanOrEqual(20);
      expect(r.positionKm.p90).toBeGreaterThanOrEqual(r.positionKm.median);
    }
  });

  it('shows LEO below 500 km drifting fastest and growing with age', () => {
    const low42 = driftRow('leo-low', 42)!;
    const low116 = driftRow('leo-low', 116)!;
    expect(low116.positionKm.median).toBeGreaterThan(low42.positionKm.median);
    for (const cls of ['leo-high', 'meo', 'geo'] as const) {
      expect(low42.positionKm.median).toBeGreaterThan(driftRow(cls, 42)!.positionKm.median);
    }
  });
});

describe('orbit classes', () => {
  const cases: [string, number, number, string][] = [
    ['ISS, 420 km', 15.5, 0.0004, 'leo-low'],
    ['Starlink, 550 km', 15.06, 0.0001, 'leo-high'],
    ['NOAA 19, 860 km', 14.13, 0.0014, 'leo-high'],
    ['GPS, 20,200 km', 2.005, 0.01, 'meo'],
    ['geostationary', 1.0027, 0.0002, 'geo'],
    ['Molniya', 2.006, 0.72, 'heo'],
    ['GTO', 2.27, 0.73, 'heo'],
  ];
  for (const [what, n, e, cls] of cases) {
    it(`${what} is ${cls}`, () => {
      expect(orbitClassOf({ meanMotionRevPerDay: n, eccentricity: e })).toBe(cls);
    });
  }
});

describe('warnings', () => {
  const iss = {
    noradId: 25544,
    name: 'ISS (ZARYA)',
    epochIso: '2026-04-27T12:00:00.000000Z',
    epochMs: Date.parse('2026-04-27T12:00:00Z'),
    meanMotionRevPerDay: 15.5,
    eccentricity: 0.0004,
  };

  it('are stale past the limit at the predicted instant, either side of the epoch', () => {
    const day = 86_400_000;
    expect(elementsAge(iss, iss.epochMs + 14 * day, 14).stale).toBe(false);
    expect(elementsAge(iss, iss.epochMs + 14.01 * day, 14).stale).toBe(true);
    expect(elementsAge(iss, iss.epochMs - 15 * day, 14).stale).toBe(true);
  });

  it('give the age, the limit and the measured drift of the class at the nearest age', () => {
    const at = Date.parse('2026-08-21T12:00:00Z');
    const age = elementsAge(iss, at, 14);
    expect(age).toMatchObject({ ageDays: 116, stale: true, orbitClass: 'leo-low' });
    const text = staleWarning(iss, age, 14);
    const row = driftRow('leo-low', 116)!;
    expect(row.snapshot).toBe('2026-04-27');
    expect(text).toContain(
      'ISS (ZARYA) (25544): its elements (epoch 2026-04-27) are 116 days old at this prediction, more than the 14-day limit (stale).',
    );
    expect(text).toContain(
      `in low Earth orbit below 500 km (high drag) they drifted about ${Math.round(row.positionKm.median / row.ageDays)} km a day`,
    );
    expect(text).toContain(`${Math.round(row.ageDays)}-day-old sets were`);
    expect(text).toContain(`pass times ${Math.round(row.passTimeSeconds!.median / 60)} min off`);
    expect(text).toContain('Refresh the catalog (passwatch refresh) or import newer elements');
  });

  it('sum up many objects per orbit class', () => {
    const at = Date.parse('2026-08-21T12:00:00Z');
    const geo = { ...iss, noradId: 1, meanMotionRevPerDay: 1.0027, eccentricity: 0.0002 };
    const fresh = { ...iss, epochMs: at - 86_400_000, epochIso: '2026-08-20T12:00:00.000000Z' };
    const lines = staleSummary(
      [iss, iss, geo, fresh].map((e) => elementsAge(e, at, 14)),
      14,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^2 objects in low Earth orbit below 500 km \(high drag\) have elements more than 14 days old \(stale; median 116 days\)\. /,
    );
    expect(lines[1]).toMatch(/^1 object in geosynchronous orbit has elements/);
    expect(lines[1]).toContain(driftWords('geo', 116));
  });
});
