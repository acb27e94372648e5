/**
 * The station control loop: during each pass of the station's schedule it points the rotator
 * along the pass's rotator plan and keeps the radio(s) on the Doppler-corrected frequencies of
 * the pass's transmitter, through hamlib's daemons (`./hamlib`).
 *
 * Before AOS it moves the rotator to the plan's start position in time (its travel from where it
 * is, at its slew rates, plus a margin); during the pass it sends the planned position at a fixed
 * interval, or sooner when the planned position has moved more than a threshold from the last one
 * sent; after LOS it parks. Frequencies are retuned when they have moved at least the minimum
 * step. The clock is injected: the real one, or a shifted and accelerated one for simulation
 * (`simulatedClock`). Daemon errors are in the hamlib command log; the loop never throws.
 */
import type { Observer, Orbit } from '../core/orbit/index.js';
import { Site } from '../core/orbit/index.js';
import { type DopplerTuning, dopplerTuning } from '../core/radio/index.js';
import {
  type RotatorPlan,
  type RotatorPosition,
  type RotatorSpec,
  rotatorPositionAt,
  travelSeconds,
} from '../core/station/rotator.js';
import type { RigctldClient, RigctldStatus, RigMode } from './hamlib/index.js';
import type { RotctldClient, RotctldStatus } from './hamlib/rotctld.js';
import type { PlanTransmitter, StationPass } from './plan.js';

/** A pass as the loop needs it. */
export interface ControlPass {
  key: string;
  noradId: number;
  aosMs: number;
  losMs: number;
  /** Null for a station without rotator. */
  rotator: RotatorPlan | null;
  /** Ground frequencies at an instant (Doppler-corrected), or null without a transmitter. */
  frequenciesAt: ((timeMs: number) => DopplerTuning) | null;
  downlinkMode: RigMode | null;
  uplinkMode: RigMode | null;
}

/** Simulated time, ms since the epoch. */
export interface ControlClock {
  now(): number;
}

/**
 * A clock that reads `startMs` now and runs `speed` times faster than `realNow` from here
 * (`passwatch station run --simulate-from TIME --speed N`).
 */
export function simulatedClock(
  startMs: number,
  speed = 1,
  realNow: () => number = Date.now,
): ControlClock {
  const realStart = realNow();
  return { now: () => startMs + (realNow() - realStart) * speed };
}

export interface ControlSettings {
  /** While tracking, the rotator gets the planned position at least this often, s. */
  rotatorIntervalSeconds: number;
  /** ...and sooner when the plan has moved more than this from the last position sent, deg. */
  rotatorThresholdDeg: number;
  /** Frequencies are not retuned by less than this, Hz. */
  minRetuneHz: number;
  /** The rotator leaves for the start position this much earlier than its travel needs, s. */
  prepositionMarginSeconds: number;
  /** Radios are set up (mode, split, frequency at AOS) this long before AOS, s. */
  radioLeadSeconds: number;
  /** Read the position and frequencies back on each tick of a pass (for the status). */
  readBack: boolean;
}

export const DEFAULT_CONTROL: ControlSettings = {
  rotatorIntervalSeconds: 10,
  rotatorThresholdDeg: 2,
  minRetuneHz: 10,
  prepositionMarginSeconds: 30,
  radioLeadSeconds: 60,
  readBack: true,
};

export interface ControlDevices {
  rotator: RotctldClient | null;
  /** Park position and slew rates; needed with a rotator. */
  rotatorSpec: RotatorSpec | null;
  downlink: RigctldClient | null;
  /** A second radio for the uplink; the same client as `downlink` to transmit split on it. */
  uplink: RigctldClient | null;
}

export type ControlPhase = 'idle' | 'prepositioning' | 'tracking' | 'parking';

export interface ControlStatus {
  phase: ControlPhase;
  /** The pass being prepared or tracked. */
  pass: { key: string; noradId: number; aosMs: number; losMs: number } | null;
  next: { key: string; noradId: number; aosMs: number; losMs: number } | null;
  /** Simulated time of the last tick. */
  timeMs: number | null;
  target: RotatorPosition | null;
  frequencies: DopplerTuning | null;
  /** Each daemon's connection, counters, and last commanded and reported values. */
  rotator: RotctldStatus | null;
  downlink: RigctldStatus | null;
  uplink: RigctldStatus | null;
}

/**
 * hamlib's mode for a SatNOGS mode: FM-family voice and packet on FM, CW, SSB and AM as they
 * are, other data modes (BPSK, GMSK, FSK, ...) on USB; null for what a transceiver does not
 * demodulate (LoRa, DVB-S2, HRPT, ...).
 */
