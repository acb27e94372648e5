/**
 * Subscriptions stored before `minElevation` (a filter on a pass's highest point) was renamed
 * `minPeakElevation`: an alerts database written by that code (fixture, see its README) opens,
 * migrates, and plans with the same meaning.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ALERT_SCHEMA_VERSION } from '../../src/alerts/schema.js';
import { AlertStore } from '../../src/alerts/store.js';
import { tempDir } from '../catalog/helpers.js';
import { alertsUnderTest } from './helpers.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/alerts/alerts-v1.sqlite');

function copyOfFixture(): string {
  const dir = tempDir();
  copyFileSync(FIXTURE, join(dir, 'alerts.sqlite'));
  return dir;
}

describe('an alerts store written before minPeakElevation', () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    stop = null;
  });

  it('is schema 1 with minElevation in each stored spec (the fixture is what the old code wrote)', () => {
    // A copy: even a read-only open of a WAL database writes -shm/-wal files beside it.
    const db = new Database(join(copyOfFixture(), 'alerts.sqlite'), { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      const specs = db.prepare('SELECT id, spec FROM subscriptions ORDER BY id').all() as {
        id: string;
        spec: string;
      }[];
      expect(specs.map((r) => [r.id, JSON.parse(r.spec).minElevation])).toEqual([
        ['sub_old40', 40],
        ['sub_plain', 0],
      ]);
    } finally {
      db.close();
    }
  });

  it('migrates: each spec has minPeakElevation with the old value and no minElevation', () => {
    const dir = copyOfFixture();
    const store = AlertStore.open(join(dir, 'alerts.sqlite'));
    try {
      const old40 = store.subscription('sub_old40')!;
      expect(old40.spec.minPeakElevation).toBe(40);
      expect(old40.spec).not.toHaveProperty('minElevation');
      expect(old40.spec.satellites).toEqual([25544]);
      expect(old40.secret).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
      expect(store.subscription('sub_plain')!.spec.minPeakElevation).toBe(0);
    } finally {
      store.close();
    }
    const db = new Database(join(dir, 'alerts.sqlite'), { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(ALERT_SCHEMA_VERSION);
    } finally {
      db.close();
    }
    // Opening again changes nothing.
    const again = AlertStore.open(join(dir, 'alerts.sqlite'));
    expect(again.subscription('sub_old40')!.spec.minPeakElevation).toBe(40);
    again.close();
  });

  it('serves and plans the migrated subscription with the same meaning (peak at least 40 deg)', async () => {
    const t = await alertsUnderTest({ dataDir: copyOfFixture() });
    stop = t.stop;
    await t.alerts.idle();
    const r = await t.api('GET', '/v1/subscriptions/sub_old40');
    expect(r.status).toBe(200);
    expect(r.body.minPeakElevation).toBe(40);
    expect(r.body).not.toHaveProperty('minElevation');
    // Written before the station filter existed: no station, every pass.
    expect(r.body.station).toBeNull();
    // The planner kept only passes culminating at 40 deg or more, AOS/LOS at the horizon.
    const db = new Database(join(t.config.dataDir, 'alerts.sqlite'), { readonly: true });
    try {
      const planned = (
        db
          .prepare(
            "SELECT pass FROM passes WHERE subscription_id = 'sub_old40' AND state = 'planned'",
          )
          .all() as { pass: string }[]
      ).map(
        (r) => JSON.parse(r.pass) as { maxElevation: number; aos: { elevation: number } | null },
      );
      expect(planned.length).toBeGreaterThan(0);
      for (const p of planned) {
        expect(p.maxElevation).toBeGreaterThanOrEqual(40);
        if (p.aos) expect(Math.abs(p.aos.elevation)).toBeLessThan(0.1);
      }
    } finally {
      db.close();
    }
  });
});
