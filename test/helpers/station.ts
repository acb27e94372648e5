/**
 * Stations for tests and the station benchmark: a station's world (the satellites of a TLE file
 * as orbits, the bundled SatNOGS transmitter list), a station at 52N 5E with a 0-450 degree
 * azimuth rotator turning at 6 deg/s, and the settings and configuration files of stations
 * working the ISS, driven through hamlib's daemons or not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBundledTransmitters, type Transmitter } from '../../src/catalog/transmitters/index.js';
import { type ElementSet, parseTle } from '../../src/core/elements/index.js';
import { Orbit } from '../../src/core/orbit/index.js';
import type { PlanInput, StationSpec } from '../../src/station/plan.js';
import { tempDir } from '../catalog/helpers.js';

export interface StationWorld {
  elements: ElementSet[];
  orbits: Map<number, Orbit>;
  transmitters: Transmitter[];
  /** `planStation`'s input for `station` over [startMs, endMs) in this world. */
  input(station: StationSpec, startMs: number, endMs: number): PlanInput<Transmitter>;
}

/** The satellites of the TLE file at `tleUrl` and the bundled transmitter list. */
export function stationWorld(tleUrl: URL): StationWorld {
  const { elements } = parseTle(readFileSync(tleUrl, 'utf8'), tleUrl.pathname);
  const orbits = new Map(elements.map((e) => [e.noradId, new Orbit(e)]));
  const transmitters = readBundledTransmitters().transmitters;
  const byUuid = new Map(transmitters.map((t) => [t.uuid, t]));
  return {
    elements,
    orbits,
    transmitters,
    input: (station, startMs, endMs) => ({
      station,
      startMs,
      endMs,
      orbit: (id) => orbits.get(id),
      transmitter: (uuid) => byUuid.get(uuid),
    }),
  };
}

/** A station at 52N 5E, its rotator 0-450 deg in azimuth at 6 deg/s, 60 s between passes. */
export function station52N(o: {
  name: string;
  altitudeM: number;
  elevationMaxDeg: number;
  parkElevationDeg: number;
  satellites: StationSpec['satellites'];
}): StationSpec {
  return {
    name: o.name,
    observer: { latitudeDeg: 52, longitudeDeg: 5, altitudeM: o.altitudeM },
    minElevationDeg: 0,
    horizonMask: null,
    rotator: {
      azimuthMinDeg: 0,
      azimuthMaxDeg: 450,
      elevationMinDeg: 0,
      elevationMaxDeg: o.elevationMaxDeg,
      azimuthRateDegS: 6,
      elevationRateDegS: 6,
      park: { azimuthDeg: 0, elevationDeg: o.parkElevationDeg },
    },
    turnaroundSeconds: 60,
    satellites: o.satellites,
  };
}

/** The ISS FM repeater in the bundled SatNOGS list (437.800 MHz down, 145.990 MHz up). */
export const ISS_FM = 'eozSf5mKyzNxoascs8V4bV';
export const ISS_FM_NOMINAL = { downlinkHz: 437_800_000, uplinkHz: 145_990_000 };

/** A daemon's address as a station's settings name it. */
export const daemonAt = (d: { port: number }) => ({ host: '127.0.0.1', port: d.port });

/**
 * A station's settings at the observer `home` working the ISS FM repeater, with a 0-450° rotator
 * at 6°/s; driven through `rotctld`/`rigctld` (split on one radio) when they are given.
 */
export function issStation(
  o: {
    rotctld?: { port: number };
    rigctld?: { port: number };
    control?: Record<string, unknown>;
  } = {},
) {
  return {
    observer: 'home',
    rotator: {
      azimuthMaxDeg: 450,
      azimuthRateDegS: 6,
      elevationRateDegS: 6,
      ...(o.rotctld ? { daemon: daemonAt(o.rotctld) } : {}),
    },
    ...(o.rigctld ? { radio: { downlink: daemonAt(o.rigctld), uplink: 'split' } } : {}),
    ...(o.control ? { control: o.control } : {}),
    satellites: [{ noradId: 25544, priority: 1, transmitter: ISS_FM }],
  };
}

/** Writes `config` as a passwatch configuration file in a new temporary directory. */
export function configFile(config: object): string {
  const file = join(tempDir(), 'config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}
