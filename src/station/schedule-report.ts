/**
 * A station's schedule (configured, or stored through the API) from the stored catalog (the
 * `passwatch schedule` command).
 */
import { type CatalogConfig, withStoredCatalog } from '../catalog/service/index.js';
import { openStations } from './registry.js';
import {
  type StationConfig,
  scheduleJson,
  scheduleStation,
  stationSpec,
  stationZone,
} from './service.js';

const DAY_MS = 86_400_000;

/** The JSON of `passwatch schedule --json` (and the table's input). */
export type ScheduleReport = ReturnType<typeof scheduleJson>;

/**
 * A configured station's schedule from the stored catalog and transmitter list; fetches
 * nothing. `startMs` defaults to the current minute.
 *
 * @throws UnknownStationError
 */
export function stationScheduleReport(
  config: StationConfig & CatalogConfig,
  name: string,
  window: { startMs?: number; days: number },
  clock: () => number,
): ScheduleReport {
  const stationDb = openStations(config);
  try {
    return report(stationDb.stations.view(), config, name, window, clock);
  } finally {
    stationDb.close();
  }
}

function report(
  stations: StationConfig,
  config: CatalogConfig,
  name: string,
  window: { startMs?: number; days: number },
  clock: () => number,
): ScheduleReport {
  stationSpec(stations, name);
  return withStoredCatalog({ config, clock }, ({ catalog, transmitters }) => {
    const startMs = window.startMs ?? Math.floor(clock() / 60_000) * 60_000;
    const schedule = scheduleStation(
      stations,
      name,
      { catalog, transmitter: (uuid) => transmitters.get(uuid) },
      { startMs, endMs: startMs + window.days * DAY_MS },
    );
    return scheduleJson(schedule, catalog, stationZone(stations, name));
  });
}
