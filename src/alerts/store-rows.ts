/**
 * The alerts database's records (subscriptions, passes, events, deliveries, attempts) and how
 * each is read from its SQL row.
 */
import type { EventType, SubscriptionSpec } from './spec.js';

export type SubscriptionOwner = 'api' | 'config';

export interface SubscriptionRow {
  id: string;
  owner: SubscriptionOwner;
  spec: SubscriptionSpec;
  secret: string;
  /** Increases with every change of the spec. */
  revision: number;
  createdMs: number;
  updatedMs: number;
}

export type PassState = 'planned' | 'cancelled';

export interface PassRow {
  subscriptionId: string;
  noradId: number;
  passKey: string;
  revolution: number | null;
  aosMs: number | null;
  tcaMs: number;
  losMs: number | null;
  state: PassState;
  /** The API's pass object, JSON text. */
  pass: string;
  plannedMs: number;
}

export type EventState = 'planned' | 'fired' | 'cancelled' | 'missed';

export interface EventRow {
  subscriptionId: string;
  noradId: number;
  passKey: string;
  type: EventType;
  dueMs: number;
  leadMinutes: number | null;
  state: EventState;
  firedMs: number | null;
  updatedMs: number;
}

export type DeliveryState = 'pending' | 'sending' | 'delivered' | 'failed' | 'cancelled';
export type DeliveryKind = 'webhook' | 'mqtt';

export interface DeliveryRow {
  /** The webhook-id: the same on every attempt. */
  id: string;
  subscriptionId: string;
  eventType: string;
  noradId: number | null;
  passKey: string | null;
  kind: DeliveryKind;
  /** URL or MQTT topic. */
  target: string;
  /** The body without `sentAt`/`attempt` (added per attempt), JSON text. */
  payload: string;
  state: DeliveryState;
  attempts: number;
  maxAttempts: number;
  nextAttemptMs: number | null;
  dueMs: number;
  createdMs: number;
  finishedMs: number | null;
  lastStatus: number | null;
  lastError: string | null;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'interrupted';

export interface AttemptRow {
  deliveryId: string;
  attempt: number;
  startedMs: number;
  latencyMs: number | null;
  statusCode: number | null;
  error: string | null;
  outcome: AttemptOutcome;
}

/** A row as better-sqlite3 returns it. */
export type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function subscriptionFromRow(r: Row): SubscriptionRow {
  return {
    id: String(r.id),
    owner: r.owner as SubscriptionOwner,
    spec: JSON.parse(String(r.spec)) as SubscriptionSpec,
    secret: String(r.secret),
    revision: Number(r.revision),
    createdMs: Number(r.created_ms),
    updatedMs: Number(r.updated_ms),
  };
}

/** Which pass a row is of (a pass's key, and an event's reference to its pass). */
function passOf(r: Row): Pick<PassRow, 'subscriptionId' | 'noradId' | 'passKey'> {
  return {
    subscriptionId: String(r.subscription_id),
    noradId: Number(r.norad_id),
    passKey: String(r.pass_key),
  };
}

export function passFromRow(r: Row): PassRow {
  return {
    ...passOf(r),
    revolution: num(r.revolution),
    aosMs: num(r.aos_ms),
    tcaMs: Number(r.tca_ms),
    losMs: num(r.los_ms),
    state: r.state as PassState,
    pass: String(r.pass),
    plannedMs: Number(r.planned_ms),
  };
}

export function eventFromRow(r: Row): EventRow {
  return {
    ...passOf(r),
    type: r.type as EventType,
    dueMs: Number(r.due_ms),
    leadMinutes: num(r.lead_minutes),
    state: r.state as EventState,
    firedMs: num(r.fired_ms),
    updatedMs: Number(r.updated_ms),
  };
}

export function deliveryFromRow(r: Row): DeliveryRow {
  return {
    id: String(r.id),
    subscriptionId: String(r.subscription_id),
    eventType: String(r.event_type),
    noradId: num(r.norad_id),
    passKey: r.pass_key === null ? null : String(r.pass_key),
    kind: r.kind as DeliveryKind,
    target: String(r.target),
    payload: String(r.payload),
    state: r.state as DeliveryState,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    nextAttemptMs: num(r.next_attempt_ms),
    dueMs: Number(r.due_ms),
    createdMs: Number(r.created_ms),
    finishedMs: num(r.finished_ms),
    lastStatus: num(r.last_status),
    lastError: r.last_error === null ? null : String(r.last_error),
  };
}

export function attemptFromRow(r: Row): AttemptRow {
  return {
    deliveryId: String(r.delivery_id),
    attempt: Number(r.attempt),
    startedMs: Number(r.started_ms),
    latencyMs: num(r.latency_ms),
    statusCode: num(r.status_code),
    error: r.error === null ? null : String(r.error),
    outcome: r.outcome as AttemptOutcome,
  };
}
