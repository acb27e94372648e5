/**
 * Every station: those of the configuration (read-only) and those created through the API, kept
 * in the station database. `view()` merges them into the shape the planner reads, so schedules,
 * `/track?station=`, the CLI and the alert filter treat both alike.
 */
import { mkdirSync } from 'node:fs';
import { nominalTuning } from '../core/radio/index.js';
import { OBSERVER_NAME } from '../fields/index.js';
import type { PlanTransmitter } from './plan.js';
import type { StationConfig } from './service.js';
import { type StationSettings, type StationsSettings, stationSettings } from './settings.js';
import { StationStore, stationStorePath } from './store.js';

export type StationOwner = 'config' | 'api';

/** One station with where it comes from. */
export interface StationEntry {
  name: string;
  owner: StationOwner;
  settings: StationSettings;
  /** API stations: when created and last replaced, epoch ms; null for config stations. */
  createdMs: number | null;
  updatedMs: number | null;
}

/** One bad field of a station body: dotted path and what to do. */
export interface StationFieldProblem {
  field: string;
  message: string;
}

/** A station request that cannot be done; `status` and `slug` are the HTTP problem's. */
export class StationRequestError extends Error {
  override readonly name = 'StationRequestError';
  constructor(
    readonly status: 400 | 404 | 409,
    readonly slug: string,
    message: string,
    readonly problems: StationFieldProblem[] = [],
  ) {
    super(message);
  }
}

/** What a new or replaced station is checked against besides its schema. */
export interface StationChecks {
  /** A SatNOGS transmitter by uuid, when the server has the list. */
  transmitter?: (uuid: string) => PlanTransmitter | undefined;
  /** Is this NORAD id in the catalog? */
  hasSatellite?: (noradId: number) => boolean;
}