export function hamlibMode(satnogsMode: string | null): string | null {
  if (satnogsMode === null) return null;
  const m = satnogsMode.toUpperCase();
  if (/^(FM|FMN|AFSK|SSTV|DUV|APRS|DSTAR)\b/.test(m)) return 'FM';
  if (m === 'CW' || m === 'USB' || m === 'LSB' || m === 'AM') return m;
  if (/^(LORA|DVB|DATV|HRPT|AHRPT|LRPT|OFDM|64-QAM|UNKNOWN|CERTO|DOKA|PPM)/.test(m)) return null;
  return 'USB';
}

/** The loop's view of a planned pass: Doppler from the orbit, modes from the transmitter. */
export function controlPass<T extends PlanTransmitter & { uplinkMode?: string | null }>(
  planned: StationPass<T>,
  orbit: Orbit,
  observer: Observer,
): ControlPass {
  const site = new Site(observer);
  const aosMs = planned.pass.aos?.timeMs ?? planned.pass.tca.timeMs;
  const losMs = planned.pass.los?.timeMs ?? planned.pass.tca.timeMs;
  const tuning = planned.tuning;
  const t = planned.transmitter;
  const down = t ? hamlibMode(t.mode) : null;
  let up = t ? hamlibMode(t.uplinkMode ?? t.mode) : null;
  // An inverting transponder turns the uplink's sideband over.
  if (t?.invert && t.uplinkMode == null && (up === 'USB' || up === 'LSB')) {
    up = up === 'USB' ? 'LSB' : 'USB';
  }
  return {
    key: planned.key,
    noradId: planned.noradId,
    aosMs,
    losMs,
    rotator: planned.rotator,
    frequenciesAt: tuning
      ? (timeMs) => dopplerTuning(tuning, orbit.look(timeMs, site).rangeRateKmS)
      : null,
    downlinkMode: down && tuning?.downlinkHz != null ? { mode: down, passbandHz: 0 } : null,
    uplinkMode: up && tuning?.uplinkHz != null ? { mode: up, passbandHz: 0 } : null,
  };
}

/** Between passes the rotator's position is read back this often (simulated time), ms. */
const IDLE_READ_MS = 10_000;

const angle = (a: RotatorPosition, b: RotatorPosition) =>
  Math.max(Math.abs(a.azimuthDeg - b.azimuthDeg), Math.abs(a.elevationDeg - b.elevationDeg));

export interface StationControllerOptions {
  devices: ControlDevices;
  clock: ControlClock;
  settings?: Partial<ControlSettings>;
  /** Phase changes, for the process log. */
  onEvent?: (event: { event: 'station' } & Record<string, unknown>) => void;
  /** After each tick, once its commands are answered: what it aimed at, at the tick's time. */
  onTick?: (tick: ControlTick) => void;
}

/** One tick of the loop: the plan's position and frequencies at the tick's (simulated) time. */
export interface ControlTick {
  timeMs: number;
  phase: ControlPhase;
  pass: string | null;
  target: RotatorPosition | null;
  frequencies: DopplerTuning | null;
}

