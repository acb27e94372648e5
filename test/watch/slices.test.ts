/**
 * The watch holds the event loop only in short slices, each its own transaction: it yields
 * between slices (counted through `slices.yieldNow`, no clock), every yield finds the store
 * consistent (each object remembered has its events), and a process SIGKILLed inside a slice's
 * transaction loses nothing: the restart's scan ends with exactly the events of a run that was
 * not killed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTurn } from '../../src/compute/slices.js';
import { type WatchEvent, WatchStore } from '../../src/watch/index.js';
import { activeJuly } from './real-data.js';
import { JULY_MS, watchUnderTest } from './setup.js';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0)) await close();
});

const newIds = (store: WatchStore) =>
  store
    .events({ types: ['catalog.new'], limit: 100_000 })
    .map((e) => e.noradId!)
    .sort((a, b) => a - b);

describe('detection runs in slices', () => {
  it('yields every 25 records at most, and each yield finds every remembered object with its event', async () => {
    const points: { known: number[]; news: number[] }[] = [];
    const t = watchUnderTest(undefined, {
      settings: { conjunctions: { satellites: [] } },
      slices: {
        sliceMs: Number.POSITIVE_INFINITY,
        sliceItems: 25,
        yieldNow: async () => {
          points.push({ known: [...t.store.knownObjects().keys()], news: newIds(t.store) });
          await nextTurn();
        },
      },
    });
    open.push(t.close);
    const july = activeJuly();
    t.load(july.slice(0, 100), JULY_MS);
    t.watch.start();
    await t.watch.idle();
    const baseline = new Set(t.store.knownObjects().keys());
    expect(baseline.size).toBe(100);
    points.length = 0;

    t.load(july.slice(0, 700), JULY_MS + 3_600_000);
    await t.watch.idle();
    expect(newIds(t.store)).toHaveLength(600);
    // 600 new objects, then the decay checks of the 600 added: at least 2 × 600 / 25 yields.
    expect(points.length).toBeGreaterThanOrEqual(48);
    const remembered = points.map((p) => p.known.length);
    for (let i = 1; i < remembered.length; i++) {
      expect(remembered[i]! - remembered[i - 1]!).toBeLessThanOrEqual(25);
    }
    expect(remembered.filter((n) => n > 100 && n < 700).length).toBeGreaterThanOrEqual(20);
    for (const p of points) {
      expect(p.known.filter((id) => !baseline.has(id)).sort((a, b) => a - b)).toEqual(p.news);
    }
  }, 120_000);

  it('a process killed inside a slice leaves whole slices, and the restart ends where an unbroken run ends', () => {
    const run = (dir: string, killAt = 0) =>
      spawnSync(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, KILL_DIR: dir, KILL_AT_EVENT: String(killAt) },
        encoding: 'utf8',
        timeout: 110_000,
      });
    const events = (dir: string) => {
      const store = WatchStore.open(join(dir, 'watch.sqlite'));
      try {
        const all = store.events({ limit: 100_000 });
        const known = [...store.knownObjects().keys()];
        return { all, known, news: newIds(store) };
      } finally {
        store.close();
      }
    };
    const comparable = (all: WatchEvent[]) =>
      all
        .map(({ id: _id, ...rest }) => rest)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    const whole = mkdtempSync(join(tmpdir(), 'passwatch-watch-whole-'));
    const unbroken = run(whole);
    expect(unbroken.stdout, unbroken.stderr).toContain('done');
    const reference = events(whole);
    expect(reference.news).toHaveLength(1500);

    const broken = mkdtempSync(join(tmpdir(), 'passwatch-watch-killed-'));
    const killed = run(broken, 700);
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    const left = events(broken);
    // Some slices were committed, the one being written was not, and what is there is whole.
    expect(left.news.length).toBeGreaterThan(0);
    expect(left.news.length).toBeLessThan(700);
    const baseline = new Set(
      activeJuly()
        .slice(0, 300)
        .map((e) => e.noradId),
    );
    expect(left.known.filter((id) => !baseline.has(id)).sort((a, b) => a - b)).toEqual(left.news);

    const restarted = run(broken);
    expect(restarted.stdout, restarted.stderr).toContain('done');
    expect(comparable(events(broken).all)).toEqual(comparable(reference.all));
  }, 240_000);
});

describe('a detection run that fails', () => {
  it('is redone after a backoff when no change comes first', async () => {
    const t = watchUnderTest(undefined, {
      settings: { conjunctions: { satellites: [] } },
      retryMs: 20,
    });
    open.push(t.close);
    const july = activeJuly();
    t.load(july.slice(0, 50), JULY_MS);
    t.watch.start();
    await t.watch.idle();
    const addEvent = t.store.addEvent.bind(t.store);
    let failures = 0;
    t.store.addEvent = (event) => {
      if (failures++ < 2) throw new Error('SQLITE_FULL: database or disk is full');
      return addEvent(event);
    };
    t.load(july.slice(0, 80), JULY_MS + 3_600_000);
    await t.watch.idle();
    expect(t.logs).toContainEqual(
      expect.objectContaining({ where: 'catalog watch', message: expect.stringMatching(/FULL/) }),
    );
    expect(newIds(t.store)).toEqual([]);
    // The first retry fails too (the second throw), the next one (after twice the delay) works.
    await expect.poll(() => newIds(t.store).length).toBe(30);
    await t.watch.idle();
    expect(t.logs.filter((e) => e.run === 'retry after a failed run').length).toBe(2);
    expect(t.published.filter((e) => e.type === 'catalog.new')).toHaveLength(30);
  }, 120_000);
});
