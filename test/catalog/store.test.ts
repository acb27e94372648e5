import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CatalogStore,
  SCHEMA_VERSION,
  type SourceKind,
  StoreVersionError,
} from '../../src/catalog/index.js';
import { type ElementSet, parseElements } from '../../src/core/elements/index.js';
import { fixture, tempDir } from './helpers.js';

const DAY_MS = 86_400_000;
const TLE = parseElements(fixture('elements/stations.tle'), 'file:stations.tle').elements;
const OMM = parseElements(fixture('catalog/satvisor-stations.json'), 'url:stations.json').elements;

const stores: CatalogStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function open(path = join(tempDir(), 'passwatch.sqlite')): CatalogStore {
  const store = CatalogStore.open(path, { magnitudes: (id) => (id === 25544 ? -1 : null) });
  stores.push(store);
  return store;
}

function source(name: string, groups: string[] = [name], kind: SourceKind = 'url') {
  return { name, kind, location: `https://example.org/${name}`, groups };
}

function write(
  store: CatalogStore,
  name: string,
  elements: readonly ElementSet[],
  nowMs = 1000,
  groups?: string[],
) {
  return store.replaceSource({
    source: source(name, groups),
    elements,
    origin: 'network',
    outcome: 'updated',
    startedMs: nowMs,
    finishedMs: nowMs,
    historyDays: 30,
  });
}

describe('schema', () => {
  it('is versioned with user_version, in WAL mode', () => {
    const path = join(tempDir(), 'passwatch.sqlite');
    open(path).close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('refuses a store written by a newer passwatch', () => {
    const path = join(tempDir(), 'passwatch.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => CatalogStore.open(path)).toThrow(StoreVersionError);
    expect(() => CatalogStore.open(path)).toThrow(
      /has schema version 2, but this passwatch knows only up to 1/,
    );
  });
});

describe('element sets', () => {
  it('round-trip in full fidelity: TLE lines, epoch strings, fractional epoch ms', () => {
    const path = join(tempDir(), 'passwatch.sqlite');
    const store = open(path);
    write(store, 'tle', TLE);
    write(
      store,
      'omm',
      OMM.filter((e) => !TLE.some((t) => t.noradId === e.noradId)),
    );
    store.close();
    const again = open(path);
    const byId = new Map(again.loadObjects().map((r) => [r.noradId, r.elements]));
    for (const el of TLE) expect(byId.get(el.noradId)).toEqual(el);
    const omm = OMM.find((e) => !TLE.some((t) => t.noradId === e.noradId))!;
    expect(byId.get(omm.noradId)).toEqual(omm);
    expect(omm.epochIso).toMatch(/\.\d{6}Z$/);
  });

  it('make the newest epoch current, then OMM over TLE, and fall back when a source drops it', () => {
    const store = open();
    const iss = TLE.find((e) => e.noradId === 25544)!;
    const older = {
      ...iss,
      epochMs: iss.epochMs - DAY_MS,
      epochIso: '2026-08-20T00:00:00.000000Z',
    };
    write(store, 'b-old', [older]);
    let r = write(store, 'a-new', [iss]);
    expect(r.objects.changed).toEqual([25544]);
    expect(store.loadObjects([25544])[0]).toMatchObject({
      source: 'a-new',
      groups: ['a-new', 'b-old'],
      stdMagnitude: -1,
    });
    const asOmm: ElementSet = { ...iss, format: 'omm-json', tle: null, source: 'omm' };
    r = write(store, 'c-omm', [asOmm]);
    expect(store.loadObjects([25544])[0]!.source).toBe('c-omm');
    expect(r.objects.changed).toEqual([25544]);
    r = write(store, 'c-omm', []);
    r = write(store, 'a-new', []);
    expect(r.objects.changed).toEqual([25544]);
    expect(store.loadObjects([25544])[0]!.elements).toEqual(older);
    r = write(store, 'b-old', []);
    expect(r.objects.removed).toEqual([25544]);
    expect(store.objectCount()).toBe(0);
  });

  it('keep superseded sets in the history for the configured days', () => {
    const store = open();
    const iss = TLE.find((e) => e.noradId === 25544)!;
    const later = {
      ...iss,
      epochMs: iss.epochMs + DAY_MS,
      epochIso: '2026-08-22T12:00:00.000000Z',
      tle: null,
    };
    write(store, 's', [iss], iss.epochMs + DAY_MS);
    write(store, 's', [later], iss.epochMs + 2 * DAY_MS);
    expect(store.history(25544).map((h) => h.elements)).toEqual([iss]);
    store.replaceSource({
      source: source('s'),
      elements: [later],
      origin: 'network',
      outcome: 'updated',
      startedMs: 0,
      finishedMs: iss.epochMs + 40 * DAY_MS,
      historyDays: 30,
    });
    expect(store.history(25544)).toEqual([]);
  });

  it('report per-source counts and catalog changes', () => {
    const store = open();
    const r1 = write(store, 's', TLE);
    expect(r1).toMatchObject({ before: 0, after: TLE.length, sourceAdded: TLE.length });
    expect(r1.records.map((r) => r.noradId)).toEqual(
      TLE.map((e) => e.noradId).sort((a, b) => a - b),
    );
    const renamed = TLE.map((e, i) => (i === 0 ? { ...e, name: 'RENAMED' } : e));
    const r2 = write(store, 's', renamed.slice(0, -1));
    expect(r2).toMatchObject({
      before: TLE.length,
      after: TLE.length - 1,
      sourceChanged: 1,
      sourceRemoved: 1,
    });
    expect(r2.objects).toEqual({
      added: [],
      changed: [],
      removed: [TLE.at(-1)!.noradId],
      updated: [TLE[0]!.noradId],
    });
  });
});

describe('claimAttempt', () => {
  it('claims only when the interval passed and no backoff is running, unless forced', () => {
    const store = open();
    const s = source('s');
    expect(store.claimAttempt(s, 1000, 500, false)).toBe(true);
    expect(store.claimAttempt(s, 1400, 500, false)).toBe(false);
    expect(store.claimAttempt(s, 1500, 500, false)).toBe(true);
    store.recordOutcome({
      source: 's',
      outcome: 'failed',
      startedMs: 1500,
      finishedMs: 1500,
      failures: 1,
      retryAfterMs: 5000,
      reason: 'HTTP 500',
    });
    expect(store.claimAttempt(s, 4999, 500, false)).toBe(false);
    expect(store.claimAttempt(s, 4999, 500, true)).toBe(true);
    expect(store.claimAttempt(s, 5000, 0, false)).toBe(true);
    expect(store.sourceState('s')).toMatchObject({ lastAttemptMs: 5000, failures: 1 });
  });

  it('is shared by two connections (two processes never both fetch)', () => {
    const path = join(tempDir(), 'passwatch.sqlite');
    const a = open(path);
    const b = open(path);
    const s = source('s');
    expect(a.claimAttempt(s, 1000, 500, false)).toBe(true);
    expect(b.claimAttempt(s, 1001, 500, false)).toBe(false);
  });
});
