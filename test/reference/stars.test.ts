/**
 * The bundled bright stars placed in an observer's sky (`StarField`, `src/core/sky/stars.ts`)
 * against PyEphem's own star catalogue: fixture made by test/reference/stars/make_stars.py.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledStars } from '../../src/catalog/index.js';
import { separationDeg } from '../../src/core/sky/index.js';

interface Fixture {
  observers: { name: string; latitudeDeg: number; longitudeDeg: number; altitudeM: number }[];
  rows: { epochMs: number; observers: Record<string, [number, number]>[] }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./stars/stars.json', import.meta.url), 'utf8'),
) as Fixture;

/** PyEphem's spellings that differ from the bundled names. */
const ALIASES: Record<string, string> = {
  Rigil_Kentaurus: 'Rigil Kentaurus',
};

describe('bright stars against PyEphem', () => {
  it('places every star PyEphem knows within 0.05 deg (no proper motion, no aberration)', () => {
    const field = bundledStars();
    let worst = 0;
    let compared = 0;
    const names = new Set<string>();
    for (const row of fixture.rows) {
      fixture.observers.forEach((o, i) => {
        const placed = new Map(
          field
            .sky(o, row.epochMs, { minElevationDeg: -90 })
            .filter((p) => p.star.name)
            .map((p) => [p.star.name!, p]),
        );
        for (const [ephemName, [az, el]] of Object.entries(row.observers[i]!)) {
          const ours = placed.get(ALIASES[ephemName] ?? ephemName.replace(/_/g, ' '));
          if (!ours) continue;
          names.add(ephemName);
          worst = Math.max(worst, separationDeg(az, el, ours.azimuthDeg, ours.elevationDeg));
          compared++;
        }
      });
    }
    console.log(`${names.size} stars, ${compared} positions, worst ${worst} deg`);
    expect(names.size).toBeGreaterThan(60);
    expect(worst).toBeLessThan(0.05); // alpha Cen moves 3.7"/yr: 0.036 deg by 2035
  });
});
