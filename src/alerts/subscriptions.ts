/**
 * Subscriptions: created and changed through the API (checked against the catalog, the config and
 * the network), or declared in the config and kept in step with it.
 */
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { AlertsContext } from './context.js';
import { AlertRequestError } from './errors.js';
import { probe } from './http.js';
import { newSecret } from './sign.js';
import {
  type FieldProblem,
  normaliseSpec,
  renameDeprecated,
  SubscriptionInput,
  SubscriptionPatch,
  type SubscriptionSpec,
  specAsInput,
  specProblems,
  webhookField,
  zodProblems,
} from './spec.js';
import type { SubscriptionRow } from './store.js';

export class Subscriptions {
  constructor(
    private readonly ctx: AlertsContext,
    /** Plan these subscriptions; resolves when planned. */
    private readonly plan: (ids: string[]) => Promise<void>,
  ) {}

  /** A stored subscription, or a 404 naming the id. */
  row(id: string): SubscriptionRow {
    const row = this.ctx.store.subscription(id);
    if (!row) {
      throw new AlertRequestError(404, 'unknown-subscription', `no subscription ${id}`, [
        { field: 'id', message: 'no such subscription; list them with GET /v1/subscriptions' },
      ]);
    }
    return row;
  }

  /** Create from an API body; returns the id, the secret (shown once) and any deprecation. */
  async create(body: unknown): Promise<{ id: string; secret: string; note: string | null }> {
    const parsed = SubscriptionInput.safeParse(body);
    if (!parsed.success) throw AlertRequestError.invalid(zodProblems(parsed.error));
    const renamed = renameDeprecated(parsed.data);
    if (renamed.problems.length > 0) throw AlertRequestError.invalid(renamed.problems);
    const spec = normaliseSpec(renamed.input);
    await this.check(renamed.input, spec);
    const id = `sub_${randomBytes(12).toString('base64url')}`;
    const secret = newSecret();
    this.ctx.store.insertSubscription({
      id,
      owner: 'api',
      spec,
      secret,
      createdMs: this.ctx.clock(),
    });
    this.ctx.log({ event: 'subscription', action: 'created', id });
    await this.plan([id]);
    return { id, secret, note: renamed.note ?? null };
  }

  /** Change from an API body; returns a rotated secret and any deprecation. */
  async update(
    id: string,
    body: unknown,
  ): Promise<{ secret: string | undefined; note: string | null }> {
    const row = this.row(id);
    if (row.owner === 'config') throw ownedByConfig(id);
    const parsed = SubscriptionPatch.safeParse(body);
    if (!parsed.success) throw AlertRequestError.invalid(zodProblems(parsed.error));
    const { rotateSecret, ...given } = parsed.data;
    const renamed = renameDeprecated(given);
    if (renamed.problems.length > 0) throw AlertRequestError.invalid(renamed.problems);
    const patch = renamed.input;
    const merged = { ...specAsInput(row.spec), ...patch } as SubscriptionInput;
    const spec = normaliseSpec(merged);
    const changed = JSON.stringify(spec) !== JSON.stringify(row.spec);
    if (changed) await this.check(patch, spec, merged);
    const secret = rotateSecret ? newSecret() : undefined;
    this.ctx.store.updateSubscription(
      id,
      { ...(changed ? { spec } : {}), ...(secret ? { secret } : {}) },
      this.ctx.clock(),
    );
    this.ctx.log({ event: 'subscription', action: 'updated', id, rotatedSecret: Boolean(secret) });
    if (changed) await this.plan([id]);
    return { secret, note: renamed.note ?? null };
  }

  /** Delete an API-owned subscription. */
  remove(id: string): void {
    const row = this.row(id);
    if (row.owner === 'config') throw ownedByConfig(id);
    this.ctx.store.deleteSubscription(id);
    this.ctx.log({ event: 'subscription', action: 'deleted', id });
  }

