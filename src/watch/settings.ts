/**
 * The `watch` settings section: the catalog watch (new objects, launches, decays, manoeuvres).
 * The watch receives only this section. Defaults are here and nowhere else.
 */
import type { z } from 'zod';
import { flag, list, numberIn, section } from '../fields/index.js';

const decaySettings = section({
  /** An object whose perigee is below this height is reported as decaying, km. */
  perigeeKm: numberIn({ min: 80, max: 1000 }).default(200),
  /** Report objects whose SGP4 run fails with decay within this many days of the refresh. */
  horizonDays: numberIn({ min: 0, max: 60 }).default(7),
  /** An object leaving the catalog counts as a decay when its last perigee was below this, km. */
  leftCatalogPerigeeKm: numberIn({ min: 80, max: 2000 }).default(350),
});

const conjunctionSettings = section({
  /** Screen these satellites (NORAD ids) against the catalog after every refresh; default the crewed stations. */
  satellites: list(numberIn({ min: 1, max: 999_999_999, integer: true })).default([25544, 48274]),
  /** How far ahead, days. */
  days: numberIn({ min: 0.1, max: 14 }).default(7),
  /** Report approaches closer than this, km. */
  maxKm: numberIn({ min: 0.1, max: 100 }).default(5),
});

const launchSettings = section({
  /** Search this many days ahead of a new launch's detection for its first visible pass. */
  days: numberIn({ min: 0.5, max: 14 }).default(7),
  /** Search at most this many of the launch's objects (those with a known magnitude first). */
  objects: numberIn({ min: 1, max: 20, integer: true }).default(3),
});

export const watchSettings = section({
  /** Run the catalog watch after every refresh (and once over the stored history). */
  enabled: flag().default(true),
  decay: decaySettings.prefault({}),
  /**
   * Manoeuvre threshold as a multiple of the expected drift (refit floor + measured p90 rate ×
   * age): 1 reports every change beyond the measured expectation.
   */
  manoeuvreFactor: numberIn({ min: 0.1, max: 100 }).default(1),
  /** Close approaches: `conjunction.upcoming` events for these satellites, and /v1/conjunctions. */
  conjunctions: conjunctionSettings.prefault({}),
  /** New launches: when each named observer first sees one of its objects (`visible`). */
  launches: launchSettings.prefault({}),
});

export type WatchSettings = z.infer<typeof watchSettings>;
