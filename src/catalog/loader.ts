/**
 * Where a refresh judges a fetched body and writes the element sets it accepts: in the calling
 * thread through its store (`localLoader`, the default), or on a worker thread with a store
 * connection of its own (`RefreshThread`), so that neither the parse nor the write transaction
 * holds the event loop. The accepted element sets stay where they were parsed; the refresher sees
 * only their NORAD ids until they are written.
 */
import type { ElementFormat, ElementParseIssue, ElementSet } from '../core/elements/index.js';
import { type BodyVerdict, judgeBody } from './body.js';
import type { FetchedBody } from './fetch.js';
import type { SourceSpec } from './sources.js';
import type { CatalogStore, ReplaceSourceInput, ReplaceSourceResult } from './store.js';

/** A body's verdict as the refresher sees it: a parsed body's element sets are kept by the loader. */
export type LoadVerdict =
  | Exclude<BodyVerdict, { kind: 'parsed' }>
  | {
      kind: 'parsed';
      format: ElementFormat;
      /** NORAD ids of the accepted element sets (the loader keeps the sets for `write`). */
      noradIds: number[];
      issues: ElementParseIssue[];
    };

/** A source's write, without its element sets: the loader writes the ones it kept. */
export type WriteInput = Omit<ReplaceSourceInput, 'elements'>;

export interface SourceLoader {
  /** Judge a fetched body (`judgeBody`); keeps a parsed body's element sets for `write`. */
  judge(spec: SourceSpec, body: FetchedBody, maxBadShare: number): Promise<LoadVerdict>;
  /**
   * Write the element sets kept for `input.source` (`CatalogStore.replaceSource`, one
   * transaction) and forget them. Rejects with the store's error (its `code` kept, e.g.
   * `SQLITE_FULL`) when nothing was committed.
   */
  write(input: WriteInput): Promise<ReplaceSourceResult>;
  /** Forget the element sets kept for `source` (a body that will not be written). */
  discard(source: string): void;
}

/** Element sets kept between `judge` and `write`, by source name; used on either thread. */
export class KeptElements {
  private readonly bySource = new Map<string, ElementSet[]>();

  /** The verdict to hand out; a parsed body's element sets are kept under the source's name. */
  keep(spec: SourceSpec, verdict: BodyVerdict): LoadVerdict {
    if (verdict.kind !== 'parsed') {
      this.bySource.delete(spec.name);
      return verdict;
    }
    this.bySource.set(spec.name, verdict.elements);
    return {
      kind: 'parsed',
      format: verdict.format,
      noradIds: verdict.elements.map((e) => e.noradId),
      issues: verdict.issues,
    };
  }

  /** The kept element sets of `source`, forgotten here. @throws Error when none are kept. */
  take(source: string): ElementSet[] {
    const elements = this.bySource.get(source);
    if (elements === undefined) throw new Error(`no judged element sets of ${source} to write`);
    this.bySource.delete(source);
    return elements;
  }

  discard(source: string): void {
    this.bySource.delete(source);
  }
}

/** Judge and write in the calling thread, through `store`. */
export function localLoader(store: CatalogStore): SourceLoader {
  const kept = new KeptElements();
  return {
    judge: async (spec, body, maxBadShare) => kept.keep(spec, judgeBody(spec, body, maxBadShare)),
    write: async (input) =>
      store.replaceSource({ ...input, elements: kept.take(input.source.name) }),
    discard: (source) => kept.discard(source),
  };
}