  /** Checks against the catalog, the config and the network; throws with every problem. */
  private async check(
    given: Partial<SubscriptionInput>,
    spec: SubscriptionSpec,
    whole: Partial<SubscriptionInput> = given,
  ): Promise<void> {
    const { catalog, observers, settings, policy } = this.ctx;
    const problems: FieldProblem[] = specProblems(given, spec);
    if (typeof spec.observer === 'string' && !observers[spec.observer]) {
      const known = Object.keys(observers);
      problems.push({
        field: 'observer',
        message: `no observer named "${spec.observer}" in the configuration${known.length ? `; known: ${known.join(', ')}` : '; give {"lat", "lon", "alt"} instead'}`,
      });
    }
    if (spec.station) {
      const known = this.ctx.stations?.names() ?? [];
      if (!known.includes(spec.station)) {
        problems.push({
          field: 'station',
          message: `no radio station "${spec.station}"; known: ${known.join(', ') || 'none'} (GET /v1/stations)`,
        });
      } else if (spec.satellites.length > 0 || spec.groups.length > 0) {
        const worked = new Set(this.ctx.stations!.satellites(spec.station));
        spec.satellites.forEach((noradId, i) => {
          if (!worked.has(noradId)) {
            problems.push({
              field: `satellites.${i}`,
              message: `station "${spec.station}" does not work ${noradId}, so it has no scheduled passes of it`,
            });
          }
        });
      }
    }
    spec.satellites.forEach((noradId, i) => {
      if (!catalog.has(noradId)) {
        problems.push({
          field: `satellites.${i}`,
          message: `${noradId} is not in the catalog; search with GET /v1/satellites?search=`,
        });
      }
    });
    spec.groups.forEach((g, i) => {
      if (!catalog.hasGroup(g)) {
        problems.push({
          field: `groups.${i}`,
          message: `unknown group "${g}"; known: ${catalog
            .groups()
            .map((x) => x.name)
            .join(', ')}`,
        });
      }
    });
    spec.events.forEach((e, i) => {
      if (e.type === 'pass.upcoming' && e.leadMinutes * 60 > settings.horizonHours * 3600) {
        problems.push({
          field: `events.${i}.leadMinutes`,
          message: `the lead time is longer than the planning horizon (${settings.horizonHours} h)`,
        });
      }
    });
    if (spec.mqtt && !settings.mqtt) {
      problems.push({
        field: 'mqtt',
        message: 'no MQTT broker is configured (alerts.mqtt); use a webhook or configure one',
      });
    }
    if (problems.length === 0) {
      const probes = await Promise.all(
        spec.webhooks.map((w) =>
          w.checkReachable ? probe(w.url, policy) : Promise.resolve(this.literalRefusal(w.url)),
        ),
      );
      probes.forEach((why, i) => {
        if (why !== null) {
          problems.push({
            field: webhookField(whole, i),
            message: `the webhook URL is not reachable: ${why}`,
          });
        }
      });
    }
    if (problems.length > 0) throw AlertRequestError.invalid(problems);
  }

  private literalRefusal(url: string): string | null {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return isIP(host) ? this.ctx.policy.refusal(host) : null;
  }

  /** Make the stored config-owned subscriptions equal the config's. */
  syncConfig(): void {
    const { store, catalog, log } = this.ctx;
    const now = this.ctx.clock();
    const wanted = this.ctx.settings.subscriptions;
    for (const [name, c] of Object.entries(wanted)) {
      const id = `cfg_${name}`;
      const existing = store.subscription(id);
      const secret = c.secret ?? existing?.secret ?? newSecret();
      if (!existing) {
        store.insertSubscription({ id, owner: 'config', spec: c.spec, secret, createdMs: now });
        log({ event: 'subscription', action: 'created', id, owner: 'config' });
      } else if (
        JSON.stringify(existing.spec) !== JSON.stringify(c.spec) ||
        existing.secret !== secret
      ) {
        store.updateSubscription(
          id,
          {
            ...(JSON.stringify(existing.spec) !== JSON.stringify(c.spec) ? { spec: c.spec } : {}),
            secret,
          },
          now,
        );
        log({ event: 'subscription', action: 'updated', id, owner: 'config' });
      }
      const problems = [
        ...c.spec.satellites
          .filter((n) => !catalog.has(n))
          .map((n) => `satellite ${n} is not in the catalog`),
        ...c.spec.groups.filter((g) => !catalog.hasGroup(g)).map((g) => `group "${g}" is unknown`),
      ];
      if (problems.length > 0) {
        log({ event: 'warning', where: `alerts.subscriptions.${name}`, problems });
      }
    }
    for (const row of store.subscriptions()) {
      if (row.owner === 'config' && !(row.id.slice(4) in wanted)) {
        store.deleteSubscription(row.id);
        log({ event: 'subscription', action: 'deleted', id: row.id, owner: 'config' });
      }
    }
  }
}

function ownedByConfig(id: string): AlertRequestError {
  return new AlertRequestError(
    409,
    'owned-by-config',
    `subscription ${id} is declared in the configuration (alerts.subscriptions); change it there`,
    [{ field: 'id', message: 'config-owned subscriptions are changed in the config file' }],
  );
}
