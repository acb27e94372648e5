/**
 * How fresh the catalog is, for /readyz, /v1/catalog and /metrics: newest and median element
 * age, the share of stale objects, and each source's last successful refresh.
 */
import type { CatalogSummary, SourceStatus } from '../catalog/index.js';
import { formatInstant } from '../format/time.js';

const DAY_MS = 86_400_000;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface Freshness {
  /** `stale` when most objects' elements are older than `staleAfterDays` (median age above it). */
  status: 'fresh' | 'stale' | 'empty';
  objects: number;
  staleAfterDays: number;
  newestAgeDays: number | null;
  medianAgeDays: number | null;
  oldestAgeDays: number | null;
  staleObjects: number;
  /** Stale objects / objects (0 for an empty catalog). */
  staleShare: number;
  sources: {
    name: string;
    /** Where its data came from: `network`, `snapshot`, `file:<path>` (imported), or null. */
    origin: string | null;
    lastSuccess: string | null;
    lastSuccessAgeDays: number | null;
    lastOutcome: string | null;
  }[];
}

export function freshness(
  s: CatalogSummary,
  sources: readonly SourceStatus[],
  nowMs: number,
): Freshness {
  const age = (ms: number | null) => (ms === null ? null : round3((nowMs - ms) / DAY_MS));
  const median = s.medianAgeDays === null ? null : round3(s.medianAgeDays);
  return {
    status:
      s.objects === 0 ? 'empty' : median !== null && median > s.staleAfterDays ? 'stale' : 'fresh',
    objects: s.objects,
    staleAfterDays: s.staleAfterDays,
    newestAgeDays: age(s.newestEpochMs),
    medianAgeDays: median,
    oldestAgeDays: age(s.oldestEpochMs),
    staleObjects: s.stale,
    staleShare: s.objects === 0 ? 0 : round3(s.stale / s.objects),
    sources: sources.map(({ spec, state }) => ({
      name: spec.name,
      origin: state?.origin ?? null,
      lastSuccess: state?.lastSuccessMs ? formatInstant(state.lastSuccessMs) : null,
      lastSuccessAgeDays: age(state?.lastSuccessMs ?? null),
      lastOutcome: state?.lastOutcome ?? null,
    })),
  };
}
