/**
 * The "scheduled passes only" filter: a subscription with `station` gets events only for the
 * passes that radio station's schedule works (the exact maximum-priority plan without overlaps),
 * so an SDR recorder driven by the events never gets two passes at once. The stations live in
 * another feature; `main.ts` hands their schedules in through `StationSchedules`.
 */
import type { PassItem } from '../predict/predictions.js';

/** A scheduled pass: which satellite, and its TCA. */
export interface ScheduledPass {
  noradId: number;
  tcaMs: number;
}

/** What the alerts need of the radio stations. */
export interface StationSchedules {
  /** Names of every station (configured and stored). */
  names(): string[];
  /** The NORAD ids a station works. */
  satellites(name: string): number[];
  /**
   * The passes the station's schedule works over [startMs, endMs).
   *
   * @throws Error when the station does not exist or cannot be planned.
   */
  scheduled(name: string, startMs: number, endMs: number): ScheduledPass[];
}

/** A pass and a scheduled one are the same pass when their TCAs are this close. */
const SAME_PASS_MS = 120_000;

/** Keep only the items the schedule works (same satellite, TCA within two minutes). */
export function scheduledOnly(items: readonly PassItem[], scheduled: readonly ScheduledPass[]) {
  const byId = new Map<number, number[]>();
  for (const s of scheduled) {
    const list = byId.get(s.noradId) ?? [];
    list.push(s.tcaMs);
    byId.set(s.noradId, list);
  }
  return items.filter((i) =>
    (byId.get(i.record.noradId) ?? []).some((t) => Math.abs(t - i.pass.tca.timeMs) <= SAME_PASS_MS),
  );
}
