/**
 * The pass objects passwatch prints (`passwatch passes --json`) and serves over HTTP.
 * Times are ISO 8601 with milliseconds, UTC (`Z`) or, with a zone, local time with its offset.
 * Angles in degrees, distances in km.
 */
import type { ElementSet } from '../core/elements/index.js';
import type { BrightPoint, MoonNearTrack, PassPoint, PredictedPass } from '../core/passes/index.js';
import { type NearStar, nearStarsText } from '../core/sky/index.js';
import { elementsAge, staleWarning, staleWarningsAt } from './drift.js';
import { formatInstant } from './time.js';
import type {
  MagnitudeSourceJson,
  MoonNearJson,
  NearStarJson,
  PassItemJson,
  PassJson,
  PassPointJson,
} from './wire.js';

export type { MoonNearJson, PassJson, PassPointJson, VisibleSegmentJson } from './wire.js';

/** Default of `catalog.staleDays`. */
export const DEFAULT_STALE_DAYS = 14;

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function pointJson(p: PassPoint, zone?: string | null): PassPointJson {
  return {
    time: formatInstant(p.timeMs, zone),
    azimuth: round(p.azimuthDeg, 3),
    elevation: round(p.elevationDeg, 3),
    rangeKm: round(p.rangeKm, 3),
  };
}

function brightJson(p: BrightPoint, zone?: string | null): PassPointJson & { magnitude: number } {
  const json = pointJson(p, zone) as PassPointJson & { magnitude: number };
  json.magnitude = round(p.magnitude, 2);
  return json;
}

function nearJson(n: NearStar): NearStarJson {
  return {
    name: n.name,
    separation: round(n.separationDeg, 1),
    direction: n.direction,
    text: n.text,
  };
}

function moonJson(m: MoonNearTrack, zone?: string | null): MoonNearJson {
  return {
    closest: formatInstant(m.closestMs, zone),
    minSeparation: round(m.minSeparationDeg, 2),
    azimuth: round(m.azimuthDeg, 2),
    elevation: round(m.elevationDeg, 2),
    illuminatedFraction: round(m.illuminatedFraction, 3),
    brightNearTrack: m.brightNearTrack,
  };
}

/** One predicted pass as JSON. */
export function passJson(
  pass: PredictedPass,
  elements: ElementSet,
  zone?: string | null,
  staleAfterDays: number = DEFAULT_STALE_DAYS,
): PassJson {
  const age = elementsAge(elements, pass.tca.timeMs, staleAfterDays);
  return {
    noradId: pass.noradId,
    name: elements.name,
    aos: pass.aos ? pointJson(pass.aos, zone) : null,
    tca: pointJson(pass.tca, zone),
    los: pass.los ? pointJson(pass.los, zone) : null,
    maxElevation: round(pass.maxElevationDeg, 3),
    durationSeconds: round(pass.durationSeconds, 3),
    truncated: pass.truncated,
    culminations: pass.culminations.map((c) => pointJson(c, zone)),
    visible: pass.visible.map((v) => ({
      start: pointJson(v.start, zone),
      end: pointJson(v.end, zone),
      brightestMagnitude: v.brightestMagnitude === null ? null : round(v.brightestMagnitude, 2),
      brightest: v.brightest ? brightJson(v.brightest, zone) : null,
      moon: v.moon ? moonJson(v.moon, zone) : null,
      nearStars: {
        start: v.nearStars?.start ? nearJson(v.nearStars.start) : null,
        end: v.nearStars?.end ? nearJson(v.nearStars.end) : null,
        text: nearStarsText(v.nearStars?.start ?? null, v.nearStars?.end ?? null),
      },
    })),
    elementsEpoch: elements.epochIso,
    elementsAgeDays: age.ageDays,
    stale: age.stale,
    elementsWarning: age.stale ? staleWarning(elements, age, staleAfterDays) : null,
  };
}

/** A pass with its object and revolution number: what `predict` makes (its `PassItem`). */
export interface PassOf {
  pass: PredictedPass;
  record: { noradId: number; elements: ElementSet };
  revolution: number | null;
}

/**
 * The API's JSON for a pass item. `magnitudeSource` is where the record's standard magnitude
 * comes from, which only the catalog's magnitude table knows (`stdMagnitudeSource` in `catalog`,
 * which `format` may not import).
 */
export function passItemJson(
  item: PassOf,
  zone: string | null,
  staleAfterDays: number,
  magnitudeSource: MagnitudeSourceJson | null,
): PassItemJson {
  // Added to the pass's object, not spread into a copy (an answer holds hundreds): the same keys
  // in the same order, at about half the cost.
  const json = passJson(item.pass, item.record.elements, zone, staleAfterDays) as PassItemJson;
  json.revolution = item.revolution;
  json.magnitudeSource = magnitudeSource;
  return json;
}

/**
 * One warning per object whose elements are stale for some of these passes (at the oldest),
 * in the order the objects first appear.
 */
export function staleWarnings(items: readonly PassOf[], staleAfterDays: number): string[] {
  return staleWarningsAt(
    items.map((i) => ({ elements: i.record.elements, atMs: i.pass.tca.timeMs })),
    staleAfterDays,
  );
}
