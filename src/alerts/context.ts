/** What the parts of the alerts service share: the store, settings, clock and log. */
import type { Catalog } from '../catalog/index.js';
import type { ObserversSettings } from '../fields/index.js';
import type { AddressPolicy } from './address.js';
import type { MqttBridge } from './mqtt.js';
import type { AlertsSettings } from './settings.js';
import type { StationSchedules } from './station-filter.js';
import type { AlertStore } from './store.js';

export type Log = (event: { event: string } & Record<string, unknown>) => void;

export interface AlertsContext {
  store: AlertStore;
  settings: AlertsSettings;
  observers: ObserversSettings;
  catalog: Catalog;
  clock: () => number;
  log: Log;
  policy: AddressPolicy;
  mqtt: MqttBridge | null;
  /** Radio stations (the `station` filter); null when the server plans none. */
  stations: StationSchedules | null;
}
