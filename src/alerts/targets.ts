/** Where a subscription's events go: its webhooks, and its MQTT topic when MQTT is on. */
import type { AlertsContext } from './context.js';
import type { SubscriptionRow } from './store.js';

/** Where a subscription's events go. */
export function deliveryTargets(
  ctx: Pick<AlertsContext, 'mqtt'>,
  sub: SubscriptionRow,
): { kind: 'webhook' | 'mqtt'; target: string }[] {
  return [
    ...sub.spec.webhooks.map((w) => ({ kind: 'webhook' as const, target: w.url })),
    ...(sub.spec.mqtt && ctx.mqtt
      ? [{ kind: 'mqtt' as const, target: ctx.mqtt.eventTopic(sub.id) }]
      : []),
  ];
}
