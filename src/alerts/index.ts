export { AddressPolicy, BUILT_IN_DENY, parseCidr } from './address.js';
export {
  CATALOG_ALERT_MAX_AGE_MS,
  type CatalogEvent,
  wantsCatalogEvent,
} from './catalog-events.js';
export { DEFAULT_RETRY, type RetryPolicy, retryDelayMs } from './deliver.js';
export { AlertRequestError } from './errors.js';
export type { MqttEntity, MqttSettings, NextPass } from './mqtt.js';
export { catalogPassSource, type PassSource } from './pass-source.js';
export type { EventPayload } from './payload.js';
export { type PlanResult, passKey, wantedEvents } from './planner.js';
export {
  Alerts,
  type AlertsOptions,
  alertStorePath,
  type DeliveryView,
  type EventView,
  type SubscriptionView,
  type TestDeliveryResult,
} from './service.js';
export { newSecret, sign, webhookHeaders } from './sign.js';
export {
  CATALOG_EVENT_TYPES,
  ConfigSubscriptionInput,
  EVENT_TYPES,
  type EventSpec,
  type EventType,
  type FieldProblem,
  normaliseSpec,
  SECRET_PATTERN,
  SubscriptionInput,
  SubscriptionPatch,
  type SubscriptionSpec,
  specProblems,
} from './spec.js';
export type { ScheduledPass, StationSchedules } from './station-filter.js';
export { AlertStore } from './store.js';
export { Alarm, realTimers, type TimerHandle, type Timers } from './time.js';
