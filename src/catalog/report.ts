import type { Catalog } from './catalog.js';
import type { SourceStatus } from './refresh.js';

/** The catalog's state for `passwatch catalog`: summary, groups and every source's status. */
export interface CatalogReport {
  nowMs: number;
  summary: ReturnType<Catalog['summary']>;
  groups: ReturnType<Catalog['groups']>;
  sources: SourceStatus[];
}
