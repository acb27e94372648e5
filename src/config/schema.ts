/**
 * The configuration as one zod schema with defaults, composed of each feature's own section
 * (`server`/`api` from the API, `catalog` from the catalog, `alerts` from alerts) and the
 * shared named observers. The `Config` type is inferred from it.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { alertsSettings, subscriptionObserverProblems } from '../alerts/settings.js';
import { apiSettings, serverSettings } from '../api/settings.js';
import { catalogSettings } from '../catalog/settings.js';
import { isRecord, observersSettings, section, show, text } from '../fields/index.js';
import { stationObserverProblems, stationsSettings } from '../station/settings.js';
import { watchSettings } from '../watch/settings.js';

/** Token for admin routes (refresh, subscriptions): null (off) or at least 16 characters, no spaces. */
const adminToken = z
  .unknown()
  .optional()
  .transform((value, ctx): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string' || value.length < 16) {
      ctx.addIssue({
        code: 'custom',
        message: `expected null (admin routes off) or a secret of at least 16 characters; got ${
          typeof value === 'string' ? `${value.length} characters` : show(value)
        }`,
      });
      return null;
    }
    if (/\s/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected a token without spaces' });
      return null;
    }
    return value;
  });

/** The whole configuration; relative paths are resolved against `cwd`. */
export function configSchema(cwd: string) {
  return section({
    server: serverSettings.prefault({}),
    /** Absolute path of the data directory (the SQLite stores live here). */
    dataDir: text('a directory path')
      .default('./data')
      .transform((dir) => resolve(cwd, dir)),
    adminToken,
    /** Named observing sites, usable as `?observer=NAME` and by subscriptions. */
    observers: observersSettings.default({}),
    api: apiSettings.prefault({}),
    catalog: catalogSettings(cwd).prefault({}),
    alerts: alertsSettings.prefault({}),
    /** Radio stations by name (see README "Radio"). */
    stations: stationsSettings.default({}),
    /** The catalog watch: new objects, launches, decays, manoeuvres (see README "Catalog watch"). */
    watch: watchSettings.prefault({}),
  }).superRefine(
    (config, ctx) => {
      const { observers, alerts, stations } = config;
      if (isRecord(observers) && isRecord(stations)) {
        for (const p of stationObserverProblems(stations, new Set(Object.keys(observers)))) {
          ctx.addIssue({
            code: 'custom',
            path: ['stations', p.name, 'observer'],
            message: p.message,
          });
        }
      }
      if (!isRecord(observers) || !isRecord(alerts) || !isRecord(alerts.subscriptions)) return;
      for (const p of subscriptionObserverProblems(
        alerts.subscriptions,
        new Set(Object.keys(observers)),
      )) {
        ctx.addIssue({
          code: 'custom',
          path: ['alerts', 'subscriptions', p.name, 'observer'],
          message: p.message,
        });
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

/** The validated configuration (see README "Configuration"). */
export type Config = z.output<ReturnType<typeof configSchema>>;
