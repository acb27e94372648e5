/**
 * A station driven during its scheduled passes: its hamlib clients (from `rotator.daemon` and
 * `radio` in the station's settings), the control loop over the schedule (planned `planHours`
 * ahead, again when the catalog changes and when half of that has passed), its status and its
 * counters. `StationControl` (`control-set.ts`) runs every station whose `control.enabled` is set,
 * beside the server; `passwatch station run` runs one on a simulated clock.
 */
import type { Catalog } from '../catalog/index.js';
import type { Transmitter } from '../catalog/transmitters/index.js';
import {
  type ControlClock,
  type ControlDevices,
  type ControlPass,
  type ControlSettings,
  type ControlTick,
  controlPass,
  StationController,
} from './control.js';
import {
  CommandLog,
  type CommandLogEntry,
  type ConnectionStatus,
  RigctldClient,
  RotctldClient,
} from './hamlib/index.js';
import { type StationConfig, scheduleStation, stationSpec } from './service.js';
import type { StationSettings } from './settings.js';

const HOUR_MS = 3_600_000;
/** The plan starts this far back, so that a pass under way at start-up keeps its AOS. */
const LOOK_BACK_MS = 30 * 60_000;

/** The station exists but has no daemon to drive (neither `rotator.daemon` nor `radio`). */
export class NoDaemonError extends Error {
  override readonly name = 'NoDaemonError';
}

export interface StationRuntimeOptions {
  config: StationConfig;
  name: string;
  catalog: Catalog;
  transmitter: (uuid: string) => Transmitter | undefined;
  /** The control loop's time: the real clock, or a simulated one. */
  clock: ControlClock;
  /** Entries kept in the command log (default 1000). */
  logCapacity?: number;
  /** Phase changes, plans, connection changes; for the process log. */
  onEvent?: (event: { event: string } & Record<string, unknown>) => void;
  /** After each tick of the loop (`passwatch station run --json`). */
  onTick?: (tick: ControlTick) => void;
  /** Connection backoff (tests shorten it). */
  backoff?: ConstructorParameters<typeof RotctldClient>[0]['backoff'];
}

/** The loop's settings from the station's `control` section. */
export function controlSettingsOf(s: StationSettings): ControlSettings {
  return {
    rotatorIntervalSeconds: s.control.rotatorIntervalSeconds,
    rotatorThresholdDeg: s.control.rotatorThresholdDeg,
    minRetuneHz: s.control.retuneStepHz,
    prepositionMarginSeconds: s.control.prepositionMarginSeconds,
    radioLeadSeconds: s.control.radioLeadSeconds,
    readBack: true,
  };
}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString();

function connectionJson(c: ConnectionStatus) {
  return {
    name: c.name,
    host: c.host,
    port: c.port,
    state: c.state,
    lastError: c.lastError,
    failedAttempts: c.failedAttempts,
    nextAttempt: iso(c.nextAttemptMs),
    connects: c.connects,
    reconnects: Math.max(0, c.connects - 1),
    commandsSent: c.commandsSent,
    commandsOk: c.commandsOk,
    commandErrors: c.commandErrors,
  };
}

const deg = (x: number) => Math.round(x * 100) / 100;
const position = (p: { azimuthDeg: number; elevationDeg: number } | null) =>
  p && { azimuth: deg(p.azimuthDeg), elevation: deg(p.elevationDeg) };

/** One station's hamlib clients, control loop and schedule. */
export class StationRuntime {
  readonly name: string;
  readonly log: CommandLog;
  readonly controller: StationController;
  readonly devices: ControlDevices;
  private config: StationConfig;
  private settings: StationSettings;
  private readonly clients: (RotctldClient | RigctldClient)[] = [];
  private plannedAtMs: number | null = null;
  private plannedUntilMs: number | null = null;
  private planProblems: { noradId: number; message: string }[] = [];
  private running: { stop: () => Promise<void> } | null = null;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | null = null;
  private replanQueued = false;

