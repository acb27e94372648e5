/**
 * The MQTT state of the alerts: one device per (observer, satellite) of the enabled
 * subscriptions, with its next pass from the stored plan, and when that state next changes.
 */

import type { AlertsContext } from './context.js';
import type { MqttEntity, NextPass } from './mqtt.js';
import { decodePass, type StoredPass } from './pass-record.js';
import { resolveSatellites } from './planner.js';
import { resolveSite, type Site, siteQuery } from './site.js';

/** The MQTT devices at `now` and the next time their state changes. */
export function mqttEntities(
  ctx: Pick<AlertsContext, 'store' | 'settings' | 'observers' | 'catalog'>,
  now: number,
): { entities: MqttEntity[]; nextChangeMs: number | null } {
  const pairs = new Map<
    string,
    MqttEntity & { best: { startMs: number; losMs: number | null; aosMs: number | null } | null }
  >();
  const siteOf = new Map<string, Site>();
  const max = ctx.settings.mqtt?.maxEntities ?? 0;
  for (const sub of ctx.store.subscriptions()) {
    if (!sub.spec.enabled) continue;
    const site = resolveSite(sub.spec, ctx.observers);
    if ('error' in site) continue;
    siteOf.set(sub.id, site);
    for (const r of resolveSatellites(sub.spec, ctx.catalog)) {
      const key = `${site.key}:${r.noradId}`;
      if (pairs.has(key) || pairs.size >= max) continue;
      pairs.set(key, {
        siteKey: site.key,
        siteLabel: site.name ?? `${site.echo.lat.toFixed(4)}, ${site.echo.lon.toFixed(4)}`,
        noradId: r.noradId,
        satelliteName: r.name,
        next: null,
        overhead: false,
        best: null,
      });
    }
  }
  let nextChangeMs: number | null = null;
  const consider = (t: number | null) => {
    if (t !== null && t > now && (nextChangeMs === null || t < nextChangeMs)) nextChangeMs = t;
  };
  for (const p of ctx.store.currentPasses(now)) {
    const site = siteOf.get(p.subscriptionId);
    if (!site) continue;
    const e = pairs.get(`${site.key}:${p.noradId}`);
    if (!e) continue;
    const startMs = p.aosMs ?? p.tcaMs;
    if (startMs <= now) e.overhead = true;
    consider(p.aosMs);
    consider(p.losMs);
    if (e.best !== null && e.best.startMs <= startMs) continue;
    e.best = { startMs, losMs: p.losMs, aosMs: p.aosMs };
    e.next = nextPass(decodePass(p.pass), site, ctx.settings.publicUrl);
  }
  return {
    entities: [...pairs.values()].map(({ best: _best, ...e }) => e),
    nextChangeMs,
  };
}

function nextPass(p: StoredPass, site: Site, baseUrl: string | null): NextPass {
  const mags = p.visible.map((v) => v.brightestMagnitude).filter((m): m is number => m !== null);
  const q = siteQuery(site);
  return {
    aos: p.aos?.time ?? null,
    tca: p.tca.time,
    los: p.los?.time ?? null,
    aosAzimuth: p.aos?.azimuth ?? null,
    losAzimuth: p.los?.azimuth ?? null,
    maxElevation: p.maxElevation,
    durationSeconds: p.durationSeconds,
    visible: p.visible.length > 0,
    visibleStart: p.visible[0]?.start.time ?? null,
    visibleEnd: p.visible.at(-1)?.end.time ?? null,
    magnitude: mags.length ? Math.min(...mags) : null,
    elementsEpoch: p.elementsEpoch ?? null,
    elementsAgeDays: p.elementsAgeDays ?? null,
    stale: p.stale ?? false,
    warning: p.elementsWarning ?? null,
    trackUrl: p.aos
      ? `${(baseUrl ?? '').replace(/\/+$/, '')}/v1/satellites/${p.noradId}/track?pass=${encodeURIComponent(p.aos.time)}&${q}`
      : null,
  };
}
