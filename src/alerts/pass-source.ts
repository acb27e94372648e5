/**
 * Where the planner gets passes from: a small interface, so that a faster bulk pass finder can
 * replace the shared driver without touching the planner.
 */
import type { Catalog, CatalogRecord } from '../catalog/index.js';
import { type PassError, type PassQuery, predictMany } from '../predict/many.js';
import type { PassItem } from '../predict/predictions.js';

export interface PassSource {
  /** Passes of these objects for one observer and window, in any order. */
  find(
    records: readonly CatalogRecord[],
    query: PassQuery,
  ): Promise<{ items: PassItem[]; errors: PassError[] }>;
}

/**
 * Passes from the shared many-satellites driver (`predictMany`) over the catalog's orbits,
 * yielding to the event loop once `sliceMs` of work has been done so that due events still fire
 * on time while a large plan is computed.
 */
export function catalogPassSource(catalog: Catalog, sliceMs = 20): PassSource {
  return {
    find: (records, query) => predictMany(records, query, { sliceMs, orbit: catalog.recordOrbit }),
  };
}
