/**
 * A configured station's schedule over the catalog and the transmitter list, as objects and as
 * the JSON the API and the CLI print, and as iCalendar. Shared by the API and the CLI.
 */
import type { Catalog } from '../catalog/index.js';
import type { Transmitter } from '../catalog/transmitters/index.js';
import type { SliceOptions } from '../compute/slices.js';
import type { Orbit } from '../core/orbit/index.js';
import type { PassPoint } from '../core/passes/index.js';
import type { RotatorPlan } from '../core/station/rotator.js';
import type { RejectReason } from '../core/station/schedule.js';
import type { ObserverSettings, ObserversSettings } from '../fields/index.js';
import { compassPoint } from '../format/compass.js';
import { type IcsEvent, icsCalendar } from '../format/ics.js';
import { formatInstant, localParts } from '../format/time.js';
import type { RotatorPlanJson, StationPassJson, StationScheduleJson } from '../format/wire.js';
import {
  type PlanInput,
  planStation,
  planStationInSlices,
  type StationPass,
  type StationSchedule,
  type StationSpec,
} from './plan.js';
import type { StationSettings, StationsSettings } from './settings.js';

/** What planning a configured station reads of the configuration. */
export interface StationConfig {
  observers: ObserversSettings;
  stations?: StationsSettings;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** The named station does not exist in the configuration. */
export class UnknownStationError extends Error {
  override readonly name = 'UnknownStationError';
}

/** The station's spec from the configuration (observer, mask, rotator, satellites). */
export function stationSpec(config: StationConfig, name: string): StationSpec {
  const stations = config.stations ?? {};
  const s = Object.hasOwn(stations, name) ? stations[name] : undefined;
  if (!s) {
    const known = Object.keys(stations);
    throw new UnknownStationError(
      `no station "${name}"; known: ${known.length ? known.join(', ') : 'none'}`,
    );
  }
  const o = stationSite(config, s);
  return {
    name,
    observer: { latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt },
    minElevationDeg: o.minElevation,
    horizonMask:
      o.horizonMask?.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })) ?? null,
    rotator: s.rotator,
    turnaroundSeconds: s.turnaroundSeconds,
    satellites: s.satellites.map((sat) => ({
      noradId: sat.noradId,
      priority: sat.priority,
      transmitter: sat.transmitter,
      downlinkHz: sat.downlinkHz,
      minPeakElevationDeg: sat.minPeakElevation,
      minDurationSeconds: sat.minDurationSeconds,
    })),
  };
}

/** A station's site: its named observer's, or its own lat/lon (alt 0 and minElevation 0 by default). */
export function stationSite(config: StationConfig, s: StationSettings): ObserverSettings {
  if (s.observer !== undefined) {
    const o = config.observers[s.observer];
    if (!o)
      throw new UnknownStationError(`the station's observer "${s.observer}" is not configured`);
    return o;
  }
  return {
    lat: s.lat ?? 0,
    lon: s.lon ?? 0,
    alt: s.alt ?? 0,
    minElevation: s.minElevation ?? 0,
    horizonMask: s.horizonMask ?? null,
    timezone: s.timezone ?? null,
  };
}

/** The time zone of a station's site, or null (UTC). */
export function stationZone(config: StationConfig, name: string): string | null {
  const s = config.stations?.[name];
  if (!s) return null;
  try {
    return stationSite(config, s).timezone;
  } catch {
    return null;
  }
}

export interface ScheduleSources {
  catalog: Catalog;
  transmitter: (uuid: string) => Transmitter | undefined;
}

/** Plan a configured station over [startMs, endMs). */
export function scheduleStation(
  config: StationConfig,
  name: string,
  sources: ScheduleSources,
  window: { startMs: number; endMs: number },
): StationSchedule<Transmitter> {
  return planStation(planInput(config, name, sources, window));
}

/** `scheduleStation` yielding to the event loop between satellites (see `planStationInSlices`). */
export function scheduleStationInSlices(
  config: StationConfig,
  name: string,
  sources: ScheduleSources,
  window: { startMs: number; endMs: number },
  options: SliceOptions = {},
): Promise<StationSchedule<Transmitter>> {
  return planStationInSlices(planInput(config, name, sources, window), options);
}

