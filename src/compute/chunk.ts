/** One unit of work of the pass pool, shared by worker threads and the in-thread mode. */
import type { ElementSet } from '../core/elements/index.js';
import { type Observer, Orbit, PropagationError, Site } from '../core/orbit/index.js';
import {
  type BulkSearch,
  BulkSearcher,
  type BulkSite,
  HorizonMask,
  type HorizonMaskPoint,
} from '../core/passes/index.js';
import { ChunkPacker, type PackedChunk } from './packed.js';

/** An observer as plain data (it crosses thread boundaries). */
export interface SiteSpec {
  observer: Observer;
  /** Minimum elevation, degrees (default 0). */
  minElevationDeg?: number;
  horizonMask?: readonly HorizonMaskPoint[] | null;
}

export interface ChunkRequest {
  elements: readonly ElementSet[];
  sites: readonly SiteSpec[];
  search: BulkSearch;
}

export function bulkSites(sites: readonly SiteSpec[]): BulkSite[] {
  return sites.map((s) => ({
    site: new Site(s.observer),
    minElevationDeg: s.minElevationDeg ?? 0,
    horizonMask: s.horizonMask?.length ? new HorizonMask(s.horizonMask) : null,
  }));
}

/** Search a chunk: orbits that cannot be initialised become error records, never exceptions. */
export function searchChunk(request: ChunkRequest): PackedChunk {
  const sites = bulkSites(request.sites);
  const searcher = new BulkSearcher(sites, request.search);
  const packer = new ChunkPacker(sites.length);
  for (const el of request.elements) {
    let orbit: Orbit;
    try {
      orbit = new Orbit(el);
    } catch (error) {
      if (!(error instanceof PropagationError)) throw error;
      packer.addInvalid(el.noradId, el.epochMs);
      continue;
    }
    packer.add(searcher.search(orbit));
  }
  return packer.finish();
}
