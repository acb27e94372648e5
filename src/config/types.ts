/**
 * The validated configuration. Every setting has a default in `config/default.json`; see README
 * "Configuration" for the environment variables that override them.
 */

import type { SubscriptionSpec } from '../alerts/spec.js';

/** A named observing site, usable as `?observer=NAME` by the API and by alert subscriptions. */
export interface ObserverConfig {
  /** Geodetic latitude, degrees [-90, 90]. */
  lat: number;
  /** Longitude, degrees east [-180, 180]. */
  lon: number;
  /** Height above the WGS84 ellipsoid, metres [-500, 9000]. */
  alt: number;
  /** Lowest elevation that counts as a pass, degrees [-5, 90]. */
  minElevation: number;
  /** Obstructions: lowest usable elevation per azimuth (linear between points), or null. */
  horizonMask: { azimuth: number; elevation: number }[] | null;
  /** IANA zone for local times (`Europe/Amsterdam`), or null for UTC. */
  timezone: string | null;
}

/** Element format of a non-CelesTrak source: declared, or `auto` to detect it from the body. */
export type SourceFormat = 'auto' | 'tle' | 'omm-json' | 'omm-csv';

/** An element source other than CelesTrak's GP groups: a URL or a local file. */
export interface SourceConfig {
  /** Unique name: lower-case letters, digits, `.`, `_`, `-`; not starting with `celestrak`. */
  name: string;
  /** Exactly one of `url` (http/https) and `path` (a local file, resolved against the cwd). */
  url: string | null;
  path: string | null;
  format: SourceFormat;
  /** Groups its objects join (for search and group queries). */
  groups: string[];
  /**
   * Least time between two fetches of this source, minutes. URLs on a CelesTrak host always
   * keep CelesTrak's 2-hour floor whatever this says.
   */
  minIntervalMinutes: number;
}

/** Alerts: planned pass events delivered by signed webhooks and MQTT (see README "Home Assistant and alerts"). */
export interface AlertsConfig {
  /** Run the planner and deliveries (the subscription routes exist only then). */
  enabled: boolean;
  /** Plan events this far ahead, hours. */
  horizonHours: number;
  /** Cron expression (UTC) of the periodic re-plan that moves the horizon on. */
  replanSchedule: string;
  /** An event found overdue after a restart still fires within this; later, it is logged as missed. */
  lateGraceMinutes: number;
  /** Finished events and deliveries are kept this long, days. */
  retentionDays: number;
  /** Base URL (`http://passwatch.lan:8080`) for links in events; null gives relative links. */
  publicUrl: string | null;
  delivery: {
    /** Timeout of one attempt, seconds. */
    timeoutSeconds: number;
    /** Attempts before a delivery is marked failed. */
    maxAttempts: number;
    /** Wait after the first failed attempt; each further one waits `retryFactor` times longer (±20% jitter). */
    retryBaseSeconds: number;
    retryFactor: number;
    /** Deliveries sent at once. */
    concurrency: number;
    /** IP addresses or CIDR blocks webhooks may go to even if refused by default. */
    allow: string[];
    /** IP addresses or CIDR blocks webhooks never go to. */
    deny: string[];
  };
  /** Broker for Home Assistant discovery and events; null for none. */
  mqtt: {
    url: string;
    username: string | null;
    password: string | null;
    clientId: string;
    discoveryPrefix: string;
    topicPrefix: string;
    /** Most (observer, satellite) devices announced. */
    maxEntities: number;
  } | null;
  /** Subscriptions declared in the config, by name (stored as `cfg_<name>`, config-owned). */
  subscriptions: Record<string, { spec: SubscriptionSpec; secret: string | null }>;
}

export interface Config {
  server: {
    host: string;
    port: number;
    /** Origins allowed by CORS (`https://example.org` or `*`); empty = CORS off. */
    corsOrigins: string[];
    /** Request bodies larger than this are refused with 413 before they are read whole. */
    maxBodyMegabytes: number;
  };
  /** Absolute path of the data directory (the SQLite store lives here). */
  dataDir: string;
  /** Token for admin routes (refresh, subscriptions); null disables them. */
  adminToken: string | null;
  observers: Record<string, ObserverConfig>;
  api: {
    /** Longest prediction window a request may ask for, days. */
    maxDays: number;
    /** Largest satellites x days one request may cost. */
    workBudgetSatelliteDays: number;
    requestTimeoutSeconds: number;
    defaultPageSize: number;
    maxPageSize: number;
    /** Memory the response cache may hold (0 turns it off). */
    cacheMegabytes: number;
    /** Expensive requests computed at once; more wait briefly, then get 503 with Retry-After. */
    heavyConcurrency: number;
  };
  catalog: {
    celestrak: {
      /** Base URL (scheme and host, optionally a path prefix) of CelesTrak or a mirror. */
      baseUrl: string;
      /** OMM encoding requested with `FORMAT=`. */
      format: 'json' | 'csv';
      /** GP groups fetched with `GROUP=`. */
      groups: string[];
      /** Single objects fetched with `CATNR=`. */
      catalogNumbers: number[];
    };
    sources: SourceConfig[];
    refresh: {
      /** Cron expression (5 fields, or 6 with seconds) for the refresh job. */
      schedule: string;
      /** Zone the cron expression is read in. */
      timezone: string;
      /** Each scheduled run starts after a random delay of up to this many minutes. */
      jitterMinutes: number;
      /** Run a refresh (of whatever is due) right after start. */
      onStart: boolean;
      /** Timeout of one request, body included. */
      timeoutSeconds: number;
      /** Bodies larger than this are refused. */
      maxBodyMegabytes: number;
      /** After the n-th failure in a row a source waits base x 2^(n-1), at most max. */
      backoffBaseMinutes: number;
      backoffMaxMinutes: number;
      /** A body that would remove more than this share of a source's objects is rejected. */
      maxDropShare: number;
    };
    /** Element sets older than this are flagged stale. */
    staleDays: number;
    /** Superseded element sets are kept while their epoch is less than this many days old. */
    historyDays: number;
    /** Load the bundled snapshot into an empty store. */
    snapshot: boolean;
  };
  alerts: AlertsConfig;
}
