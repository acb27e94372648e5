/**
 * `StationControl`: every station whose `control.enabled` is set, configured or stored through
 * the API, driven beside the server, each by its own `StationRuntime`; it follows the registry's
 * changes and restarts, re-plans or stops only the station that changed.
 */
import type { ConnectionStatus } from './hamlib/index.js';
import { StationRuntime, type StationRuntimeOptions } from './runtime.js';
import type { StationConfig } from './service.js';
import type { StationSettings } from './settings.js';

/** Counters per station and daemon for /metrics. */
export interface StationMetric {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  value: number;
  labels: Record<string, string>;
}

/** Where `StationControl` reads its stations: the registry (`Stations`) or a fixed set. */
export interface StationSource {
  /** Every station, configured and stored, as the planner reads them. */
  view(): StationConfig;
  /** Called after a station is created, replaced or deleted; returns the unsubscribe. */
  onChange?(listener: () => void): () => void;
}

export type StationControlOptions = Omit<StationRuntimeOptions, 'name' | 'config'> & {
  stations: StationSource;
};

/** What a change of these settings needs: a new runtime (its daemons, limits or loop change). */
const driveKey = (s: StationSettings) =>
  JSON.stringify({ rotator: s.rotator, radio: s.radio, control: s.control });

interface Driven {
  runtime: StationRuntime;
  settings: string;
  drive: string;
}

/**
 * Every station with `control.enabled`, configured or stored through the API, driven beside the
 * server. It follows the stations: one created or enabled is started, one deleted or disabled is
 * stopped (its rotator parked if it was working a pass), one whose daemons, rotator or control
 * settings change gets a new runtime, and one whose satellites or site change is planned again;
 * the other stations are left as they are.
 */
export class StationControl {
  private readonly runtimes = new Map<string, Driven>();
  /** Enabled stations that could not be started, with why. */
  private readonly failed = new Map<string, string>();
  private unsubscribe: (() => void) | null = null;
  /** Syncs run one after another (a restart awaits the old runtime's stop). */
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(private readonly o: StationControlOptions | null) {}

  /**
   * Starts the control of every enabled station (none: an empty set) and follows the changes
   * of `stations`. A station whose daemons are down is still started: its connections retry
   * with backoff.
   */
  static start(options: StationControlOptions): StationControl {
    const control = new StationControl(options);
    control.unsubscribe = options.stations.onChange?.(() => void control.sync()) ?? null;
    // Nothing runs yet, so the first sync starts every enabled station before it returns.
    control.queue = control.syncNow().catch((error) => control.failure(error));
    return control;
  }

  /** A set of runtimes already made (and started or ticked by the caller). */
  static of(runtimes: readonly StationRuntime[]): StationControl {
    const control = new StationControl(null);
    for (const r of runtimes) control.runtimes.set(r.name, { runtime: r, settings: '', drive: '' });
    return control;
  }

  /**
   * Brings the runtimes in line with the stations now; resolves once the stations that changed
   * are stopped and their successors started.
   */
  sync(): Promise<void> {
    this.queue = this.queue.then(() => this.syncNow()).catch((error) => this.failure(error));
    return this.queue;
  }

  private failure(error: unknown): void {
    this.o?.onEvent?.({ event: 'error', where: 'station control', message: messageOf(error) });
  }

  private async syncNow(): Promise<void> {
    const o = this.o;
    if (!o || this.stopped) return;
    const view = o.stations.view();
    const wanted = new Map(
      Object.entries(view.stations ?? {}).filter(([, s]) => s.control.enabled),
    );
    for (const [name, driven] of [...this.runtimes]) {
      const s = wanted.get(name);
      if (s && driveKey(s) === driven.drive) continue;
      this.runtimes.delete(name);
      // A station no longer driven parks its rotator if it was working a pass; a restarted one
      // is taken over by its successor (which parks or prepositions on its first tick).
      await driven.runtime.stop({ park: !s });
      o.onEvent?.({
        event: 'station-control',
        station: name,
        action: s ? 'restarting' : 'stopped',
      });
    }
    for (const name of [...this.failed.keys()]) if (!wanted.has(name)) this.failed.delete(name);
    for (const [name, s] of wanted) {
      if (this.stopped) return;
      const settings = JSON.stringify(s);
      const driven = this.runtimes.get(name);
      if (driven) {
        if (driven.settings === settings) continue;
        driven.runtime.replan(view);
        driven.settings = settings;
        continue;
      }
      try {
        const runtime = new StationRuntime({ ...o, config: view, name });
        runtime.start();
        this.runtimes.set(name, { runtime, settings, drive: driveKey(s) });
        this.failed.delete(name);
        o.onEvent?.({ event: 'station-control', station: name, action: 'started' });
      } catch (error) {
        this.failed.set(name, messageOf(error));
        o.onEvent?.({
          event: 'error',
          where: `station ${name} control`,
          message: messageOf(error),
        });
      }
    }
  }

  get(name: string): StationRuntime | undefined {
    return this.runtimes.get(name)?.runtime;
  }

  /** Why an enabled station is not driven (its runtime could not be made), or undefined. */
  problem(name: string): string | undefined {
    return this.failed.get(name);
  }

  get size(): number {
    return this.runtimes.size;
  }

  /** Commands, errors, reconnects and connection state per station and daemon. */
  metrics(): StationMetric[] {
    const out: StationMetric[] = [];
    const series: [string, string, 'counter' | 'gauge', (c: ConnectionStatus) => number][] = [
      [
        'passwatch_station_commands_total',
        'Commands sent to a station daemon.',
        'counter',
        (c) => c.commandsSent,
      ],
      [
        'passwatch_station_command_errors_total',
        'Commands a station daemon refused, timed out or could not take (daemon down).',
        'counter',
        (c) => c.commandErrors,
      ],
      [
        'passwatch_station_reconnects_total',
        'Connections to a station daemon established after the first.',
        'counter',
        (c) => Math.max(0, c.connects - 1),
      ],
      [
        'passwatch_station_daemon_connected',
        '1 while the connection to a station daemon is up, else 0.',
        'gauge',
        (c) => (c.state === 'connected' ? 1 : 0),
      ],
    ];
    for (const [metric, help, type, value] of series) {
      for (const { runtime: r } of this.runtimes.values()) {
        for (const c of r.connections()) {
          out.push({
            name: metric,
            help,
            type,
            value: value(c),
            labels: { station: r.name, daemon: c.name },
          });
        }
      }
    }
    return out;
  }

  /** Stops following the stations and stops every runtime. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.queue;
    const all = [...this.runtimes.values()];
    this.runtimes.clear();
    await Promise.all(all.map((d) => d.runtime.stop()));
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