  /** @throws UnknownStationError, NoDaemonError */
  constructor(private readonly o: StationRuntimeOptions) {
    this.name = o.name;
    const spec = stationSpec(o.config, o.name);
    this.config = o.config;
    this.settings = o.config.stations![o.name]!;
    const s = this.settings;
    if (!s.rotator?.daemon && !s.radio) {
      throw new NoDaemonError(
        `station "${o.name}" has no daemon to drive: set its rotator.daemon (rotctld) and/or radio.downlink (rigctld)`,
      );
    }
    this.log = new CommandLog(o.logCapacity ?? 1000, () => o.clock.now());
    const common = {
      log: this.log,
      commandTimeoutMs: s.control.commandTimeoutSeconds * 1000,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      onEvent: (e: Record<string, unknown>) =>
        o.onEvent?.({ ...e, event: 'hamlib', station: o.name }),
    };
    let rotator: RotctldClient | null = null;
    if (s.rotator?.daemon && spec.rotator) {
      rotator = new RotctldClient({
        ...common,
        ...s.rotator.daemon,
        name: 'rotator',
        limits: spec.rotator,
      });
      this.clients.push(rotator);
    }
    let downlink: RigctldClient | null = null;
    let uplink: RigctldClient | null = null;
    if (s.radio) {
      const split = s.radio.uplink === 'split';
      downlink = new RigctldClient({
        ...common,
        ...s.radio.downlink,
        name: split ? 'radio' : 'downlink',
      });
      this.clients.push(downlink);
      if (split) uplink = downlink;
      else if (s.radio.uplink !== null && s.radio.uplink !== 'split') {
        uplink = new RigctldClient({ ...common, ...s.radio.uplink, name: 'uplink' });
        this.clients.push(uplink);
      }
    }
    this.devices = { rotator, rotatorSpec: spec.rotator, downlink, uplink };
    this.controller = new StationController({
      devices: this.devices,
      clock: o.clock,
      settings: controlSettingsOf(s),
      onEvent: (e) => o.onEvent?.({ ...e, station: o.name }),
      ...(o.onTick ? { onTick: o.onTick } : {}),
    });
  }

  /** The control settings in force. */
  get control(): StationSettings['control'] {
    return this.settings.control;
  }

  /** Plans `planHours` ahead from the clock's time and hands the passes to the loop. */
  plan(): ControlPass[] {
    const now = this.o.clock.now();
    const endMs = now + this.settings.control.planHours * HOUR_MS;
    const spec = stationSpec(this.config, this.name);
    const schedule = scheduleStation(
      this.config,
      this.name,
      { catalog: this.o.catalog, transmitter: this.o.transmitter },
      { startMs: now - LOOK_BACK_MS, endMs },
    );
    const passes: ControlPass[] = [];
    for (const p of schedule.scheduled) {
      const orbit = this.o.catalog.orbit(p.noradId);
      if (orbit) passes.push(controlPass(p, orbit, spec.observer));
    }
    this.controller.setPasses(passes);
    this.plannedAtMs = now;
    this.plannedUntilMs = endMs;
    this.planProblems = schedule.problems;
    this.o.onEvent?.({
      event: 'station-plan',
      station: this.name,
      passes: passes.length,
      from: iso(now),
      to: iso(endMs),
      problems: schedule.problems.length,
    });
    return passes;
  }

  /**
   * Takes a station's new settings that change only what is planned (its satellites, site or
   * turnaround; not its daemons, rotator or control settings, which need a new runtime) and
   * plans again. A pass under way is kept to its LOS.
   *
   * @throws UnknownStationError when `config` no longer has the station.
   */
  replan(config: StationConfig): void {
    stationSpec(config, this.name);
    this.config = config;
    this.settings = config.stations![this.name]!;
    if (this.running) this.safePlan();
  }

  /** Re-plans when half of the planned window has passed. */
  private replanIfDue(): void {
    if (this.plannedAtMs === null) return;
    const half = (this.settings.control.planHours * HOUR_MS) / 2;
    if (this.o.clock.now() - this.plannedAtMs >= half) this.safePlan();
  }

