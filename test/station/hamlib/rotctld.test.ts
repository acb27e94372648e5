import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandLog, formatLogEntry, RotctldClient } from '../../../src/station/hamlib/index.js';
import { Daemon, stopAllDaemons } from '../../helpers/hamlib.js';
import { settledPosition } from './settle.js';

// The dummy rotator (rotctld -m 1) accepts azimuth −180–450° and elevation 0–90°, starts at 0, 0
// and slews at about 6°/s on both axes: targets stay near each other so the tests stay short.

let daemon: Daemon;
const log = new CommandLog(500);
const clients: RotctldClient[] = [];

function client(
  limits = { azimuthMinDeg: 0, azimuthMaxDeg: 450, elevationMinDeg: 0, elevationMaxDeg: 90 },
) {
  const c = new RotctldClient({ host: '127.0.0.1', port: daemon.port, limits, log });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  daemon = await Daemon.start('rotctld');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stopAllDaemons();
  console.log(log.entries().map(formatLogEntry).join('\n'));
});

describe('rotctld client against the dummy rotator', () => {
  it('reads back the positions it was given, within 0.5°', async () => {
    const rot = client();
    for (const target of [
      { azimuthDeg: 12.34, elevationDeg: 8.76 },
      { azimuthDeg: 20.5, elevationDeg: 15.25 },
      { azimuthDeg: 17.01, elevationDeg: 3.49 },
    ]) {
      const set = await rot.setPosition(target);
      expect(set).toEqual({ ok: true, value: { commanded: target, clamped: false } });
      const at = await settledPosition(rot);
      expect(Math.abs(at.azimuthDeg - target.azimuthDeg)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(at.elevationDeg - target.elevationDeg)).toBeLessThanOrEqual(0.5);
    }
    expect(rot.status()).toMatchObject({ state: 'connected', commandErrors: 0, connects: 1 });
    expect(rot.status().reported?.azimuthDeg).toBeCloseTo(17.01, 1);
  });

  it('clamps a position outside the rotator limits, sends the clamped one and logs a warning', async () => {
    const rot = client({
      azimuthMinDeg: 5,
      azimuthMaxDeg: 25,
      elevationMinDeg: 2,
      elevationMaxDeg: 12,
    });
    const set = await rot.setPosition({ azimuthDeg: 300, elevationDeg: 80 });
    expect(set).toEqual({
      ok: true,
      value: { commanded: { azimuthDeg: 25, elevationDeg: 12 }, clamped: true },
    });
    const low = await rot.setPosition({ azimuthDeg: -40, elevationDeg: -5 });
    expect(low.ok && low.value.commanded).toEqual({ azimuthDeg: 5, elevationDeg: 2 });
    const at = await settledPosition(rot);
    expect(Math.abs(at.azimuthDeg - 5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(at.elevationDeg - 2)).toBeLessThanOrEqual(0.5);
    const mine = log.entries().filter((e) => e.daemon === 'rotator');
    const sent = mine.filter((e) => e.type === 'sent').map((e) => e.type === 'sent' && e.command);
    expect(sent).toContain('P 25.00 12.00');
    expect(sent).toContain('P 5.00 2.00');
    expect(sent).not.toContain('P 300.00 80.00');
    const warnings = mine.filter((e) => e.type === 'warning');
    expect(warnings.map((w) => w.type === 'warning' && w.message)).toEqual(
      expect.arrayContaining([
        'azimuth 300° is outside 5–25°, clamped to 25°; elevation 80° is outside 2–12°, clamped to 12°',
        'azimuth -40° is outside 5–25°, clamped to 5°; elevation -5° is outside 2–12°, clamped to 2°',
      ]),
    );
    expect(rot.status().clampedCommands).toBe(2);
  });

  it('refuses a position that is not a number without sending anything', async () => {
    const rot = client();
    const before = log.total;
    const r = await rot.setPosition({ azimuthDeg: Number.NaN, elevationDeg: 10 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind).toBe('invalid');
    expect(log.entries({ afterSeq: before }).some((e) => e.type === 'sent')).toBe(false);
  });

  it("turns the daemon's RPRT error into a typed error and carries on", async () => {
    // A flip mount's limits (elevation to 180°) on a rotator whose controller stops at 90°.
    const rot = client({
      azimuthMinDeg: 0,
      azimuthMaxDeg: 450,
      elevationMinDeg: 0,
      elevationMaxDeg: 180,
    });
    const r = await rot.setPosition({ azimuthDeg: 10, elevationDeg: 120 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.kind).toBe('rprt');
    expect(r.error.code).toBe(1);
    expect(r.error.message).toBe('RPRT -1: invalid parameter');
    const after = await rot.setPosition({ azimuthDeg: 10, elevationDeg: 5 });
    expect(after.ok).toBe(true);
    expect(rot.status()).toMatchObject({ state: 'connected', commandErrors: 1, commandsOk: 1 });
    const error = log.entries().find((e) => e.type === 'error' && e.kind === 'rprt');
    expect(error).toMatchObject({ command: 'P 10.00 120.00', code: 1 });
  });

  it('coalesces positions: a burst sends the first and the newest, the rest are superseded', async () => {
    const rot = client();
    expect((await rot.getPosition()).ok).toBe(true); // connected
    const asked = Array.from({ length: 20 }, (_, i) => ({
      azimuthDeg: 10 + i * 0.5,
      elevationDeg: 5 + i * 0.25,
    }));
    const results = await Promise.all(asked.map((p) => rot.setPosition(p)));
    const kinds = results.map((r) => (r.ok ? 'ok' : r.error.kind));
    expect(kinds[0]).toBe('ok');
    expect(kinds.at(-1)).toBe('ok');
    expect(kinds.filter((k) => k === 'superseded').length).toBeGreaterThanOrEqual(1);
    expect(kinds.every((k) => k === 'ok' || k === 'superseded')).toBe(true);
    expect(rot.status().commandsSent).toBe(1 + kinds.filter((k) => k === 'ok').length); // + the p
    const at = await settledPosition(rot);
    expect(Math.abs(at.azimuthDeg - asked.at(-1)!.azimuthDeg)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(at.elevationDeg - asked.at(-1)!.elevationDeg)).toBeLessThanOrEqual(0.5);
  });

  it('parks and stops', async () => {
    const rot = client();
    expect(await rot.park()).toEqual({ ok: true, value: undefined });
    expect(await rot.stop()).toEqual({ ok: true, value: undefined });
    const sent = log
      .entries()
      .filter((e) => e.type === 'sent')
      .map((e) => e.type === 'sent' && e.command);
    expect(sent).toEqual(expect.arrayContaining(['K', 'S']));
  });
});
