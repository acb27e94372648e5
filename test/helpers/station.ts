/**
 * A station's world for planning tests and the station benchmark: the satellites of a TLE file
 * as orbits, the bundled SatNOGS transmitter list, and a station at 52N 5E with a 0-450 degree
 * azimuth rotator turning at 6 deg/s.
 */
import { readFileSync } from 'node:fs';
import { readBundledTransmitters, type Transmitter } from '../../src/catalog/transmitters/index.js';
import { type ElementSet, parseTle } from '../../src/core/elements/index.js';
import { Orbit } from '../../src/core/orbit/index.js';
import type { PlanInput, StationSpec } from '../../src/station/plan.js';

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
