/**
 * Which source's element set is current for each object: the rule the catalog store applies
 * after every write (newest epoch, then OMM over TLE, then the source name), with the objects,
 * history and changes it implies.
 */
import type { ElementSet } from '../core/elements/index.js';
import {
  type CatalogRecord,
  type CompareValues,
  compareValues,
  difference,
  type ElementRow,
  elementFromRow,
  formatRank,
} from './records.js';
import type { SourceRow, Statements } from './store-statements.js';
import type { ObjectChanges } from './store-types.js';

interface Candidate {
  norad_id: number;
  source: string;
  epoch_ms: number;
  format: string;
  /** Of the source's set, rev/day: the orbit the standard magnitude is chosen for. */
  mean_motion: number;
}

interface CurrentRow {
  norad_id: number;
  source: string;
  groups: string;
  std_mag: number | null;
  updated_ms: number;
}

/** One source's write, as `recompute` needs to know it. */
export interface SourceChange {
  name: string;
  /** Its sets before the write, in `COMPARE_COLUMNS` order. */
  old: Map<number, CompareValues>;
  fresh: Map<number, ElementSet>;
  /** Ids whose set was added, removed, or changed in its elements or only its metadata. */
  kinds: Map<number, 'added' | 'removed' | 'elements' | 'metadata'>;
}

/**
 * Re-derive the current element set of each affected object from the sources that list it:
 * the newest epoch wins; at equal epochs OMM beats TLE, then the source name decides. A set
 * that stops being current with a different epoch goes to the history. Must run inside a
 * transaction, after the source's rows were written (`change` describes that write).
 */
export function recompute(
  stmt: Statements,
  magnitudes: (noradId: number, meanMotionRevPerDay: number) => number | null,
  ids: Set<number>,
  nowMs: number,
  change: SourceChange | null,
): { changes: ObjectChanges; records: CatalogRecord[] } {
  const changes: ObjectChanges = { added: [], changed: [], removed: [], updated: [] };
  const records: CatalogRecord[] = [];
  if (ids.size === 0) return { changes, records };
  const groupLists = new Map<string, readonly string[]>();
  const record = (
    id: number,
    source: string,
    groupsJson: string,
    stdMagnitude: number | null,
    updatedMs: number,
  ): CatalogRecord => {
    const elements =
      change !== null && source === change.name
        ? change.fresh.get(id)!
        : elementFromRow(stmt.storedRow.get(source, id) as ElementRow);
    let groups = groupLists.get(groupsJson);
    if (groups === undefined) {
      groups = Object.freeze(JSON.parse(groupsJson) as string[]);
      groupLists.set(groupsJson, groups);
    }
    return {
      noradId: id,
      name: elements.name,
      intlDesignator: elements.intlDesignator,
      groups,
      stdMagnitude,
      source,
      elements,
      updatedMs,
    };
  };
  const groupsOf = new Map<string, string[]>();
  for (const row of stmt.allSources.all() as SourceRow[]) {
    groupsOf.set(row.name, JSON.parse(row.groups) as string[]);
  }
  const list = JSON.stringify([...ids]);
  const candidates = new Map<number, Candidate[]>();
  for (const c of stmt.candidatesOf.all(list) as Candidate[]) {
    const l = candidates.get(c.norad_id);
    if (l) l.push(c);
    else candidates.set(c.norad_id, [c]);
  }
  const currents = new Map<number, CurrentRow>();
  for (const o of stmt.currentOf.all(list) as CurrentRow[]) currents.set(o.norad_id, o);

  /** The values of `source`'s set for `id` as they were before this write. */
  const valuesBefore = (source: string, id: number): CompareValues | undefined =>
    change !== null && source === change.name ? change.old.get(id) : storedValues(stmt, source, id);
  /** The values of `source`'s set for `id` now. */
  const valuesNow = (source: string, id: number): CompareValues | undefined => {
    if (change !== null && source === change.name) {
      const el = change.fresh.get(id);
      return el ? compareValues(el) : undefined;
    }
    return storedValues(stmt, source, id);
  };

  for (const id of [...ids].sort((a, b) => a - b)) {
    const cands = candidates.get(id) ?? [];
    const current = currents.get(id);
    if (cands.length === 0) {
      if (current) {
        // A current set of another source (this write's are archived before they go).
        if (change === null || current.source !== change.name) {
          stmt.archiveIfCurrent.run({ source: current.source, id, now: nowMs });
        }
        stmt.deleteObject.run(id);
        changes.removed.push(id);
      }
      continue;
    }
    let best = cands[0]!;
    for (const c of cands) {
      if (
        c.epoch_ms > best.epoch_ms ||
        (c.epoch_ms === best.epoch_ms &&
          (formatRank(c.format) > formatRank(best.format) ||
            (formatRank(c.format) === formatRank(best.format) && c.source < best.source)))
      ) {
        best = c;
      }
    }
    const groups = new Set<string>();
    for (const c of cands) for (const g of groupsOf.get(c.source) ?? []) groups.add(g);
    const groupsJson = JSON.stringify([...groups].sort());
    const stdMag = magnitudes(id, best.mean_motion);
    if (current === undefined) {
      stmt.upsertObject.run({
        id,
        source: best.source,
        groups: groupsJson,
        stdMag,
        updated: nowMs,
      });
      changes.added.push(id);
      records.push(record(id, best.source, groupsJson, stdMag, nowMs));
      continue;
    }
    let kind: 'same' | 'metadata' | 'elements';
    if (current.source === best.source) {
      kind =
        change !== null && best.source === change.name
          ? ((change.kinds.get(id) as 'metadata' | 'elements' | undefined) ?? 'same')
          : 'same';
    } else {
      const before = valuesBefore(current.source, id);
      const now = valuesNow(best.source, id)!;
      kind = before === undefined ? 'elements' : difference(before, now);
      if (kind === 'same') kind = 'metadata';
      if (
        before !== undefined &&
        before[0] !== now[0] &&
        (change === null || current.source !== change.name)
      ) {
        stmt.archiveIfCurrent.run({ source: current.source, id, now: nowMs });
      }
    }
    if (kind === 'same' && current.groups === groupsJson && current.std_mag === stdMag) {
      continue;
    }
    const updated = kind === 'elements' ? nowMs : current.updated_ms;
    stmt.upsertObject.run({ id, source: best.source, groups: groupsJson, stdMag, updated });
    if (kind === 'elements') changes.changed.push(id);
    else changes.updated.push(id);
    records.push(record(id, best.source, groupsJson, stdMag, updated));
  }
  return { changes, records };
}

function storedValues(stmt: Statements, source: string, id: number): CompareValues | undefined {
  const row = stmt.storedCompare.get(source, id) as unknown[] | undefined;
  return row?.slice(1);
}
