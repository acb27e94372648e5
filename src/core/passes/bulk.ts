import { errorKindFromCode, PropagationError } from '../orbit/errors.js';
import type { Site } from '../orbit/observer.js';
import type { Orbit } from '../orbit/propagate.js';
import { DEG, MS_PER_DAY } from '../units.js';
import { DirectStates, SharedEphemeris } from './ephemeris.js';
import { findPasses } from './finder.js';
import type { HorizonMask } from './horizon-mask.js';
import {
  ApproachSolver,
  approachWindows,
  MeanGeometry,
  type NearEarthFallback,
  planNearEarth,
} from './near-earth/index.js';
import type { Pass, StateSource } from './types.js';

/** One observer of a bulk search, with its own threshold and obstructions. */
export interface BulkSite {
  site: Site;
  /** Minimum elevation, degrees (default 0). */
  minElevationDeg?: number;
  /** Obstructions; with a mask the general finder runs inside the fast path's windows. */
  horizonMask?: HorizonMask | null;
}

export interface BulkSearch {
  /** Window start and end, UTC epoch ms: passes are searched in [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** An element set whose epoch is further than this from the window is `stale` (default 14). */
  staleAfterDays?: number;
  /**
   * From this many sites on, SGP4 states are computed once per object on a 30 s grid and shared by
   * all sites (interpolated); below it each site propagates directly (default 4).
   */
  shareFromSites?: number;
}

/** How an object was searched. */
export type BulkMethod = 'near-earth' | 'finder';

/**
 * Why the general finder searched an object: its orbit is not for the fast path, SGP4 failed in
 * the window, or (set by adapters that build orbits from element sets) the elements could not be
 * initialised at all.
 */
export type BulkFallback = NearEarthFallback | 'sgp4-error' | 'invalid-elements';

/** Every pass of one object over every site of a bulk search. */
export interface BulkObjectResult {
  noradId: number;
  /** `passes[j]`: the passes over `sites[j]`, time-ordered, as `findPasses` returns them. */
  passes: Pass[][];
  /**
   * Set when SGP4 failed inside the window (decay, an eccentricity error): the passes before it
   * are kept; the instant is the earliest failure seen from any site.
   */
  error: PropagationError | null;
  /** The element epoch is more than `staleAfterDays` from the window; passes are still given. */
  stale: boolean;
  /** Days from the element epoch to the farther end of the window. */
  epochDistanceDays: number;
  method: BulkMethod;
  /** Why the general finder was used, when it was. */
  fallback: BulkFallback | null;
  /** SGP4 evaluations spent on this object. */
  evaluations: number;
}

export interface BulkResult {
  /** One result per orbit, in input order. */
  objects: BulkObjectResult[];
  passCount: number;
  evaluations: number;
}

/** Default of `BulkSearch.staleAfterDays`. */
export const DEFAULT_STALE_AFTER_DAYS = 14;
const DEFAULT_SHARE_FROM_SITES = 4;
const SHARED_STEP_MS = 30_000;

interface PreparedSite {
  site: Site;
  minElevationDeg: number;
  thresholdRad: number;
  mask: HorizonMask | null;
  /** Lowest elevation that can count anywhere on the horizon, rad. */
  lowestRad: number;
  /** The fast path's pieces for this site, reused from one object to the next. */
  geometry: MeanGeometry;
  solver: ApproachSolver;
}

function prepare(sites: readonly BulkSite[]): PreparedSite[] {
  return sites.map(({ site, minElevationDeg = 0, horizonMask = null }) => {
    const thresholdRad = minElevationDeg * DEG;
    const lowestRad = horizonMask
      ? Math.max(thresholdRad, horizonMask.minElevationDeg * DEG)
      : thresholdRad;
    return {
      site,
      minElevationDeg,
      thresholdRad,
      mask: horizonMask,
      lowestRad,
      geometry: new MeanGeometry(site),
      solver: new ApproachSolver(site, thresholdRad),
    };
  });
}

