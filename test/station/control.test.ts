import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundledTransmitters, type Transmitter } from '../../src/catalog/transmitters/index.js';
import { parseTle } from '../../src/core/elements/index.js';
import { Orbit } from '../../src/core/orbit/index.js';
import { type RotatorSpec, rotatorPositionAt } from '../../src/core/station/rotator.js';
import {
  type ControlPass,
  controlPass,
  hamlibMode,
  StationController,
  simulatedClock,
} from '../../src/station/control.js';
import {
  CommandLog,
  formatLogEntry,
  RigctldClient,
  RotctldClient,
} from '../../src/station/hamlib/index.js';
import { planStation, type StationSpec } from '../../src/station/plan.js';
import { Daemon, stopAllDaemons } from '../helpers/hamlib.js';
import { settledPosition } from './hamlib/settle.js';

// A real pass: the ISS over 52N 5E on 2026-08-22 at 01:20 UTC (elements from the amateur fixture),
// low in the south-east (azimuth 158 to 99, 2.7 deg high), worked on its FM repeater (437.800 MHz
// down, 145.990 MHz up) split on one radio. The dummy rotator slews about 6 deg/s: the pass is a
// short sweep so the read-backs do not wait long.
const { elements } = parseTle(
  readFileSync(new URL('../fixtures/elements/amateur.tle', import.meta.url), 'utf8'),
  'fixture',
);
const orbits = new Map(elements.map((e) => [e.noradId, new Orbit(e)]));
const transmitters = new Map<string, Transmitter>(
  readBundledTransmitters().transmitters.map((t) => [t.uuid, t]),
);
const rotatorSpec: RotatorSpec = {
  azimuthMinDeg: 0,
  azimuthMaxDeg: 450,
  elevationMinDeg: 0,
  elevationMaxDeg: 90,
  azimuthRateDegS: 6,
  elevationRateDegS: 6,
  park: { azimuthDeg: 90, elevationDeg: 0 },
};
const station: StationSpec = {
  name: 'home',
  observer: { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 10 },
  minElevationDeg: 0,
  horizonMask: null,
  rotator: rotatorSpec,
  turnaroundSeconds: 60,
  satellites: [
    {
      noradId: 25544,
      priority: 1,
      transmitter: 'eozSf5mKyzNxoascs8V4bV',
      downlinkHz: null,
      minPeakElevationDeg: null,
      minDurationSeconds: null,
    },
  ],
};
const schedule = planStation({
  station,
  startMs: Date.parse('2026-08-22T01:00:00Z'),
  endMs: Date.parse('2026-08-22T02:00:00Z'),
  orbit: (n) => orbits.get(n),
  transmitter: (u) => transmitters.get(u),
});
const planned = schedule.scheduled[0]!;
const pass: ControlPass = controlPass(planned, orbits.get(25544)!, station.observer);

let rotd: Daemon;
let rigd: Daemon;
const log = new CommandLog(5000);
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [rotd, rigd] = await Promise.all([Daemon.start('rotctld'), Daemon.start('rigctld')]);
});
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
  await stopAllDaemons();
});

function devices() {
  const rotator = new RotctldClient({
    host: '127.0.0.1',
    port: rotd.port,
    limits: rotatorSpec,
    log,
  });
  const radio = new RigctldClient({ host: '127.0.0.1', port: rigd.port, name: 'radio', log });
  closers.push(
    () => rotator.close(),
    () => radio.close(),
  );
  return { rotator, rotatorSpec, downlink: radio, uplink: radio };
}

describe('hamlib modes of SatNOGS modes', () => {
  it('FM family on FM, SSB and CW as they are, data on USB, undemodulable ones not set', () => {
    expect(
      [
        'FM',
        'FMN',
        'AFSK',
        'SSTV',
        'USB',
        'LSB',
        'CW',
        'BPSK',
        'GMSK USP',
        'LoRa',
        'DVB-S2',
        null,
      ].map(hamlibMode),
    ).toEqual(['FM', 'FM', 'FM', 'FM', 'USB', 'LSB', 'CW', 'USB', 'USB', null, null, null]);
  });
});

