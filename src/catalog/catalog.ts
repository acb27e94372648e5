/**
 * The in-memory catalog the API and the alert planner read: lookups, search, groups, element
 * age and staleness, `Orbit`s cached until their elements change, and change events.
 */
import { Orbit } from '../core/orbit/index.js';
import { InputError } from '../format/time.js';
import { type CatalogRecord, sameElements } from './records.js';

const DAY_MS = 86_400_000;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

export interface CatalogOptions {
  /** Current time, epoch ms: ages and the stale flag are relative to it. */
  clock: () => number;
  /** Element sets older than this are stale. */
  staleAfterDays: number;
  /** Told when a change listener throws; the other listeners still run. */
  onListenerError?: (error: unknown) => void;
}

/** A record with its age at the time it was read. */
export interface CatalogEntry extends CatalogRecord {
  /** Days from the element epoch to now (negative for an epoch in the future). */
  ageDays: number;
  /** The elements are older than the configured limit: predictions are unreliable. */
  stale: boolean;
}

export interface CatalogSearch {
  /** Name (any part, case-insensitive), NORAD id, or international designator (`1998-067A`, `98067A`, or a prefix such as `2026-`). */
  text?: string;
  /** Only objects in this group. */
  group?: string;
  /** Page size, 1 to 10,000 (default 50). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string | null;
}

export interface CatalogPage {
  items: CatalogEntry[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Matches in all pages. */
  total: number;
}

export interface CatalogGroup {
  name: string;
  count: number;
}

/** Announced after the catalog changed. */
export interface CatalogChange {
  /** Sources whose refresh caused it (`store` when another process changed the store). */
  sources: string[];
  atMs: number;
  /** The catalog's version after the change. */
  version: number;
  /** NORAD ids of new objects. */
  added: number[];
  /** NORAD ids whose element sets changed: re-plan their passes. */
  changed: number[];
  /** NORAD ids no longer in any source. */
  removed: number[];
  /** NORAD ids whose name, groups, magnitude or provenance changed but not their elements. */
  updated: number[];
}

export interface CatalogSummary {
  objects: number;
  stale: number;
  staleAfterDays: number;
  oldestEpochMs: number | null;
  newestEpochMs: number | null;
  medianAgeDays: number | null;
}

interface Indexed {
  record: CatalogRecord;
  nameUpper: string;
  intl: string;
}

type CachedOrbit = { orbit: Orbit } | { error: unknown };

/** The catalog in memory. Mutated only through `replaceAll` and `apply`. */
export class Catalog {
  private readonly options: CatalogOptions;
  private readonly byId = new Map<number, Indexed>();
  private readonly groupMembers = new Map<string, Set<number>>();
  private readonly orbits = new Map<number, CachedOrbit>();
  private readonly listeners = new Set<(change: CatalogChange) => void>();
  private sortedIds: number[] | null = null;
  /** Each group's records by NORAD id, made on first use and until the catalog changes. */
  private readonly memberRecords = new Map<string, readonly CatalogRecord[]>();
  private versionNumber = 0;

  constructor(options: CatalogOptions, records: Iterable<CatalogRecord> = []) {
    this.options = options;
    for (const record of records) this.put(record);
  }

  /** Number of objects. */
  get size(): number {
    return this.byId.size;
  }

  /** Increases with every change; use it to invalidate caches and build ETags. */
  get version(): number {
    return this.versionNumber;
  }

  get staleAfterDays(): number {
    return this.options.staleAfterDays;
  }

  has(noradId: number): boolean {
    return this.byId.has(noradId);
  }

  /** An object's record without age (stable between changes). */
  record(noradId: number): CatalogRecord | undefined {
    return this.byId.get(noradId)?.record;
  }

  /** An object with its element age and stale flag at `nowMs` (default: the clock). */
  get(noradId: number, nowMs: number = this.options.clock()): CatalogEntry | undefined {
    const indexed = this.byId.get(noradId);
    return indexed ? this.entry(indexed.record, nowMs) : undefined;
  }

  /** Age and stale flag of a record at `nowMs` (default: the clock). */
  entry(record: CatalogRecord, nowMs: number = this.options.clock()): CatalogEntry {
    const ageDays = (nowMs - record.elements.epochMs) / DAY_MS;
    return { ...record, ageDays, stale: ageDays > this.options.staleAfterDays };
  }

  /**
   * The object's `Orbit`, built once and kept until its elements change.
   *
   * @returns undefined for an unknown NORAD id.
   * @throws PropagationError when SGP4 cannot initialise the elements (cached too).
   */
  orbit(noradId: number): Orbit | undefined {
    const indexed = this.byId.get(noradId);
    if (!indexed) return undefined;
    let cached = this.orbits.get(noradId);
    if (cached === undefined) {
      try {
        cached = { orbit: new Orbit(indexed.record.elements) };
      } catch (error) {
        cached = { error };
      }
      this.orbits.set(noradId, cached);
    }
    if ('error' in cached) throw cached.error;
    return cached.orbit;
  }