function planInput(
  config: StationConfig,
  name: string,
  sources: ScheduleSources,
  window: { startMs: number; endMs: number },
): PlanInput<Transmitter> {
  return {
    station: stationSpec(config, name),
    startMs: window.startMs,
    endMs: window.endMs,
    orbit: (id): Orbit | undefined => {
      try {
        return sources.catalog.orbit(id);
      } catch {
        return undefined;
      }
    },
    transmitter: sources.transmitter,
  };
}

function pointJson(p: PassPoint | null, zone: string | null) {
  return p === null
    ? null
    : {
        time: formatInstant(p.timeMs, zone),
        azimuth: round(p.azimuthDeg, 2),
        elevation: round(p.elevationDeg, 2),
      };
}

function planJson(plan: RotatorPlan | null, zone: string | null): RotatorPlanJson | null {
  if (!plan) return null;
  const pos = (p: { azimuthDeg: number; elevationDeg: number }) => ({
    azimuth: round(p.azimuthDeg, 2),
    elevation: round(p.elevationDeg, 2),
  });
  return {
    mode: plan.mode,
    overTheTop: plan.overTheTop,
    start: pos(plan.start),
    end: pos(plan.end),
    moveFromPark: formatInstant(plan.moveFromParkMs, zone),
    travelFromParkSeconds: round(plan.travelFromParkSeconds, 1),
    maxPointingErrorDeg: round(plan.maxPointingErrorDeg, 2),
    warnings: plan.warnings.map((w) => ({
      kind: w.kind,
      from: formatInstant(w.fromMs, zone),
      to: formatInstant(w.toMs, zone),
      required: round(w.required, 2),
      limit: w.limit,
      message: w.message,
    })),
  };
}

function reasonJson(r: RejectReason, label: (key: string) => string = (k) => k) {
  switch (r.kind) {
    case 'below-min-peak':
      return {
        ...r,
        message: `peaks at ${r.maxElevationDeg.toFixed(1)}°, below the minimum of ${r.minPeakElevationDeg}°`,
      };
    case 'too-short':
      return {
        ...r,
        message: `lasts ${Math.round(r.durationSeconds)} s, less than the minimum of ${r.minDurationSeconds} s`,
      };
    case 'conflict':
      return { ...r, message: `conflicts with ${r.conflictsWith.map(label).join(', ')}` };
  }
}

/** One pass of a schedule as JSON (element age included, as every prediction). */
export function stationPassJson(
  p: StationPass<Transmitter>,
  catalog: Catalog,
  zone: string | null,
): StationPassJson {
  const entry = catalog.get(p.noradId, p.pass.tca.timeMs);
  return {
    key: p.key,
    noradId: p.noradId,
    name: entry?.name ?? '',
    priority: p.priority,
    aos: pointJson(p.pass.aos, zone),
    tca: pointJson(p.pass.tca, zone)!,
    los: pointJson(p.pass.los, zone),
    maxElevation: round(p.pass.maxElevationDeg, 2),
    durationSeconds: Math.round(p.pass.durationSeconds),
    elementsEpoch: entry?.elements.epochIso ?? null,
    elementsAgeDays: entry ? round(entry.ageDays, 2) : null,
    stale: entry?.stale ?? null,
    transmitter: p.transmitter
      ? {
          uuid: p.transmitter.uuid,
          description: p.transmitter.description,
          type: p.transmitter.type,
          mode: p.transmitter.mode,
          uplinkMode: p.transmitter.uplinkMode,
          invert: p.transmitter.invert,
          nominalDownlinkHz: p.tuning?.downlinkHz ?? null,
          nominalUplinkHz: p.tuning?.uplinkHz ?? null,
        }
      : null,
    rotator: planJson(p.rotator, zone),
  };
}