describe('the control loop over a simulated pass, against the dummy daemons', () => {
  it('the pass is the one described', () => {
    expect(planned.rotator?.mode).toBe('normal');
    expect(pass.rotator!.start.azimuthDeg).toBeCloseTo(158, 0);
    expect(pass.downlinkMode).toEqual({ mode: 'FM', passbandHz: 0 });
    expect(pass.uplinkMode).toEqual({ mode: 'FM', passbandHz: 0 });
  });

  it('step by step: prepositions before AOS, follows the plan within 0.5° and the Doppler within 10 Hz, parks after LOS', async () => {
    const d = devices();
    let now = 0;
    const events: Record<string, unknown>[] = [];
    const control = new StationController({
      devices: d,
      clock: { now: () => now },
      settings: { rotatorIntervalSeconds: 10, rotatorThresholdDeg: 1, minRetuneHz: 5 },
      onEvent: (e) => events.push(e),
    });
    control.setPasses([pass]);
    // Long before: nothing to do.
    now = pass.aosMs - 3_600_000;
    await control.tick();
    expect(control.status()).toMatchObject({ phase: 'idle', pass: null, next: { key: pass.key } });
    // The controller has sent nothing yet, so it takes the rotator to be at park (90°, 0°).
    const plan = pass.rotator!;
    // Radios are set up 60 s before AOS; the rotator leaves then or earlier if its travel needs.
    const travel = Math.abs(plan.start.azimuthDeg - 90) / 6;
    const leave = pass.aosMs - Math.max(60, travel + 30) * 1000;
    now = leave - 1000;
    await control.tick();
    expect(control.status().phase).toBe('idle');
    now = leave;
    await control.tick();
    expect(control.status().phase).toBe('prepositioning');
    const start = await settledPosition(d.rotator);
    expect(Math.abs(start.azimuthDeg - plan.start.azimuthDeg)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(start.elevationDeg - plan.start.elevationDeg)).toBeLessThanOrEqual(0.5);
    const steps: { t: number; azErr: number; elErr: number; downErr: number; upErr: number }[] = [];
    for (let t = pass.aosMs; t <= pass.losMs; t += 10_000) {
      now = t;
      await control.tick();
      expect(control.status().phase).toBe('tracking');
      const at = await settledPosition(d.rotator);
      const want = rotatorPositionAt(plan, t);
      const sent = d.rotator.status().commanded!;
      const f = pass.frequenciesAt!(t);
      const down = await d.downlink.getFrequency();
      const up = await d.downlink.getSplitFrequency();
      if (!down.ok || !up.ok) throw new Error('read-back failed');
      steps.push({
        t,
        // Steps are the rotator interval (10 s): each one sends the plan's position of the moment.
        azErr: Math.abs(at.azimuthDeg - want.azimuthDeg),
        elErr: Math.abs(at.elevationDeg - want.elevationDeg),
        downErr: Math.abs(down.value - f.downlinkHz!),
        upErr: Math.abs(up.value - f.uplinkHz!),
      });
      expect(Math.abs(sent.azimuthDeg - want.azimuthDeg)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(sent.elevationDeg - want.elevationDeg)).toBeLessThanOrEqual(0.005);
    }
    const worst = (k: 'azErr' | 'elErr' | 'downErr' | 'upErr') =>
      Math.max(...steps.map((s) => s[k]));
    console.log(
      `${steps.length} steps; worst read-back error: azimuth ${worst('azErr').toFixed(2)}°, elevation ${worst('elErr').toFixed(2)}°, downlink ${worst('downErr').toFixed(1)} Hz, uplink ${worst('upErr').toFixed(1)} Hz`,
    );
    expect(worst('azErr')).toBeLessThanOrEqual(0.5);
    expect(worst('elErr')).toBeLessThanOrEqual(0.5);
    expect(worst('downErr')).toBeLessThanOrEqual(10);
    expect(worst('upErr')).toBeLessThanOrEqual(10);
    // After LOS: park.
    now = pass.losMs + 5000;
    await control.tick();
    expect(control.status().phase).toBe('idle');
    const parked = await settledPosition(d.rotator);
    expect(Math.abs(parked.azimuthDeg - 90)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(parked.elevationDeg)).toBeLessThanOrEqual(0.5);
    // The first tick parks the rotator (its position is unknown at start).
    expect(events.map((e) => e.phase)).toEqual([
      'parking',
      'idle',
      'prepositioning',
      'tracking',
      'parking',
      'idle',
    ]);
    const radio = log
      .entries({ daemon: 'radio' })
      .flatMap((e) => (e.type === 'sent' ? [e.command] : []));
    expect(radio.slice(0, 3)).toEqual(['M FM 0', 'S 1 VFOB', 'X FM 0']);
    console.log(
      log
        .entries()
        .filter(
          (e) =>
            !(e.type === 'sent' && (e.command === 'p' || e.command === 'f' || e.command === 'i')),
        )
        .filter((e) => !(e.type === 'reply' && e.command === 'p'))
        .slice(0, 40)
        .map(formatLogEntry)
        .join('\n'),
    );
  }, 240_000); // real rotator moves (the dummy slews ~6°/s) on a busy machine

  it('accelerated (30x) on a shifted clock: the whole loop from before AOS to park, on its own timer', async () => {
    const d = devices();
    const phases: unknown[] = [];
    const first = log.total;
    const startMs = pass.aosMs - 70_000;
    const wallStartMs = Date.now();
    const clock = simulatedClock(startMs, 30);
    // The log is stamped on the wall clock: the simulated instant of an entry.
    const simulatedMs = (wallMs: number) => startMs + (wallMs - wallStartMs) * 30;
    const control = new StationController({
      devices: d,
      clock,
      settings: { rotatorIntervalSeconds: 10, rotatorThresholdDeg: 2, minRetuneHz: 10 },
      onEvent: (e) => phases.push(e.phase),
    });
    control.setPasses([pass]);
    const running = control.run(100);
    const deadline = Date.now() + 120_000;
    while (!(clock.now() > pass.losMs && control.status().phase === 'idle')) {
      if (Date.now() > deadline) throw new Error(`stuck in ${control.status().phase}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await running.stop();
    expect(phases).toEqual(['parking', 'idle', 'prepositioning', 'tracking', 'parking', 'idle']);
    const sent = (daemon: string, verb: string) =>
      log
        .entries({ afterSeq: first, daemon })
        .flatMap((e) => (e.type === 'sent' && e.command.startsWith(`${verb} `) ? [e.command] : []))
        .map((c) => c.split(' ').slice(1).map(Number));
    // Downlink heard high then low, uplink sent low then high, retuned by 10 Hz or more each time.
    const down = sent('radio', 'F').map((a) => a[0]!);
    const up = sent('radio', 'I').map((a) => a[0]!);
    expect(down.length).toBeGreaterThan(10);
    expect(Math.abs(down[0]! - pass.frequenciesAt!(pass.aosMs).downlinkHz!)).toBeLessThanOrEqual(1);
    for (let i = 1; i < down.length; i++)
      expect(down[i - 1]! - down[i]!).toBeGreaterThanOrEqual(10);
    for (let i = 1; i < up.length; i++) expect(up[i]! - up[i - 1]!).toBeGreaterThanOrEqual(10);
    // Each retune is the Doppler track at the (simulated) instant it was sent: within the 10 Hz
    // step, plus what the track moves in the few wall milliseconds between computing and logging
    // it (30x). How close the last one comes to LOS depends on how busy the machine is, so it is
    // not asserted; that the loop tracks to the end shows in the phases and the park.
    const downSent = log
      .entries({ afterSeq: first, daemon: 'radio' })
      .filter((e) => e.type === 'sent' && e.command.startsWith('F '));
    for (const e of downSent) {
      const t = Math.min(Math.max(simulatedMs(e.timeMs), pass.aosMs), pass.losMs);
      const hz = Number(e.type === 'sent' && e.command.split(' ')[1]);
      expect(Math.abs(hz - pass.frequenciesAt!(t).downlinkHz!)).toBeLessThan(60);
    }
    // The rotator: parked at start (its position unknown), then the start position, along the
    // plan (azimuth 158 down to 99), park last.
    const all = sent('rotator', 'P');
    expect(all[0]).toEqual([90, 0]);
    const positions = all.slice(1);
    expect(positions[0]).toEqual([
      Number(pass.rotator!.start.azimuthDeg.toFixed(2)),
      Number(pass.rotator!.start.elevationDeg.toFixed(2)),
    ]);
    expect(positions.at(-1)).toEqual([90, 0]);
    const track = positions.slice(1, -1).map((p) => p[0]!);
    expect(track.length).toBeGreaterThan(5);
    for (let i = 1; i < track.length; i++) expect(track[i]!).toBeLessThan(track[i - 1]!);
    expect(track.at(-1)!).toBeCloseTo(pass.rotator!.end.azimuthDeg, -1);
    const parked = await settledPosition(d.rotator);
    expect(Math.abs(parked.azimuthDeg - 90)).toBeLessThanOrEqual(0.5);
    const f = await d.downlink.getFrequency();
    expect(f.ok && f.value).toBe(down.at(-1));
    // The status read the frequencies back during the pass.
    const status = control.status();
    expect(status.downlink).toMatchObject({
      state: 'connected',
      commandedHz: down.at(-1),
      reportedHz: down.at(-1),
    });
    expect(status.uplink?.reportedTxHz).toBe(up.at(-1));
  }, 240_000); // real rotator moves (the dummy slews ~6°/s) on a busy machine

  it('a pass that exceeds the rotator range: every command is clamped into it, with warnings', async () => {
    // The plan was made for 0–450°; the rotator (its controller's end stops) only turns 120–450°.
    const limits = { ...rotatorSpec, azimuthMinDeg: 120 };
    const rotator = new RotctldClient({
      host: '127.0.0.1',
      port: rotd.port,
      limits,
      log,
      name: 'narrow',
    });
    closers.push(() => rotator.close());
    const clock = simulatedClock(pass.aosMs - 61_000, 60);
    const control = new StationController({
      devices: { rotator, rotatorSpec, downlink: null, uplink: null },
      clock,
    });
    control.setPasses([pass]);
    const running = control.run(50);
    const deadline = Date.now() + 120_000;
    while (!(clock.now() > pass.losMs && control.status().phase === 'idle')) {
      if (Date.now() > deadline) throw new Error(`stuck in ${control.status().phase}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await running.stop();
    const mine = log.entries({ daemon: 'narrow' });
    const azimuths = mine.flatMap((e) =>
      e.type === 'sent' && e.command.startsWith('P ') ? [Number(e.command.split(' ')[1])] : [],
    );
    expect(Math.min(...azimuths)).toBe(120);
    expect(azimuths.at(-1)).toBe(120); // park at 90° is beyond the stop too
    const warnings = mine.filter((e) => e.type === 'warning');
    expect(warnings.length).toBe(rotator.status().clampedCommands);
    expect(warnings.length).toBeGreaterThan(1);
    expect(warnings.every((w) => w.type === 'warning' && /clamped to 120°/.test(w.message))).toBe(
      true,
    );
  }, 240_000); // real rotator moves (the dummy slews ~6°/s) on a busy machine

  it('a radio daemon killed in the middle of the pass and restarted: errors logged, tuning carries on', async () => {
    const rig = await Daemon.start('rigctld');
    const radio = new RigctldClient({
      host: '127.0.0.1',
      port: rig.port,
      name: 'restarted',
      log,
      backoff: { initialMs: 50, factor: 2, maxMs: 400 },
    });
    closers.push(() => radio.close());
    const clock = simulatedClock(pass.aosMs - 61_000, 30);
    const control = new StationController({
      devices: { rotator: null, rotatorSpec: null, downlink: radio, uplink: radio },
      clock,
    });
    control.setPasses([pass]);
    const running = control.run(50);
    const waitFor = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 120_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await waitFor(() => clock.now() > pass.aosMs + 100_000, 'the middle of the pass');
    await rig.kill();
    await waitFor(() => clock.now() > pass.aosMs + 160_000, 'a minute of the pass without radio');
    const killedAt = log.total;
    await rig.restart();
    await waitFor(() => clock.now() > pass.losMs && control.status().phase === 'idle', 'LOS');
    await running.stop();
    const mine = log.entries({ daemon: 'restarted' });
    const errors = mine.flatMap((e) => (e.type === 'error' ? [e.kind] : []));
    expect(errors).toContain('connect');
    expect(errors.some((k) => k === 'disconnected' || k === 'not-connected')).toBe(true);
    const after = mine.filter(
      (e) => e.seq > killedAt && e.type === 'reply' && e.command.startsWith('F '),
    );
    expect(after.length).toBeGreaterThan(3);
    expect(radio.status().connects).toBe(2);
    // Back on the Doppler track: the last frequency is the one of the end of the pass.
    const f = await radio.getFrequency();
    expect(f.ok).toBe(true);
    if (f.ok)
      expect(Math.abs(f.value - pass.frequenciesAt!(pass.losMs).downlinkHz!)).toBeLessThan(200);
    const shown = mine.filter(
      (e) =>
        !((e.type === 'sent' || e.type === 'reply') && (e.command === 'f' || e.command === 'i')),
    );
    const down = shown.findIndex((e) => e.type === 'error');
    const back = shown.findLastIndex((e) => e.type === 'state' && e.state === 'connected');
    console.log(
      [...shown.slice(down - 4, down + 10), ...shown.slice(back - 3, back + 6)]
        .map(formatLogEntry)
        .join('\n'),
    );
  }, 240_000); // real rotator moves (the dummy slews ~6°/s) on a busy machine
});

// The same ISS elements seen from 40N 5E on 2026-08-22 at 04:31 UTC: a low pass (15° high) that
// rises in the west-north-west (282°) and sets in the north-east (47°), crossing north.
const north: StationSpec = {
  ...station,
  observer: { latitudeDeg: 40, longitudeDeg: 5, altitudeM: 10 },
};
const northPass = (rotator: RotatorSpec): ControlPass => {
  const s = { ...north, rotator };
  const planned = planStation({
    station: s,
    startMs: Date.parse('2026-08-22T04:20:00Z'),
    endMs: Date.parse('2026-08-22T04:50:00Z'),
    orbit: (n) => orbits.get(n),
    transmitter: (u) => transmitters.get(u),
  }).scheduled[0]!;
  return controlPass(planned, orbits.get(25544)!, s.observer);
};

/** The controller stepped every `stepMs` from just before AOS to LOS; each step after `each`. */
async function stepThrough(
  control: StationController,
  p: ControlPass,
  clock: { now: number },
  stepMs: number,
  each: (t: number) => Promise<void>,
): Promise<void> {
  for (let t = p.aosMs; t <= p.losMs; t += stepMs) {
    clock.now = t;
    await control.tick();
    expect(control.status().phase).toBe('tracking');
    await each(t);
  }
}

const sentPositions = (daemon: string) =>
  log
    .entries({ daemon })
    .flatMap((e) =>
      e.type === 'sent' && e.command.startsWith('P ')
        ? [e.command.split(' ').slice(1).map(Number) as [number, number]]
        : [],
    );

describe('the control loop along overlap and flip plans, against the dummy rotator', () => {
  it('overlap (a 0–450° rotator, a pass crossing north): azimuths past 360° sent and read back within 0.5° of the plan', async () => {
    const pass = northPass(rotatorSpec);
    const plan = pass.rotator!;
    expect(plan.mode).toBe('overlap');
    expect(plan.start.azimuthDeg).toBeCloseTo(281.6, 0);
    expect(plan.end.azimuthDeg).toBeCloseTo(407, 0);
    const rotator = new RotctldClient({
      host: '127.0.0.1',
      port: rotd.port,
      limits: rotatorSpec,
      log,
      name: 'overlap',
    });
    closers.push(() => rotator.close());
    const clock = { now: pass.aosMs - 3_600_000 };
    const control = new StationController({
      devices: { rotator, rotatorSpec, downlink: null, uplink: null },
      clock: { now: () => clock.now },
      settings: { rotatorIntervalSeconds: 10, rotatorThresholdDeg: 1, minRetuneHz: 5 },
    });
    control.setPasses([pass]);
    await control.tick(); // parks (its position is unknown at start)
    await settledPosition(rotator);
    clock.now = pass.aosMs - 1000;
    await control.tick();
    expect(control.status().phase).toBe('prepositioning');
    await settledPosition(rotator);
    const steps: { want: number; sent: number; read: number; elErr: number }[] = [];
    await stepThrough(control, pass, clock, 20_000, async (t) => {
      const at = await settledPosition(rotator);
      const want = rotatorPositionAt(plan, t);
      steps.push({
        want: want.azimuthDeg,
        sent: rotator.status().commanded!.azimuthDeg,
        read: at.azimuthDeg,
        elErr: Math.abs(at.elevationDeg - want.elevationDeg),
      });
    });
    console.log(
      `overlap: ${steps.length} steps, azimuth ${steps[0]!.read}° to ${steps.at(-1)!.read}° read back; worst error azimuth ${Math.max(...steps.map((s) => Math.abs(s.read - s.want))).toFixed(2)}°, elevation ${Math.max(...steps.map((s) => s.elErr)).toFixed(2)}°`,
    );
    for (const s of steps) {
      expect(Math.abs(s.sent - s.want)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(s.read - s.want)).toBeLessThanOrEqual(0.5);
      expect(s.elErr).toBeLessThanOrEqual(0.5);
    }
    // Past north the rotator went on into its overlap, not back round through 0°.
    expect(steps.filter((s) => s.read > 360).length).toBeGreaterThan(3);
    const azimuths = sentPositions('overlap').map(([az]) => az);
    expect(Math.max(...azimuths)).toBeGreaterThan(400); // the plan ends at 407°
    for (let i = 2; i < azimuths.length; i++)
      expect(azimuths[i]!).toBeGreaterThan(azimuths[i - 1]!);
  }, 240_000); // real rotator moves (the dummy slews ~6°/s) on a busy machine

  it('flip (elevation to 180°, the same pass mirrored): the commands sent are the plan’s', async () => {
    const flipSpec: RotatorSpec = { ...rotatorSpec, azimuthMaxDeg: 360, elevationMaxDeg: 180 };
    const pass = northPass(flipSpec);
    const plan = pass.rotator!;
    expect(plan.mode).toBe('flip');
    expect(plan.overTheTop).toBe(false);
    const rotator = new RotctldClient({
      host: '127.0.0.1',
      port: rotd.port,
      limits: flipSpec,
      log,
      name: 'flip',
    });
    closers.push(() => rotator.close());
    const clock = { now: pass.aosMs - 3_600_000 };
    const control = new StationController({
      devices: { rotator, rotatorSpec: flipSpec, downlink: null, uplink: null },
      clock: { now: () => clock.now },
      settings: { rotatorIntervalSeconds: 10, rotatorThresholdDeg: 1, minRetuneHz: 5 },
    });
    control.setPasses([pass]);
    await control.tick();
    clock.now = pass.aosMs - 1000;
    await control.tick();
    const wanted: [number, number][] = [
      [90, 0],
      [plan.start.azimuthDeg, plan.start.elevationDeg],
    ];
    await stepThrough(control, pass, clock, 20_000, async (t) => {
      const p = rotatorPositionAt(plan, t);
      wanted.push([p.azimuthDeg, p.elevationDeg]);
    });
    const sent = sentPositions('flip');
    // The dummy refuses elevations over 90° (a real flip mount takes them): each step sends anew.
    expect(sent.length).toBe(wanted.length);
    for (const [i, [az, el]] of sent.entries()) {
      expect(Math.abs(az - wanted[i]![0])).toBeLessThanOrEqual(0.005);
      expect(Math.abs(el - wanted[i]![1])).toBeLessThanOrEqual(0.005);
    }
    expect(Math.min(...sent.slice(1).map(([, el]) => el))).toBeGreaterThan(90);
  }, 240_000);
});