  private safePlan(): void {
    try {
      this.plan();
    } catch (error) {
      this.o.onEvent?.({
        event: 'error',
        where: `station ${this.name} plan`,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Plans and runs the loop every `updateSeconds` of real time divided by `speed` (a simulation's
   * acceleration), re-planning when the catalog changes and when the plan is half used. Never
   * blocks: the loop awaits the daemons' answers, the planning is a short synchronous step.
   */
  start(options: { speed?: number } = {}): void {
    if (this.running) return;
    this.safePlan();
    for (const c of this.clients) c.start();
    const speed = options.speed ?? 1;
    const intervalMs = Math.max(50, (this.settings.control.updateSeconds * 1000) / speed);
    this.running = this.controller.run(intervalMs);
    this.unsubscribe = this.o.catalog.onChange(() => {
      // Several sources can commit in a row: plan once after them.
      if (this.replanQueued) return;
      this.replanQueued = true;
      const t = setTimeout(() => {
        this.replanQueued = false;
        this.safePlan();
      }, 1000);
      t.unref();
      this.timers.push(t);
    });
    const check = setInterval(() => this.replanIfDue(), Math.max(250, 60_000 / speed));
    check.unref();
    this.timers.push(check);
  }

  /** Stops the loop (waiting for the commands under way) and closes the daemons' connections. */
  /**
   * Stops the loop and closes the daemons' connections. With `park`, a rotator that was working a
   * pass is first sent to its park position (a station deleted or disabled mid-pass).
   */
  async stop(options: { park?: boolean } = {}): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await this.running?.stop();
    this.running = null;
    if (options.park) await this.controller.parkIfBusy();
    await Promise.all(this.clients.map((c) => c.close()));
  }

  /** Each daemon's connection status, by name (`rotator`, `radio` or `downlink`/`uplink`). */
  connections(): ConnectionStatus[] {
    return this.clients.map((c) => c.connection.status());
  }

  /** The status as the API answers it, with the newest `logLimit` command log entries. */
  statusJson(logLimit = 50) {
    const st = this.controller.status();
    const name = (id: number) => this.o.catalog.record(id)?.name ?? '';
    const pass = (p: typeof st.pass) =>
      p && {
        key: p.key,
        noradId: p.noradId,
        name: name(p.noradId),
        aos: iso(p.aosMs),
        los: iso(p.losMs),
      };
    const radio = (r: typeof st.downlink, tx: boolean, targetHz: number | null) =>
      r && {
        targetHz: targetHz === null ? null : Math.round(targetHz),
        commandedHz: tx ? r.commandedTxHz : r.commandedHz,
        reportedHz: tx ? r.reportedTxHz : r.reportedHz,
        connection: connectionJson(r),
      };
    const split = this.devices.uplink !== null && this.devices.uplink === this.devices.downlink;
    return {
      station: this.name,
      enabled: true,
      phase: st.phase,
      time: iso(st.timeMs ?? this.o.clock.now()),
      tracking: pass(st.pass),
      next: pass(st.next),
      rotator: st.rotator && {
        target: position(st.target),
        commanded: position(st.rotator.commanded),
        reported: position(st.rotator.reported),
        clampedCommands: st.rotator.clampedCommands,
        connection: connectionJson(st.rotator),
      },
      downlink: radio(st.downlink, false, st.frequencies?.downlinkHz ?? null),
      uplink: radio(st.uplink, split, st.frequencies?.uplinkHz ?? null),
      split,
      plan: {
        planned: iso(this.plannedAtMs),
        until: iso(this.plannedUntilMs),
        passes: this.controller.plannedPasses.length,
        problems: this.planProblems,
      },
      log: this.log.entries({ limit: logLimit }).map(logEntryJson),
      logTotal: this.log.total,
    };
  }
}

/** A command log entry as JSON (time as ISO 8601). */
export function logEntryJson(e: CommandLogEntry) {
  const { timeMs, ...rest } = e;
  return { time: new Date(timeMs).toISOString(), ...rest };
}
