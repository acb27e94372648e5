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
 * Passes from `Predictions`, one satellite at a time with one Sun track, yielding to the event
 * loop between satellites once `sliceMs` of work has been done so that due events still fire on
 * time while a large plan is computed.
 */
export function predictionsPassSource(predictions: Predictions, sliceMs = 20): PassSource {
  return {
    async find(records, query) {
      const sun = predictions.sun(query.startMs, query.endMs);
      const items: PassItem[] = [];
      const errors: PassError[] = [];
      let sliceStart = performance.now();
      for (const record of records) {
        const r = predictions.passes(record, query, sun);
        items.push(...r.items);
        if (r.error) errors.push(r.error);
        if (performance.now() - sliceStart >= sliceMs) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
      return { items, errors };
    },
  };
}