export class Stations {
  private cache: { version: number; entries: Map<string, StationEntry> } | null = null;
  private writes = 0;
  /** Stored bodies that no longer pass the schema (e.g. their observer left the config). */
  private invalid = new Map<string, string>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly config: StationConfig,
    private readonly store: StationStore | null,
  ) {}

  /** Configured and stored stations together, as the planner reads them. */
  view(): StationConfig {
    const stations: StationsSettings = {};
    for (const e of this.entries().values()) stations[e.name] = e.settings;
    return { observers: this.config.observers, stations };
  }

  list(): StationEntry[] {
    return [...this.entries().values()];
  }

  get(name: string): StationEntry | undefined {
    return this.entries().get(name);
  }

  /**
   * Calls `listener` after each station this object creates, replaces or deletes (the driven
   * stations follow the stored ones through it); returns the unsubscribe function.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.writes++;
    for (const listener of [...this.listeners]) listener();
  }

  /** Stored stations that could not be read back, with why (kept in the database as they are). */
  problems(): { name: string; message: string }[] {
    this.entries();
    return [...this.invalid].map(([name, message]) => ({ name, message }));
  }

  /**
   * Create or replace an API station from a body that passed `stationSettings`; `body` is kept
   * as given. Checks the observer, transmitters and satellites.
   *
   * @throws StationRequestError 409 for a config station, 400 naming each bad field.
   */
  put(
    name: string,
    body: unknown,
    settings: StationSettings,
    checks: StationChecks,
    nowMs: number,
  ): { created: boolean; entry: StationEntry } {
    const store = this.writable(name);
    const problems = this.check(settings, checks);
    if (problems.length > 0) {
      throw new StationRequestError(
        400,
        'invalid-station',
        problems.map((p) => `${p.field}: ${p.message}`).join('; '),
        problems,
      );
    }
    const created = store.put(name, body, nowMs);
    this.changed();
    return { created, entry: this.get(name)! };
  }

  /**
   * Delete an API station.
   *
   * @throws StationRequestError 409 for a config station, 404 for an unknown one.
   */
  delete(name: string): void {
    const store = this.writable(name);
    if (!store.delete(name)) {
      throw new StationRequestError(404, 'unknown-station', `no station "${name}"`, [
        { field: 'name', message: `no station "${name}"` },
      ]);
    }
    this.changed();
  }

  private writable(name: string): StationStore {
    const configured = this.config.stations ?? {};
    if (Object.hasOwn(configured, name)) {
      const message = `station "${name}" is defined in the configuration file, which the API cannot change; edit the configuration, or use another name`;
      throw new StationRequestError(409, 'station-in-config', message, [
        { field: 'name', message },
      ]);
    }
    if (!this.store) {
      throw new StationRequestError(409, 'no-station-store', 'this server stores no stations');
    }
    return this.store;
  }

  private check(s: StationSettings, checks: StationChecks): StationFieldProblem[] {
    const out: StationFieldProblem[] = [];
    if (s.observer !== undefined && !Object.hasOwn(this.config.observers, s.observer)) {
      const known = Object.keys(this.config.observers);
      out.push({
        field: 'observer',
        message: `no observer named "${s.observer}" in the configuration (${known.join(', ') || 'none configured'}); or give the station's own lat and lon`,
      });
    }
    const seen = new Set<number>();
    s.satellites.forEach((sat, i) => {
      if (seen.has(sat.noradId)) {
        out.push({ field: `satellites.${i}.noradId`, message: `${sat.noradId} is listed twice` });
      }
      seen.add(sat.noradId);
      if (checks.hasSatellite && !checks.hasSatellite(sat.noradId)) {
        out.push({
          field: `satellites.${i}.noradId`,
          message: `${sat.noradId} is not in the catalog; search with GET /v1/satellites?search=`,
        });
      }
      if (sat.transmitter === null) {
        if (sat.downlinkHz !== null) {
          out.push({
            field: `satellites.${i}.downlinkHz`,
            message: 'downlinkHz picks a point in a transponder passband: give a transmitter too',
          });
        }
        return;
      }
      if (!checks.transmitter) return;
      const t = checks.transmitter(sat.transmitter);
      if (!t || t.noradId !== sat.noradId) {
        out.push({
          field: `satellites.${i}.transmitter`,
          message: t
            ? `transmitter ${sat.transmitter} belongs to NORAD ${t.noradId}, not ${sat.noradId}`
            : `unknown transmitter ${sat.transmitter}; list them with GET /v1/satellites/${sat.noradId}/transmitters`,
        });
        return;
      }
      try {
        nominalTuning(t, sat.downlinkHz ?? undefined);
      } catch (error) {
        out.push({
          field: `satellites.${i}.${sat.downlinkHz !== null ? 'downlinkHz' : 'transmitter'}`,
          message: (error as Error).message,
        });
      }
    });
    return out;
  }

  private entries(): Map<string, StationEntry> {
    const version = this.store ? this.store.dataVersion() * 1_000_000 + this.writes : 0;
    if (this.cache && this.cache.version === version) return this.cache.entries;
    const entries = new Map<string, StationEntry>();
    const invalid = new Map<string, string>();
    for (const [name, settings] of Object.entries(this.config.stations ?? {})) {
      entries.set(name, { name, owner: 'config', settings, createdMs: null, updatedMs: null });
    }
    for (const row of this.store?.list() ?? []) {
      if (entries.has(row.name)) {
        invalid.set(row.name, 'a station of the configuration has the same name and hides it');
        continue;
      }
      const parsed = stationSettings.safeParse(row.body);
      const observer = parsed.success ? parsed.data.observer : undefined;
      if (!parsed.success || !OBSERVER_NAME.test(row.name)) {
        invalid.set(
          row.name,
          parsed.success
            ? 'not a valid station name'
            : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      } else if (observer !== undefined && !Object.hasOwn(this.config.observers, observer)) {
        invalid.set(row.name, `its observer "${observer}" is no longer in the configuration`);
      } else {
        entries.set(row.name, {
          name: row.name,
          owner: 'api',
          settings: parsed.data,
          createdMs: row.createdMs,
          updatedMs: row.updatedMs,
        });
      }
    }
    this.cache = { version, entries };
    this.invalid = invalid;
    return entries;
  }
}

/**
 * The stations of a configuration with those stored in its data directory (created if missing);
 * `close` closes the station database.
 */
export function openStations(config: StationConfig & { dataDir: string }): {
  stations: Stations;
  close: () => void;
} {
  // Private when passwatch creates it: the data directory also holds webhook secrets.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const store = StationStore.open(stationStorePath(config.dataDir));
  return {
    stations: new Stations({ observers: config.observers, stations: config.stations ?? {} }, store),
    close: () => store.close(),
  };
}
