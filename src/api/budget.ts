/**
 * The work budget (`api.workBudgetSatelliteDays`): what a request for the passes of many
 * satellites costs, checked before any of the work is admitted, for up to the whole catalog.
 */
import type { ElementSet } from '../core/elements/index.js';
import { isDeepSpace } from '../core/orbit/index.js';
import { ProblemError } from './problem.js';

/**
 * Deep-space objects (period of 225 min or more: SDP4, slow or always-up geometry) cost about twice
 * as much per day to search as near-Earth ones (measured: 10-11 ms vs 5.4 ms per satellite-day on
 * a 2-core machine), and count double against the work budget. They are told from the elements'
 * mean motion (`isDeepSpace`), never by building orbits: the check runs on the event loop.
 */
export const DEEP_SPACE_WEIGHT = 2;

export interface WorkRequest {
  /** The element sets of the objects the request would search (unknown ids left out). */
  elements: readonly Pick<ElementSet, 'meanMotionRevPerDay' | 'eccentricity' | 'inclinationDeg'>[];
  days: number;
  /** The parameter that chose the objects, named in the problem. */
  parameter: string;
}

/** The request's cost in satellite-days (deep-space objects counted `DEEP_SPACE_WEIGHT` times). */
export function workCost(elements: WorkRequest['elements'], days: number) {
  const deep = elements.filter((el) => isDeepSpace(el)).length;
  return { deep, satelliteDays: (elements.length + deep * (DEEP_SPACE_WEIGHT - 1)) * days };
}

/**
 * Refuse, with a 422 problem that says how the cost was counted, a request over the budget.
 *
 * @throws ProblemError `work-budget-exceeded`
 */
export function checkWorkBudget(budget: number, request: WorkRequest): void {
  const { elements, days, parameter } = request;
  // Within the budget even if every object were deep space: nothing to count (a whole catalog is
  // 16,000 element sets, classified on the event loop).
  if (elements.length * DEEP_SPACE_WEIGHT * days <= budget) return;
  const { deep, satelliteDays } = workCost(elements, days);
  if (satelliteDays <= budget) return;
  const counted = deep
    ? `(${elements.length} satellites, ${deep} of them deep-space counted ${DEEP_SPACE_WEIGHT}×)`
    : `${elements.length} satellites`;
  throw new ProblemError(
    422,
    'work-budget-exceeded',
    `${counted} × ${days.toFixed(2)} days = ${Math.round(satelliteDays)} satellite-days, ` +
      `over this server's budget of ${budget} per request; ask for fewer satellites or fewer days`,
    [{ parameter, detail: `${elements.length} satellites selected` }],
    { budgetSatelliteDays: budget, requestedSatelliteDays: Math.round(satelliteDays) },
  );
}