/**
 * Every pass of every orbit over every site in one window: the same passes as `findPasses` per
 * orbit and site (same count; AOS, TCA and LOS within 0.5 s, in practice milliseconds), at a
 * fraction of the cost.
 *
 * Near-Earth orbits (SGP4, eccentricity <= 0.05, no decay in the window) take the fast path of
 * `near-earth.ts`: no propagation far from the observer, about three SGP4 evaluations per pass.
 * Everything else — deep-space (SDP4) orbits, eccentric or decaying ones, horizon masks inside the
 * fast path's windows, passes cut by the window edges — goes to `findPasses`, so the edge cases
 * (GEO never rising or never setting, HEO, decay mid-window) behave exactly as there.
 *
 * Pure: no I/O, no clock. Costs grow with orbits x sites; with `shareFromSites` or more sites the
 * propagation is shared between sites. Run chunks of the catalogue on several threads with the
 * adapter in `src/compute/`.
 */
export function findPassesBulk(
  orbits: readonly Orbit[],
  sites: readonly BulkSite[],
  search: BulkSearch,
): BulkResult {
  const searcher = new BulkSearcher(sites, search);
  const objects = orbits.map((orbit) => searcher.search(orbit));
  let passCount = 0;
  let evaluations = 0;
  for (const o of objects) {
    evaluations += o.evaluations;
    for (const list of o.passes) passCount += list.length;
  }
  return { objects, passCount, evaluations };
}

/**
 * The newest searcher, kept alive on purpose. V8 gives an object a new hidden class (map) for each
 * field its constructor sets; those maps live only while some object uses them, and optimised
 * code that checks a map is thrown away when the map dies. With no search under way, a major GC
 * (after a request, between a worker thread's chunks, the bench's `gc()` before each run) took
 * every searcher, solver, geometry and track, and with their maps about 35 optimised functions of
 * the search, each compiled again (running unoptimised meanwhile) after every such GC: a
 * whole-catalogue search was 5-10% slower for it. One live instance of each (this one, and
 * `Track`'s in `finder.ts`) keeps the maps and the code; it holds one set of sites and their
 * scratch space.
 */
const newest: { searcher?: BulkSearcher } = {};

/**
 * `findPassesBulk` one orbit at a time: prepared once for its sites and window, it keeps its
 * scratch space (the shared ephemeris grid) from one orbit to the next. The unit of work of a
 * chunk on a worker thread.
 */
export class BulkSearcher {
  private readonly sites: PreparedSite[];
  private ephemeris: SharedEphemeris | null = null;

  constructor(
    sites: readonly BulkSite[],
    private readonly window: BulkSearch,
  ) {
    this.sites = prepare(sites);
    check(window, this.sites.length);
    newest.searcher = this;
  }

  /** Every pass of `orbit` over every site. */
  search(orbit: Orbit): BulkObjectResult {
    const { startMs, endMs } = this.window;
    const shared = this.sites.length >= (this.window.shareFromSites ?? DEFAULT_SHARE_FROM_SITES);
    if (shared && !this.ephemeris) {
      this.ephemeris = new SharedEphemeris(orbit, startMs, endMs, SHARED_STEP_MS);
    }
    const ephemeris = shared ? this.ephemeris!.reset(orbit) : null;
    return searchPrepared(orbit, this.sites, this.window, ephemeris);
  }
}

function check(search: BulkSearch, siteCount: number): void {
  if (!(search.endMs > search.startMs)) {
    throw new RangeError('the search window must end after it starts');
  }
  if (siteCount === 0) throw new RangeError('a bulk search needs at least one site');
}