/** A whole schedule as JSON. */
export function scheduleJson(
  s: StationSchedule<Transmitter>,
  catalog: Catalog,
  zone: string | null,
): StationScheduleJson {
  const labels = new Map(
    s.scheduled.map((p) => [
      p.key,
      `${catalog.record(p.noradId)?.name ?? `NORAD ${p.noradId}`} (TCA ${formatInstant(p.pass.tca.timeMs, zone)})`,
    ]),
  );
  const label = (key: string) => labels.get(key) ?? key;
  return {
    station: s.station,
    start: formatInstant(s.startMs, zone),
    end: formatInstant(s.endMs, zone),
    totalPriority: round(s.totalPriority, 6),
    scheduled: s.scheduled.map((p) => stationPassJson(p, catalog, zone)),
    rejected: s.rejected.map((r) => ({
      ...stationPassJson(r.pass, catalog, zone),
      reason: reasonJson(r.reason, label),
    })),
    problems: s.problems,
  };
}

/** The scheduled passes as an iCalendar feed (one event per pass, AOS to LOS). */
export function scheduleIcs(
  s: StationSchedule<Transmitter>,
  catalog: Catalog,
  options: { generatedMs: number; zone: string | null },
): string {
  const events: IcsEvent[] = [];
  for (const p of s.scheduled) {
    const j = stationPassJson(p, catalog, options.zone);
    const start = p.pass.aos?.timeMs ?? s.startMs;
    const end = p.pass.los?.timeMs ?? s.endMs;
    const t = (ms: number) => localParts(ms, options.zone).time;
    const freq = j.transmitter
      ? [
          `Transmitter ${j.transmitter.description} (${j.transmitter.type}${j.transmitter.mode ? `, ${j.transmitter.mode}` : ''})`,
          ...(j.transmitter.nominalDownlinkHz !== null
            ? [`Downlink ${(j.transmitter.nominalDownlinkHz / 1e6).toFixed(4)} MHz`]
            : []),
          ...(j.transmitter.nominalUplinkHz !== null
            ? [`Uplink ${(j.transmitter.nominalUplinkHz / 1e6).toFixed(4)} MHz`]
            : []),
        ]
      : [];
    const rot = p.rotator
      ? [
          `Rotator ${p.rotator.mode}${p.rotator.overTheTop ? ' (over the top)' : ''}: start az ${p.rotator.start.azimuthDeg.toFixed(0)}° el ${p.rotator.start.elevationDeg.toFixed(0)}°, leave park at ${t(p.rotator.moveFromParkMs)}`,
          ...p.rotator.warnings.map((w) => w.message),
        ]
      : [];
    const description = [
      `AOS ${t(start)}, TCA ${t(p.pass.tca.timeMs)} el ${p.pass.maxElevationDeg.toFixed(1)}° ${compassPoint(p.pass.tca.azimuthDeg)}, LOS ${t(end)}`,
      `Priority ${p.priority}`,
      ...freq,
      ...rot,
      `Elements epoch ${j.elementsEpoch ?? 'unknown'}${j.stale ? ' (stale)' : ''}.`,
    ].join('\n');
    events.push({
      uid: `${p.noradId}-${Math.round(p.pass.tca.timeMs / 600_000)}-${s.station}@passwatch`,
      startMs: start,
      endMs: end,
      summary: `${j.name || `NORAD ${p.noradId}`} ${Math.round(p.pass.maxElevationDeg)}° ${compassPoint(p.pass.tca.azimuthDeg)}`,
      description,
      category: 'satellite pass',
      busy: true,
    });
  }
  return icsCalendar(
    { name: `passwatch station ${s.station}`, generatedMs: options.generatedMs, refreshHours: 1 },
    events,
  );
}

/**
 * The stations' schedules as the alerts' "scheduled passes only" filter reads them (which
 * satellite, TCA), planned over `view()` so stored stations count as soon as they are stored.
 */
export function stationSchedules(
  view: () => StationConfig,
  sources: ScheduleSources,
): {
  names(): string[];
  satellites(name: string): number[];
  scheduled(name: string, startMs: number, endMs: number): { noradId: number; tcaMs: number }[];
} {
  return {
    names: () => Object.keys(view().stations ?? {}),
    satellites: (name) => stationSpec(view(), name).satellites.map((s) => s.noradId),
    scheduled: (name, startMs, endMs) =>
      scheduleStation(view(), name, sources, { startMs, endMs }).scheduled.map((p) => ({
        noradId: p.noradId,
        tcaMs: p.pass.tca.timeMs,
      })),
  };
}
