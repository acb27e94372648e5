/**
 * Events stored before a manoeuvre's Δv was renamed `deltaVMPerS` (it was `deltaVMs`, in m/s,
 * where `Ms` means milliseconds everywhere else): a watch database written by that code (fixture,
 * see its README) opens, migrates, and serves the same value under the new name.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WatchStore } from '../../src/watch/index.js';
import { tempDir } from '../catalog/helpers.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/watch/watch-v1.sqlite');

function copyOfFixture(): string {
  // A copy: even a read-only open of a WAL database writes -shm/-wal files beside it.
  const path = join(tempDir(), 'watch.sqlite');
  copyFileSync(FIXTURE, path);
  return path;
}

function storedRows(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      rows: db.prepare('SELECT id, key, type, details FROM events ORDER BY id').all() as {
        id: number;
        key: string;
        type: string;
        details: string;
      }[],
    };
  } finally {
    db.close();
  }
}

describe('a watch store written before deltaVMPerS', () => {
  it('is schema 1 with deltaVMs in its manoeuvre (the fixture is what the old code wrote)', () => {
    const { version, rows } = storedRows(copyOfFixture());
    expect(version).toBe(1);
    expect(rows.map((r) => [r.type, JSON.parse(r.details).deltaVMs])).toEqual([
      ['catalog.manoeuvre', 11.2],
    ]);
  });

  it('migrates: the manoeuvre has deltaVMPerS with the old value, no deltaVMs, every other detail kept', () => {
    const path = copyOfFixture();
    const before = storedRows(path).rows;
    const store = WatchStore.open(path);
    try {
      const [burn] = store.events({ types: ['catalog.manoeuvre'], limit: 10 });
      expect(burn!.noradId).toBe(29643);
      expect(burn!.details.deltaVMPerS).toBe(11.2);
      expect(burn!.details).not.toHaveProperty('deltaVMs');
      const { deltaVMs, ...rest } = JSON.parse(before[0]!.details) as Record<string, unknown>;
      const { deltaVMPerS, ...restAfter } = burn!.details;
      expect(deltaVMPerS).toBe(deltaVMs);
      expect(restAfter).toEqual(rest);
      // The key is unchanged, so detecting the same manoeuvre again stores nothing new.
      expect(store.eventByKey(before[0]!.key)!.id).toBe(burn!.id);
      expect(store.addEvent({ ...burn!, details: { ...burn!.details } })).toBeNull();
    } finally {
      store.close();
    }
    const after = storedRows(path);
    expect(after.version).toBe(2);
    expect(after.rows.map((r) => [r.id, r.key, r.type])).toEqual(
      before.map((r) => [r.id, r.key, r.type]),
    );
    // Opening again changes nothing.
    WatchStore.open(path).close();
    expect(storedRows(path).rows).toEqual(after.rows);
  });
});
