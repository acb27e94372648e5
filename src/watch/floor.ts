/**
 * The refit floor: how much two successive fits of one object's orbit may differ in SGP4 mean
 * semi-major axis and inclination with nothing happening, whatever their age. The histories in
 * the repository are weeks apart (`scripts/watch/measure.ts`), so this part cannot be measured
 * from them: these are set from the precision CelesTrak's GP fits carry (mean motion to ~1e-6
 * rev/day in the elements, fit-to-fit scatter about a hundred times that in LEO; inclination to
 * 1e-4 degrees) with a margin, and stated as such in the README.
 */
import type { OrbitClassId } from '../format/drift.js';

export const REFIT_FLOOR: Record<
  OrbitClassId,
  { semiMajorAxisKm: number; inclinationDeg: number }
> = {
  'leo-low': { semiMajorAxisKm: 0.2, inclinationDeg: 0.003 },
  'leo-high': { semiMajorAxisKm: 0.1, inclinationDeg: 0.003 },
  meo: { semiMajorAxisKm: 0.2, inclinationDeg: 0.003 },
  geo: { semiMajorAxisKm: 1, inclinationDeg: 0.005 },
  heo: { semiMajorAxisKm: 2, inclinationDeg: 0.01 },
};
