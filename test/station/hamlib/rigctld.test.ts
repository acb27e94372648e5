import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandLog, formatLogEntry, RigctldClient } from '../../../src/station/hamlib/index.js';
import { Daemon, stopAllDaemons } from '../../helpers/hamlib.js';

let daemon: Daemon;
const log = new CommandLog(500);
const clients: RigctldClient[] = [];

function client(name = 'downlink') {
  const c = new RigctldClient({ host: '127.0.0.1', port: daemon.port, name, log });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  daemon = await Daemon.start('rigctld');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stopAllDaemons();
  console.log(log.entries().map(formatLogEntry).join('\n'));
});

describe('rigctld client against the dummy rig', () => {
  it('reads back the frequencies it was given, within 10 Hz', async () => {
    const rig = client();
    for (const hz of [145_800_000, 437_801_234.4, 435_299_987.6, 2_400_123_456]) {
      const set = await rig.setFrequency(hz);
      expect(set).toEqual({ ok: true, value: Math.round(hz) });
      const got = await rig.getFrequency();
      expect(got.ok).toBe(true);
      if (got.ok) expect(Math.abs(got.value - hz)).toBeLessThanOrEqual(10);
    }
    expect(rig.status()).toMatchObject({
      state: 'connected',
      commandedHz: 2_400_123_456,
      reportedHz: 2_400_123_456,
      commandErrors: 0,
    });
  });

  it('sets and reads back the mode and passband', async () => {
    const rig = client();
    expect(await rig.setMode({ mode: 'USB', passbandHz: 2400 })).toEqual({
      ok: true,
      value: { mode: 'USB', passbandHz: 2400 },
    });
    expect(await rig.getMode()).toEqual({ ok: true, value: { mode: 'USB', passbandHz: 2400 } });
    await rig.setMode({ mode: 'FM', passbandHz: 15000 });
    expect(await rig.getMode()).toEqual({ ok: true, value: { mode: 'FM', passbandHz: 15000 } });
  });

  it('works split: receive on VFO A, transmit on VFO B, each read back within 10 Hz', async () => {
    const rig = client('uplink');
    expect((await rig.setSplit(true, 'VFOB')).ok).toBe(true);
    await rig.setFrequency(435_880_512);
    await rig.setSplitFrequency(145_949_488.3);
    await rig.setSplitMode({ mode: 'LSB', passbandHz: 2400 });
    const rx = await rig.getFrequency();
    const tx = await rig.getSplitFrequency();
    expect(rx.ok && Math.abs(rx.value - 435_880_512)).toBeLessThanOrEqual(10);
    expect(tx.ok && Math.abs(tx.value - 145_949_488.3)).toBeLessThanOrEqual(10);
    expect(await rig.getSplitMode()).toEqual({
      ok: true,
      value: { mode: 'LSB', passbandHz: 2400 },
    });
    const sent = log
      .entries({ daemon: 'uplink' })
      .flatMap((e) => (e.type === 'sent' ? [e.command] : []));
    expect(sent).toEqual(['S 1 VFOB', 'F 435880512', 'I 145949488', 'X LSB 2400', 'f', 'i', 'x']);
  });

  it('refuses a bad frequency or mode name before sending (nothing can break the line)', async () => {
    const rig = client();
    const before = log.total;
    for (const r of [
      await rig.setFrequency(Number.NaN),
      await rig.setFrequency(-5),
      await rig.setMode({ mode: 'FM\nF 1', passbandHz: 0 }),
      await rig.setMode({ mode: 'usb', passbandHz: 0 }),
      await rig.setMode({ mode: 'USB', passbandHz: -1 }),
    ]) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.kind).toBe('invalid');
    }
    expect(log.entries({ afterSeq: before }).filter((e) => e.type === 'sent')).toEqual([]);
  });
});