export class StationController {
  private passes: ControlPass[] = [];
  private readonly s: ControlSettings;
  private phase: ControlPhase = 'idle';
  private current: ControlPass | null = null;
  private lastTimeMs: number | null = null;
  private target: RotatorPosition | null = null;
  private frequencies: DopplerTuning | null = null;
  /** Last position the rotator accepted, and when (simulated). */
  private sentPosition: RotatorPosition | null = null;
  private sentPositionMs = Number.NEGATIVE_INFINITY;
  /** Unknown at start: the first tick without a pass parks the rotator (a known position). */
  private parked = false;
  private sentDownHz: number | null = null;
  private sentUpHz: number | null = null;
  /** The pass whose radio setup (mode, split) was accepted. */
  private radioSetFor: string | null = null;
  private running: { stop: () => Promise<void> } | null = null;
  private idleReadMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: StationControllerOptions) {
    this.s = { ...DEFAULT_CONTROL, ...o.settings };
    if (o.devices.rotator && !o.devices.rotatorSpec) {
      throw new RangeError('a station with a rotator needs its rotator spec (park, slew rates)');
    }
  }

  /**
   * The passes to work (the schedule's scheduled ones), any order. A pass being prepared or
   * tracked is kept as it is (a new plan does not retune or re-set its radios); new passes
   * overlapping it are left out.
   */
  setPasses(passes: readonly ControlPass[]): void {
    const keep = this.current;
    const fresh = keep
      ? passes.filter((p) => p.losMs < keep.aosMs || p.aosMs > keep.losMs)
      : [...passes];
    if (keep) fresh.push(keep);
    this.passes = fresh.sort((a, b) => a.aosMs - b.aosMs);
  }

  /** The passes it works, in order. */
  get plannedPasses(): readonly ControlPass[] {
    return this.passes;
  }

  status(): ControlStatus {
    const brief = (p: ControlPass | null) =>
      p && { key: p.key, noradId: p.noradId, aosMs: p.aosMs, losMs: p.losMs };
    const now = this.lastTimeMs ?? this.o.clock.now();
    return {
      phase: this.phase,
      pass: brief(this.current),
      next: brief(this.passes.find((p) => p.aosMs > now && p !== this.current) ?? null),
      timeMs: this.lastTimeMs,
      target: this.target,
      frequencies: this.frequencies,
      rotator: this.o.devices.rotator?.status() ?? null,
      downlink: this.o.devices.downlink?.status() ?? null,
      uplink: this.o.devices.uplink?.status() ?? null,
    };
  }

  /** When the rotator must leave for `pass`'s start position (from where it was last sent). */
  private prepositionAtMs(pass: ControlPass): number {
    const spec = this.o.devices.rotatorSpec;
    const radio = pass.aosMs - this.s.radioLeadSeconds * 1000;
    if (!this.o.devices.rotator || !spec || !pass.rotator) return radio;
    const from = this.sentPosition ?? spec.park;
    let travel = travelSeconds(spec, from, pass.rotator.start);
    // Where the rotator said it was (it may still be on its way to `from`).
    const reported = this.o.devices.rotator.status().reported;
    if (reported) travel += travelSeconds(spec, reported, from);
    return Math.min(radio, pass.aosMs - (travel + this.s.prepositionMarginSeconds) * 1000);
  }

  /** One step of the loop at the clock's time; resolves when its commands are answered. */
  async tick(): Promise<void> {
    const t = this.o.clock.now();
    this.lastTimeMs = t;
    // A pass once begun (prepositioning) is kept to its LOS, whatever the travel estimate says.
    const kept = this.current && this.current.losMs >= t ? this.current : null;
    const pass =
      kept ?? this.passes.find((p) => p.losMs >= t && this.prepositionAtMs(p) <= t) ?? null;
    let phase: ControlPhase;
    if (pass) phase = t < pass.aosMs ? 'prepositioning' : 'tracking';
    else phase = this.parked || !this.o.devices.rotator ? 'idle' : 'parking';
    if (phase !== this.phase || pass !== this.current) {
      this.o.onEvent?.({
        event: 'station',
        phase,
        pass: pass?.key ?? null,
        atMs: t,
      });
    }
    this.phase = phase;
    this.current = pass;
    const work: Promise<void>[] = [];
    if (pass) {
      work.push(this.pointAt(pass, t), this.tune(pass, t));
    } else {
      this.target = null;
      this.frequencies = null;
      if (phase === 'parking') work.push(this.park());
      // Between passes, read the position now and then: the next preposition leaves in time
      // from where the rotator is, not only from where it was sent.
      const rot = this.o.devices.rotator;
      if (
        rot &&
        rot.connection.connectionState === 'connected' &&
        t - this.idleReadMs >= IDLE_READ_MS
      ) {
        this.idleReadMs = t;
        work.push(rot.getPosition().then(() => {}));
      }
    }
    await Promise.all(work);
    if (pass && this.s.readBack) await this.readBack();
    this.o.onTick?.({
      timeMs: t,
      phase: this.phase,
      pass: pass?.key ?? null,
      target: pass ? this.target : null,
      frequencies: pass ? this.frequencies : null,
    });
  }

  /** Reported position and frequencies, for the status (errors are in the command log). */
  private async readBack(): Promise<void> {
    const { rotator, downlink, uplink } = this.o.devices;
    const split = uplink !== null && uplink === downlink;
    // Only from daemons that are up: a down one already has its errors in the log.
    const up = (c: RotctldClient | RigctldClient | null) =>
      c !== null && c.connection.connectionState === 'connected';
    await Promise.all([
      up(rotator) ? rotator!.getPosition() : null,
      up(downlink) ? downlink!.getFrequency() : null,
      up(uplink) ? (split ? uplink!.getSplitFrequency() : uplink!.getFrequency()) : null,
    ]);
  }

  private async pointAt(pass: ControlPass, t: number): Promise<void> {
    const rot = this.o.devices.rotator;
    if (!rot || !pass.rotator) return;
    const target = t < pass.aosMs ? pass.rotator.start : rotatorPositionAt(pass.rotator, t);
    this.target = target;
    const due =
      this.sentPosition === null ||
      angle(target, this.sentPosition) > this.s.rotatorThresholdDeg ||
      (t - this.sentPositionMs >= this.s.rotatorIntervalSeconds * 1000 &&
        angle(target, this.sentPosition) >= 0.01);
    if (!due) return;
    const r = await rot.setPosition(target);
    if (r.ok) {
      this.sentPosition = r.value.commanded;
      this.sentPositionMs = t;
      this.parked = false;
    }
  }

  /**
   * Parks the rotator when the loop was working a pass (prepositioning, tracking or on its way
   * to park), for a station that stops being driven; nothing when it is idle. Call it once the
   * loop is stopped. Resolves true when a park was sent and accepted.
   */
  async parkIfBusy(): Promise<boolean> {
    if (this.phase === 'idle' || !this.o.devices.rotator) return false;
    this.current = null;
    this.target = null;
    this.o.onEvent?.({ event: 'station', phase: 'parking', pass: null, atMs: this.lastTimeMs });
    this.phase = 'parking';
    await this.park();
    return this.parked;
  }

  private async park(): Promise<void> {
    const rot = this.o.devices.rotator;
    const spec = this.o.devices.rotatorSpec;
    if (!rot || !spec) return;
    const r = await rot.setPosition(spec.park);
    if (r.ok) {
      this.parked = true;
      this.sentPosition = r.value.commanded;
      this.phase = 'idle';
      this.o.onEvent?.({ event: 'station', phase: 'idle', pass: null, atMs: this.lastTimeMs });
    }
  }

  private async tune(pass: ControlPass, t: number): Promise<void> {
    const { downlink, uplink } = this.o.devices;
    if (!pass.frequenciesAt || (!downlink && !uplink)) return;
    let f: DopplerTuning;
    try {
      f = pass.frequenciesAt(Math.max(t, pass.aosMs));
    } catch {
      return; // SGP4 failed at this instant: keep the last frequencies
    }
    this.frequencies = f;
    const split = uplink !== null && uplink === downlink;
    if (this.radioSetFor !== pass.key) {
      let ok = true;
      if (downlink && pass.downlinkMode) ok = (await downlink.setMode(pass.downlinkMode)).ok && ok;
      if (uplink && f.uplinkHz !== null) {
        if (split) {
          ok = (await uplink.setSplit(true, 'VFOB')).ok && ok;
          if (pass.uplinkMode) ok = (await uplink.setSplitMode(pass.uplinkMode)).ok && ok;
        } else if (pass.uplinkMode) {
          ok = (await uplink.setMode(pass.uplinkMode)).ok && ok;
        }
      }
      if (ok) this.radioSetFor = pass.key;
      this.sentDownHz = null;
      this.sentUpHz = null;
    }
    const step = this.s.minRetuneHz;
    const jobs: Promise<void>[] = [];
    if (downlink && f.downlinkHz !== null) {
      const hz = f.downlinkHz;
      if (this.sentDownHz === null || Math.abs(hz - this.sentDownHz) >= step) {
        jobs.push(
          downlink.setFrequency(hz).then((r) => {
            if (r.ok) this.sentDownHz = r.value;
          }),
        );
      }
    }
    if (uplink && f.uplinkHz !== null) {
      const hz = f.uplinkHz;
      if (this.sentUpHz === null || Math.abs(hz - this.sentUpHz) >= step) {
        const send = split ? uplink.setSplitFrequency(hz) : uplink.setFrequency(hz);
        jobs.push(
          send.then((r) => {
            if (r.ok) this.sentUpHz = r.value;
          }),
        );
      }
    }
    await Promise.all(jobs);
  }

  /**
   * Ticks every `intervalMs` of real time (the next tick waits for the last one's answers, so
   * ticks never pile up) until `stop`.
   */
  run(intervalMs = 1000): { stop: () => Promise<void> } {
    if (this.running) return this.running;
    let stopped = false;
    let wake: (() => void) | null = null;
    const loop = (async () => {
      while (!stopped) {
        try {
          await this.tick();
        } catch (error) {
          this.o.onEvent?.({
            event: 'station',
            error: error instanceof Error ? error.message : String(error),
          });
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, intervalMs).unref();
        });
      }
    })();
    this.running = {
      stop: async () => {
        stopped = true;
        (wake as (() => void) | null)?.();
        await loop;
        this.running = null;
      },
    };
    return this.running;
  }
}
