/**
 * The outbox worker: sends pending deliveries (webhooks, MQTT messages), records every attempt,
 * retries failures with exponential backoff and jitter, and gives up after the configured number
 * of attempts. Each attempt is marked in the database before it is sent, so a restart resends
 * (same id) what a dead process may or may not have sent, and never loses one.
 */
import type { AddressPolicy } from './address.js';
import { postWebhook } from './http.js';
import { attemptBody } from './payload.js';
import { webhookHeaders } from './sign.js';
import type { AlertStore, DeliveryRow } from './store.js';
import { Alarm, type Timers } from './time.js';

export interface RetryPolicy {
  maxAttempts: number;
  /** Wait after the first failure; each further one waits `factor` times longer. */
  baseMs: number;
  factor: number;
  /** Each wait is scaled by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  /** No single wait is longer than this (a Retry-After is capped here too). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 90_000,
  factor: 3,
  jitter: 0.2,
  maxDelayMs: 3_600_000,
};

/** Wait before attempt `n + 1` after `n` failed attempts (n >= 1). */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempts: number,
  random: () => number,
): number {
  const raw = policy.baseMs * policy.factor ** (failedAttempts - 1);
  const jittered = raw * (1 - policy.jitter + 2 * policy.jitter * random());
  return Math.round(Math.min(jittered, policy.maxDelayMs));
}

/** Result of one attempt at any kind of target. */
export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  permanent: boolean;
  retryAfterMs: number | null;
}

/** Publishes MQTT event messages (the MQTT bridge). */
export interface EventPublisher {
  publishEvent(topic: string, body: string, timeoutMs: number): Promise<void>;
}

export interface DelivererOptions {
  store: AlertStore;
  clock: () => number;
  timers: Timers;
  random: () => number;
  retry: RetryPolicy;
  timeoutMs: number;
  concurrency: number;
  policy: AddressPolicy;
  /** The current secret of a subscription (null when it is gone). */
  secret: (subscriptionId: string) => string | null;
  mqtt: () => EventPublisher | null;
  userAgent: string;
  log: (event: { event: string } & Record<string, unknown>) => void;
}

export class Deliverer {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly alarm: Alarm;
  private stopped = false;

  constructor(private readonly o: DelivererOptions) {
    this.alarm = new Alarm(o.clock, o.timers, () => this.kick());
  }

  /** Send whatever is due now (up to the concurrency limit) and arm the timer for the rest. */
  kick(): void {
    if (this.stopped || !this.o.store.isOpen) return;
    const busy = new Set(this.inFlight.keys());
    const free = this.o.concurrency - busy.size;
    if (free > 0) {
      for (const d of this.o.store.dueDeliveries(this.o.clock(), free, busy)) {
        const run = this.attempt(d).finally(() => {
          this.inFlight.delete(d.id);
          this.kick();
        });
        this.inFlight.set(d.id, run);
        busy.add(d.id);
      }
    }
    this.alarm.at(this.o.store.nextDeliveryDueMs(busy));
  }

  /** Resolves once nothing is in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Send one delivery now, outside the queue (test events); resolves with its attempt. */
  async sendNow(id: string): Promise<SendResult | null> {
    const d = this.o.store.delivery(id);
    if (d?.state !== 'pending') return null;
    let result: SendResult | null = null;
    const run = this.attempt(d, (r) => {
      result = r;
    }).finally(() => this.inFlight.delete(d.id));
    this.inFlight.set(d.id, run);
    await run;
    return result;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.alarm.cancel();
    await this.idle();
  }

  private async attempt(d: DeliveryRow, onResult?: (r: SendResult) => void): Promise<void> {
    const { store, clock } = this.o;
    const attempt = store.startAttempt(d.id);
    const startedMs = clock();
    const body = attemptBody(d.payload, attempt, startedMs);
    let result: SendResult;
    try {
      result = await this.send(d, body, startedMs);
    } catch (error) {
      result = {
        statusCode: null,
        latencyMs: 0,
        error: error instanceof Error ? error.message : String(error),
        permanent: false,
        retryAfterMs: null,
      };
    }
    onResult?.(result);
    if (!store.isOpen) return;
    const now = clock();
    const ok = result.error === null;
    const giveUp = !ok && (result.permanent || attempt >= d.maxAttempts);
    const delay =
      ok || giveUp
        ? 0
        : Math.min(
            Math.max(retryDelayMs(this.o.retry, attempt, this.o.random), result.retryAfterMs ?? 0),
            this.o.retry.maxDelayMs,
          );
    store.finishAttempt(
      {
        deliveryId: d.id,
        subscriptionId: d.subscriptionId,
        attempt,
        startedMs,
        latencyMs: result.latencyMs,
        statusCode: result.statusCode,
        error: result.error,
        outcome: ok ? 'delivered' : giveUp ? 'failed' : 'retry',
      },
      ok
        ? { state: 'delivered', nextAttemptMs: null, finishedMs: now }
        : giveUp
          ? { state: 'failed', nextAttemptMs: null, finishedMs: now }
          : { state: 'pending', nextAttemptMs: now + delay, finishedMs: null },
    );
    this.o.log({
      event: 'delivery',
      id: d.id,
      subscription: d.subscriptionId,
      type: d.eventType,
      kind: d.kind,
      attempt,
      outcome: ok ? 'delivered' : giveUp ? 'failed' : 'retry',
      status: result.statusCode,
      ms: result.latencyMs,
      error: result.error,
      lateMs: attempt === 1 ? Math.max(0, startedMs - d.dueMs) : undefined,
      nextAttempt: ok || giveUp ? null : new Date(now + delay).toISOString(),
    });
  }

  private async send(d: DeliveryRow, body: string, nowMs: number): Promise<SendResult> {
    if (d.kind === 'mqtt') {
      const mqtt = this.o.mqtt();
      const started = performance.now();
      if (!mqtt) {
        return {
          statusCode: null,
          latencyMs: 0,
          error: 'no MQTT broker is configured',
          permanent: true,
          retryAfterMs: null,
        };
      }
      await mqtt.publishEvent(d.target, body, this.o.timeoutMs);
      return {
        statusCode: null,
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
        error: null,
        permanent: false,
        retryAfterMs: null,
      };
    }
    const secret = this.o.secret(d.subscriptionId);
    if (secret === null) {
      return {
        statusCode: null,
        latencyMs: 0,
        error: 'the subscription is gone',
        permanent: true,
        retryAfterMs: null,
      };
    }
    return postWebhook({
      url: d.target,
      body,
      headers: { ...webhookHeaders(secret, d.id, nowMs, body), 'user-agent': this.o.userAgent },
      timeoutMs: this.o.timeoutMs,
      policy: this.o.policy,
    });
  }
}