  /**
   * `orbit` in the form the pass driver takes (`predictOne`, `predictMany`'s `orbit` option):
   * null for a record no longer in the catalog.
   */
  readonly recordOrbit = (record: { noradId: number }): Orbit | null =>
    this.orbit(record.noradId) ?? null;

  /** All NORAD ids, ascending. */
  ids(): readonly number[] {
    this.sortedIds ??= [...this.byId.keys()].sort((a, b) => a - b);
    return this.sortedIds;
  }

  /** All records, by NORAD id. */
  records(): CatalogRecord[] {
    return this.ids().map((id) => this.byId.get(id)!.record);
  }

  /** Groups with their object counts, by name. */
  groups(): CatalogGroup[] {
    return [...this.groupMembers]
      .map(([name, ids]) => ({ name, count: ids.size }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  hasGroup(name: string): boolean {
    return this.groupMembers.has(name);
  }

  /** Records of a group's members, by NORAD id (empty for an unknown group). */
  members(group: string): CatalogRecord[] {
    let records = this.memberRecords.get(group);
    if (!records) {
      const ids = this.groupMembers.get(group);
      if (!ids) return [];
      records = [...ids].sort((a, b) => a - b).map((id) => this.byId.get(id)!.record);
      this.memberRecords.set(group, records);
    }
    return [...records];
  }

  /**
   * Search by name, NORAD id or international designator, optionally within a group, one page
   * at a time. Best matches first: exact (id, name, designator), then names starting with the
   * text, then names with a word starting with it, then names containing it; NORAD id order
   * within each. Cursors stay valid while the catalog changes.
   *
   * @throws InputError (field `limit` or `cursor`) for a bad page size or cursor.
   */
  search(query: CatalogSearch = {}, nowMs: number = this.options.clock()): CatalogPage {
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InputError(
        'limit',
        `limit must be a whole number from 1 to ${MAX_LIMIT} (got ${limit})`,
      );
    }
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const text = (query.text ?? '').trim().toUpperCase();
    const n = text === '' ? null : needle(text);
    const pool =
      query.group === undefined
        ? this.ids()
        : [...(this.groupMembers.get(query.group) ?? [])].sort((a, b) => a - b);
    const matches: { tier: number; id: number }[] = [];
    for (const id of pool) {
      const indexed = this.byId.get(id)!;
      const tier = n === null ? 0 : matchTier(indexed, n);
      if (tier >= 0) matches.push({ tier, id });
    }
    matches.sort((a, b) => a.tier - b.tier || a.id - b.id);
    const start =
      after === null
        ? 0
        : matches.findIndex(
            (m) => m.tier > after.tier || (m.tier === after.tier && m.id > after.id),
          );
    const page = start < 0 ? [] : matches.slice(start, start + limit);
    const last = page.at(-1);
    const more = start >= 0 && start + limit < matches.length;
    return {
      items: page.map((m) => this.entry(this.byId.get(m.id)!.record, nowMs)),
      nextCursor: more && last ? encodeCursor(last.tier, last.id) : null,
      total: matches.length,
    };
  }

  /** Counts and element ages over the whole catalog at `nowMs`. */
  summary(nowMs: number = this.options.clock()): CatalogSummary {
    const epochs = [...this.byId.values()]
      .map((i) => i.record.elements.epochMs)
      .sort((a, b) => a - b);
    const staleBefore = nowMs - this.options.staleAfterDays * DAY_MS;
    let stale = 0;
    for (const e of epochs) if (e < staleBefore) stale++;
    const median =
      epochs.length === 0
        ? null
        : epochs.length % 2
          ? epochs[(epochs.length - 1) / 2]!
          : (epochs[epochs.length / 2 - 1]! + epochs[epochs.length / 2]!) / 2;
    return {
      objects: epochs.length,
      stale,
      staleAfterDays: this.options.staleAfterDays,
      oldestEpochMs: epochs[0] ?? null,
      newestEpochMs: epochs.at(-1) ?? null,
      medianAgeDays: median === null ? null : (nowMs - median) / DAY_MS,
    };
  }

  /**
   * Listen for changes. The listener runs synchronously after each change; an error it throws
   * goes to `onListenerError` and does not stop the others.
   *
   * @returns A function that removes the listener.
   */
  onChange(listener: (change: CatalogChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Make the catalog equal `records` (e.g. the store's objects after another process changed
   * them), announcing the difference.
   */
  replaceAll(
    records: Iterable<CatalogRecord>,
    sources: string[] = ['store'],
  ): CatalogChange | null {
    const incoming = new Map<number, CatalogRecord>();
    for (const r of records) incoming.set(r.noradId, r);
    const removed = [...this.byId.keys()].filter((id) => !incoming.has(id));
    return this.apply({ upserts: incoming.values(), removed, sources });
  }

  /**
   * Add or replace records and remove ids, announcing what changed (nothing is announced when
   * nothing differs).
   */
  apply(update: {
    upserts: Iterable<CatalogRecord>;
    removed: Iterable<number>;
    sources: string[];
  }): CatalogChange | null {
    const change: CatalogChange = {
      sources: update.sources,
      atMs: this.options.clock(),
      version: this.versionNumber,
      added: [],
      changed: [],
      removed: [],
      updated: [],
    };
    for (const id of update.removed) {
      if (this.drop(id)) change.removed.push(id);
    }
    for (const record of update.upserts) {
      const before = this.byId.get(record.noradId);
      if (before === undefined) {
        this.put(record);
        change.added.push(record.noradId);
        continue;
      }
      if (!sameElements(before.record.elements, record.elements)) {
        this.drop(record.noradId);
        this.put(record);
        change.changed.push(record.noradId);
      } else if (!sameMetadata(before.record, record)) {
        this.drop(record.noradId);
        this.put(record);
        // The Orbit depends only on the elements: keep it.
        change.updated.push(record.noradId);
      }
    }
    const count =
      change.added.length + change.changed.length + change.removed.length + change.updated.length;
    if (count === 0) return null;
    for (const list of [change.added, change.changed, change.removed, change.updated]) {
      list.sort((a, b) => a - b);
    }
    for (const id of [...change.changed, ...change.removed]) this.orbits.delete(id);
    this.versionNumber++;
    change.version = this.versionNumber;
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        (this.options.onListenerError ?? ((e) => console.error(e)))(error);
      }
    }
    return change;
  }

  private put(record: CatalogRecord): void {
    this.byId.set(record.noradId, {
      record,
      nameUpper: record.name.toUpperCase(),
      intl: record.intlDesignator ?? '',
    });
    for (const g of record.groups) {
      let set = this.groupMembers.get(g);
      if (!set) {
        set = new Set();
        this.groupMembers.set(g, set);
      }
      set.add(record.noradId);
    }
    this.sortedIds = null;
    this.memberRecords.clear();
  }

  private drop(noradId: number): boolean {
    const indexed = this.byId.get(noradId);
    if (!indexed) return false;
    this.byId.delete(noradId);
    for (const g of indexed.record.groups) {
      const set = this.groupMembers.get(g);
      set?.delete(noradId);
      if (set?.size === 0) this.groupMembers.delete(g);
    }
    this.sortedIds = null;
    this.memberRecords.clear();
    return true;
  }
}

function sameMetadata(a: CatalogRecord, b: CatalogRecord): boolean {
  return (
    a.name === b.name &&
    a.intlDesignator === b.intlDesignator &&
    a.stdMagnitude === b.stdMagnitude &&
    a.source === b.source &&
    a.elements.source === b.elements.source &&
    a.groups.length === b.groups.length &&
    a.groups.every((g, i) => b.groups[i] === g)
  );
}

/** `98067A` (TLE style) to `1998-067A`; other text unchanged. */
function normaliseDesignator(text: string): string {
  const m = /^(\d{2})(\d{3})([A-Z]{0,3})$/.exec(text);
  if (!m) return text;
  const yy = Number(m[1]);
  return `${yy >= 57 ? 1900 + yy : 2000 + yy}-${m[2]}${m[3]}`;
}

/** What a search text is compared with, prepared once per search. */
interface Needle {
  text: string;
  noradId: number | null;
  designator: string;
  wordStart: RegExp;
}

function needle(text: string): Needle {
  return {
    text,
    noradId: /^\d+$/.test(text) ? Number(text) : null,
    designator: normaliseDesignator(text),
    wordStart: new RegExp(`(^|[^A-Z0-9])${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
  };
}

/** 0 exact, 1 prefix, 2 word prefix, 3 substring; -1 no match. */
function matchTier(indexed: Indexed, n: Needle): number {
  if (n.noradId === indexed.record.noradId) return 0;
  const name = indexed.nameUpper;
  if (name === n.text || (indexed.intl !== '' && indexed.intl === n.designator)) return 0;
  if (name.startsWith(n.text)) return 1;
  if (indexed.intl !== '' && n.designator.length >= 4 && indexed.intl.startsWith(n.designator)) {
    return 1;
  }
  if (!name.includes(n.text)) return -1;
  return n.wordStart.test(name) ? 2 : 3;
}

function encodeCursor(tier: number, id: number): string {
  return Buffer.from(`v1:${tier}:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { tier: number; id: number } {
  const m = /^v1:(\d):(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) {
    throw new InputError(
      'cursor',
      'cursor is not one this server returned; use the nextCursor of the previous page, or leave it out for the first page',
    );
  }
  return { tier: Number(m[1]), id: Number(m[2]) };
}
