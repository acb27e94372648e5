/**
 * Fast pass search for near-Earth SGP4 orbits, the engine of the bulk search (`../bulk.ts`):
 * `plan.ts` (the mean model and its bounds; the method in its module comment), `windows.ts`
 * (where passes can be), `solver.ts` with `local-model.ts` (the pass in each window).
 */

export {
  equationOfCentreBound,
  MAX_ECCENTRICITY,
  type NearEarthFallback,
  type NearEarthPlan,
  planNearEarth,
} from './plan.js';
export { type ApproachOutcome, ApproachSolver } from './solver.js';
export { type ApproachWindow, approachWindows, MeanGeometry } from './windows.js';
