/** Subscriptions, events and deliveries as the API shows them (never with a secret). */
import { formatInstant } from '../format/time.js';
import type { MqttBridge } from './mqtt.js';
import { decodePass } from './pass-record.js';
import type { SubscriptionSpec } from './spec.js';
import type { AlertStore, DeliveryRow, EventRow, SubscriptionRow } from './store.js';

export const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms));

/** A subscription as the API shows it (never with its secret). */
export interface SubscriptionView {
  id: string;
  owner: 'api' | 'config';
  name: string | null;
  observer: SubscriptionSpec['observer'];
  horizonMask: SubscriptionSpec['horizonMask'];
  satellites: number[];
  groups: string[];
  minPeakElevation: number;
  visibleOnly: boolean;
  maxMagnitude: number | null;
  timeWindow: SubscriptionSpec['timeWindow'];
  events: SubscriptionSpec['events'];
  webhook: { url: string }[];
  mqtt: boolean;
  /** Only the passes this radio station's schedule works, or null. */
  station: string | null;
  mqttTopic: string | null;
  enabled: boolean;
  revision: number;
  created: string;
  updated: string;
  /** The next planned events (at most 10). */
  upcoming: EventView[];
}

export interface EventView {
  type: string;
  noradId: number;
  pass: string;
  revolution: number | null;
  due: string;
  state: string;
  fired: string | null;
  leadMinutes: number | null;
  aos: string | null;
  tca: string | null;
  los: string | null;
  maxElevation: number | null;
}

export interface DeliveryView {
  id: string;
  type: string;
  kind: 'webhook' | 'mqtt';
  target: string;
  state: string;
  attempts: number;
  maxAttempts: number;
  due: string;
  created: string;
  finished: string | null;
  nextAttempt: string | null;
  statusCode: number | null;
  error: string | null;
  log: {
    attempt: number;
    at: string;
    statusCode: number | null;
    latencyMs: number | null;
    error: string | null;
    outcome: string;
  }[];
}

export function subscriptionView(
  store: AlertStore,
  mqtt: MqttBridge | null,
  now: number,
  s: SubscriptionRow,
): SubscriptionView {
  const upcoming = store
    .events(s.id, ['planned'])
    .filter((e) => e.dueMs >= now - 60_000)
    .slice(0, 10)
    .map((e) => eventView(store, e));
  return {
    id: s.id,
    owner: s.owner,
    name: s.spec.name,
    observer: s.spec.observer,
    horizonMask: s.spec.horizonMask,
    satellites: s.spec.satellites,
    groups: s.spec.groups,
    minPeakElevation: s.spec.minPeakElevation,
    visibleOnly: s.spec.visibleOnly,
    maxMagnitude: s.spec.maxMagnitude,
    timeWindow: s.spec.timeWindow,
    events: s.spec.events,
    webhook: s.spec.webhooks.map((w) => ({ url: w.url })),
    mqtt: s.spec.mqtt,
    station: s.spec.station ?? null,
    mqttTopic: s.spec.mqtt && mqtt ? mqtt.eventTopic(s.id) : null,
    enabled: s.spec.enabled,
    revision: s.revision,
    created: formatInstant(s.createdMs),
    updated: formatInstant(s.updatedMs),
    upcoming,
  };
}

export function eventView(store: AlertStore, e: EventRow): EventView {
  const p = store.pass(e.subscriptionId, e.noradId, e.passKey);
  return {
    type: e.type,
    noradId: e.noradId,
    pass: e.passKey,
    revolution: p?.revolution ?? null,
    due: formatInstant(e.dueMs),
    state: e.state,
    fired: iso(e.firedMs),
    leadMinutes: e.leadMinutes,
    aos: iso(p?.aosMs ?? null),
    tca: iso(p?.tcaMs ?? null),
    los: iso(p?.losMs ?? null),
    maxElevation: p ? decodePass(p.pass).maxElevation : null,
  };
}

export function deliveryView(store: AlertStore, d: DeliveryRow): DeliveryView {
  return {
    id: d.id,
    type: d.eventType,
    kind: d.kind,
    target: d.target,
    state: d.state,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    due: formatInstant(d.dueMs),
    created: formatInstant(d.createdMs),
    finished: iso(d.finishedMs),
    nextAttempt: d.state === 'pending' ? iso(d.nextAttemptMs) : null,
    statusCode: d.lastStatus,
    error: d.lastError,
    log: store.attempts(d.id).map((a) => ({
      attempt: a.attempt,
      at: formatInstant(a.startedMs),
      statusCode: a.statusCode,
      latencyMs: a.latencyMs,
      error: a.error,
      outcome: a.outcome,
    })),
  };
}
