/**
 * Where the planner gets passes from: a small interface, so that a faster bulk pass finder can
 * replace the per-satellite `Predictions` without touching the planner.
 */
import type { CatalogRecord } from '../catalog/index.js';
import type { PassError, PassItem, PassQuery, Predictions } from '../predict/predictions.js';

export interface PassSource {
  /** Passes of these objects for one observer and window, in any order. */
  find(
    records: readonly CatalogRecord[],
    query: PassQuery,
  ): Promise<{ items: PassItem[]; errors: PassError[] }>;
}

/**
 * Passes from the shared many-satellites driver (`Predictions.many`), yielding to the event loop
 * once `sliceMs` of work has been done so that due events still fire on time while a large plan
 * is computed.
 */
export function predictionsPassSource(predictions: Predictions, sliceMs = 20): PassSource {
  return { find: (records, query) => predictions.many(records, query, { sliceMs }) };
}