function searchPrepared(
  orbit: Orbit,
  sites: readonly PreparedSite[],
  search: BulkSearch,
  ephemeris: SharedEphemeris | null,
): BulkObjectResult {
  const { startMs, endMs } = search;
  const epochMs = orbit.elements.epochMs;
  const epochDistanceDays =
    Math.max(Math.abs(startMs - epochMs), Math.abs(endMs - epochMs)) / MS_PER_DAY;
  const base = {
    noradId: orbit.noradId,
    stale: epochDistanceDays > (search.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS),
    epochDistanceDays,
  };
  // Orbits off the fast path propagate directly: deep-space velocities are inconsistent with
  // the positions by cm/s, which interpolation would turn into seconds on a slow GEO crossing.
  const plan = planNearEarth(orbit, startMs, endMs);
  if (typeof plan === 'string') {
    return { ...base, ...withFinder(orbit, sites, search, plan, new DirectStates(orbit)) };
  }
  const source: StateSource & { evaluations: number } = ephemeris ?? new DirectStates(orbit);
  const passes: Pass[][] = [];
  let velocityDoubt: number | null = null;
  for (const s of sites) {
    const windows = approachWindows(plan, s.site, s.lowestRad, s.geometry);
    if (typeof windows === 'string') {
      return { ...base, ...withFinder(orbit, sites, search, windows, source) };
    }
    const solver = s.solver.reset(source, orbit.noradId);
    const list: Pass[] = [];
    for (const w of windows) {
      const edge = w.fromMs <= startMs || w.toMs >= endMs;
      if (!edge && s.mask === null) {
        if (velocityDoubt === null) {
          if (!solver.probeVelocityDoubt(startMs, orbit.periodMinutes * 60_000)) {
            return failed(orbit, sites, search, base, source);
          }
          velocityDoubt = solver.velocityDoubtKmS;
        }
        solver.velocityDoubtKmS = velocityDoubt;
        const outcome = solver.solve(w);
        if (outcome === 'pass') {
          list.push(solver.pass!);
          continue;
        }
        if (outcome === 'none') continue;
        if (outcome === 'error') {
          return failed(orbit, sites, search, base, source);
        }
      }
      // The general finder inside this window only: the satellite is below the lowest threshold
      // at its ends unless they are the search's own.
      const from = Math.max(startMs, w.fromMs);
      const to = Math.min(endMs, w.toMs);
      const found = findPasses(
        orbit,
        s.site,
        { startMs: from, endMs: to, minElevationDeg: s.minElevationDeg, horizonMask: s.mask },
        source,
      );
      const broken = found.passes.some(
        (p) => (p.aos === null && from > startMs) || (p.los === null && to < endMs),
      );
      if (found.error || broken) {
        return failed(orbit, sites, search, base, source);
      }
      list.push(...found.passes);
    }
    passes.push(list);
  }
  return {
    ...base,
    passes,
    error: null,
    method: 'near-earth',
    fallback: null,
    evaluations: source.evaluations,
  };
}

/** After an SGP4 failure, the finder again on SGP4 itself: the failure's instant must be exact. */
function failed(
  orbit: Orbit,
  sites: readonly PreparedSite[],
  search: BulkSearch,
  base: Pick<BulkObjectResult, 'noradId' | 'stale' | 'epochDistanceDays'>,
  source: { evaluations: number },
): BulkObjectResult {
  const again = withFinder(orbit, sites, search, 'sgp4-error', new DirectStates(orbit));
  return { ...base, ...again, evaluations: again.evaluations + source.evaluations };
}

/** The general finder over the whole window, per site, on `source` (counting its evaluations). */
function withFinder(
  orbit: Orbit,
  sites: readonly PreparedSite[],
  search: BulkSearch,
  fallback: NearEarthFallback | 'sgp4-error',
  source: StateSource & { evaluations: number },
): Pick<BulkObjectResult, 'passes' | 'error' | 'method' | 'fallback' | 'evaluations'> {
  const passes: Pass[][] = [];
  let errorCode = 0;
  let errorAt = Number.POSITIVE_INFINITY;
  const before = source.evaluations;
  for (const s of sites) {
    const found = findPasses(
      orbit,
      s.site,
      {
        startMs: search.startMs,
        endMs: search.endMs,
        minElevationDeg: s.minElevationDeg,
        horizonMask: s.mask,
      },
      source,
    );
    passes.push(found.passes);
    if (found.error && found.error.epochMs < errorAt) {
      errorAt = found.error.epochMs;
      errorCode = found.error.code;
    }
  }
  const error =
    errorCode !== 0
      ? new PropagationError(errorKindFromCode(errorCode), orbit.noradId, errorAt)
      : null;
  return { passes, error, method: 'finder', fallback, evaluations: source.evaluations - before };
}
