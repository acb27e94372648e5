/**
 * The `alerts` settings section: the planner, webhook delivery, the MQTT broker and the
 * subscriptions declared in the configuration. The alerts service receives only this section
 * (and the named observers). Defaults are here and nowhere else.
 */
import { z } from 'zod';
import {
  bodyProblems,
  cronExpression,
  flag,
  httpBaseUrl,
  isRecord,
  list,
  numberIn,
  parseUrl,
  SUBSCRIPTION_NAME,
  section,
  text,
} from '../fields/index.js';
import { parseCidr } from './address.js';
import {
  ConfigSubscriptionInput,
  normaliseSpec,
  renameDeprecated,
  type SubscriptionSpec,
  specProblems,
} from './spec.js';

const CIDR_EXPECTED = 'an IP address or CIDR block such as "169.254.169.254" or "10.0.0.0/8"';

const cidr = z
  .string({ error: CIDR_EXPECTED })
  .refine((s) => parseCidr(s) !== null, { error: CIDR_EXPECTED, params: { expected: true } });

const deliverySettings = section({
  /** Timeout of one attempt, seconds. */
  timeoutSeconds: numberIn({ min: 0.1, max: 120 }).default(10),
  /** Attempts before a delivery is marked failed. */
  maxAttempts: numberIn({ min: 1, max: 100, integer: true }).default(5),
  /** Wait after the first failed attempt; each further one waits `retryFactor` times longer (±20% jitter). */
  retryBaseSeconds: numberIn({ min: 0.01, max: 86_400 }).default(90),
  retryFactor: numberIn({ min: 1, max: 10 }).default(3),
  /** Deliveries sent at once. */
  concurrency: numberIn({ min: 1, max: 64, integer: true }).default(4),
  /** IP addresses or CIDR blocks webhooks may go to even if refused by default. */
  allow: list(cidr).default([]),
  /** IP addresses or CIDR blocks webhooks never go to. */
  deny: list(cidr).default([]),
});

const BROKER_EXPECTED = 'a broker URL such as "mqtt://192.168.1.10:1883" (mqtt, mqtts, ws, wss)';
const TOPIC_EXPECTED = 'a topic prefix without wildcards or leading/trailing "/"';

const topicPrefix = text('a topic prefix').refine((s) => !/[#+]|^\/|\/$/.test(s), {
  error: TOPIC_EXPECTED,
  params: { expected: true },
});

const mqttSettings = section({
  url: z
    .string({ error: BROKER_EXPECTED })
    .refine((s) => /^(mqtts?|wss?|tcp):$/.test(parseUrl(s)?.protocol ?? ''), {
      error: BROKER_EXPECTED,
      params: { expected: true },
    }),
  username: text('a non-empty string').nullable().default(null),
  password: text('a non-empty string').nullable().default(null),
  clientId: text('a non-empty string').default('passwatch'),
  discoveryPrefix: topicPrefix.default('homeassistant'),
  topicPrefix: topicPrefix.default('passwatch'),
  /** Most (observer, satellite) devices announced. */
  maxEntities: numberIn({ min: 0, max: 10_000, integer: true }).default(100),
});

/** A subscription declared in the configuration: its normalised spec and webhook secret. */
export interface ConfigSubscription {
  spec: SubscriptionSpec;
  secret: string | null;
}

/** `events.0.leadMinutes` as path segments (`['events', 0, 'leadMinutes']`). */
function segments(field: string): (string | number)[] {
  if (field === 'body' || field === '') return [];
  return field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Subscriptions by name, checked with the API's own rules (`spec.ts`) so a subscription valid in
 * one place is valid in the other; their messages are the API's, kept word for word.
 */
const subscriptionsSettings = z
  .record(z.string(), z.unknown(), { error: 'an object of named entries' })
  .transform((raw, ctx) => {
    const out: Record<string, ConfigSubscription> = {};
    for (const [name, value] of Object.entries(raw)) {
      const fail = (path: (string | number)[], message: string) =>
        ctx.addIssue({ code: 'custom', path: [name, ...path], message, input: value });
      if (!SUBSCRIPTION_NAME.test(name)) {
        fail([], 'subscription names use lower-case letters, digits, "_" and "-" (at most 64)');
        continue;
      }
      const parsed = ConfigSubscriptionInput.safeParse(value);
      if (!parsed.success) {
        for (const p of bodyProblems(parsed.error, 'sentences')) fail(segments(p.field), p.message);
        continue;
      }
      const { secret, ...input } = parsed.data;
      const spec = normaliseSpec(input);
      for (const p of [...renameDeprecated(input).problems, ...specProblems(input, spec)]) {
        fail(segments(p.field), p.message);
      }
      if (spec.webhooks.length > 0 && secret === undefined) {
        fail(
          ['secret'],
          'a subscription with a webhook needs its signing secret here: "whsec_" and base64 of 24-64 random bytes (echo whsec_$(openssl rand -base64 32))',
        );
      }
      out[name] = { spec, secret: secret ?? null };
    }
    return out;
  });

export const alertsSettings = section({
  /** Run the planner and deliveries (the subscription routes exist only then). */
  enabled: flag().default(true),
  /** Plan events this far ahead, hours. */
  horizonHours: numberIn({ min: 1, max: 336 }).default(48),
  /** Cron expression (UTC) of the periodic re-plan that moves the horizon on. */
  replanSchedule: cronExpression('0 */4 * * *').default('7 * * * *'),
  /** An event found overdue after a restart still fires within this; later, it is logged as missed. */
  lateGraceMinutes: numberIn({ min: 0, max: 1440 }).default(15),
  /** Finished events and deliveries are kept this long, days. */
  retentionDays: numberIn({ min: 1, max: 3650 }).default(30),
  /** Base URL (`http://passwatch.lan:8080`) for links in events; null gives relative links. */
  publicUrl: httpBaseUrl().nullable().default(null),
  delivery: deliverySettings.prefault({}),
  /** Broker for Home Assistant discovery and events; null for none. */
  mqtt: mqttSettings.nullable().default(null),
  /** Subscriptions declared in the config, by name (stored as `cfg_<name>`, config-owned). */
  subscriptions: subscriptionsSettings.default({}),
}).superRefine(
  (a, ctx) => {
    if (a.mqtt !== null || !isRecord(a.subscriptions)) return;
    for (const [name, sub] of Object.entries(a.subscriptions)) {
      if (isRecord(sub) && isRecord(sub.spec) && sub.spec.mqtt === true) {
        ctx.addIssue({
          code: 'custom',
          path: ['subscriptions', name, 'mqtt'],
          message: 'needs a broker in alerts.mqtt',
        });
      }
    }
  },
  { when: (payload) => isRecord(payload.value) && payload.value.mqtt === null },
);

export type AlertsSettings = z.output<typeof alertsSettings>;

/**
 * Problems a subscription's spec has against the named observers (which live outside this
 * section): each names the subscription's `observer` field.
 */
export function subscriptionObserverProblems(
  subscriptions: Readonly<Record<string, ConfigSubscription>>,
  observerNames: ReadonlySet<string>,
): { name: string; message: string }[] {
  const out: { name: string; message: string }[] = [];
  for (const [name, { spec }] of Object.entries(subscriptions)) {
    if (typeof spec.observer === 'string' && !observerNames.has(spec.observer)) {
      out.push({ name, message: `no observer named "${spec.observer}" in observers` });
    }
  }
  return out;
}
