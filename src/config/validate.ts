/**
 * Validation of the merged configuration. Every rule adds a problem naming the setting's path
 * and what is expected; nothing stops at the first problem.
 */
import { isAbsolute, resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { validateDetailed } from 'node-cron';
import { parseCidr } from '../alerts/address.js';
import {
  ConfigSubscriptionInput,
  normaliseSpec,
  specProblems,
  zodProblems,
} from '../alerts/spec.js';
import { HorizonMask } from '../core/passes/index.js';
import type { ConfigProblem } from './errors.js';
import type { AlertsConfig, Config, ObserverConfig, SourceConfig, SourceFormat } from './types.js';

/** Where each value came from, by dotted path; a path inherits its nearest ancestor's origin. */
export type Origins = ReadonlyMap<string, string>;

const GROUP_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const OBSERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const SOURCE_FORMATS: readonly SourceFormat[] = ['auto', 'tle', 'omm-json', 'omm-csv'];
const MAX_NORAD_ID = 999_999_999;

interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** Describes the bound in messages, e.g. "CelesTrak's 2-hour rule". */
  why?: string;
}

class Checker {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly origins: Origins) {}

  origin(path: string): string {
    let p = path;
    for (;;) {
      const found = this.origins.get(p);
      if (found !== undefined) return found;
      if (p === '') return 'config';
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? '' : p.slice(0, cut);
    }
  }

  fail(path: string, message: string): void {
    this.problems.push({ path, origin: this.origin(path), message });
  }

  /** An object with exactly the known keys; unknown keys are problems. */
  object(value: unknown, path: string, known: readonly string[]): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `expected an object; got ${show(value)}`);
      return {};
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) {
        this.fail(join(path, key), `unknown setting; known here: ${known.join(', ')}`);
      }
    }
    return record;
  }

  /** An object whose keys are names chosen by the user. */
  record(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(path, `expected an object of named entries; got ${show(value)}`);
      return {};
    }
    return value as Record<string, unknown>;
  }

  number(value: unknown, path: string, rule: NumberRule, fallback: number): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(path, `expected ${describeNumber(rule)}; got ${show(value)}`);
      return fallback;
    }
    const outside =
      (rule.integer && !Number.isInteger(value)) ||
      (rule.min !== undefined && value < rule.min) ||
      (rule.max !== undefined && value > rule.max);
    if (outside) {
      this.fail(
        path,
        `expected ${describeNumber(rule)}${rule.why ? ` (${rule.why})` : ''}; got ${value}`,
      );
      return fallback;
    }
    return value;
  }

  string(value: unknown, path: string, fallback: string, what = 'a non-empty string'): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(path, `expected ${what}; got ${show(value)}`);
      return fallback;
    }
    return value;
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (typeof value !== 'boolean') {
      this.fail(path, `expected true or false; got ${show(value)}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T): T {
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.fail(
        path,
        `expected one of ${allowed.map((a) => `"${a}"`).join(', ')}; got ${show(value)}`,
      );
      return fallback;
    }
    return value as T;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, `expected a list (JSON array); got ${show(value)}`);
      return [];
    }
    return value;
  }

  zone(value: unknown, path: string, fallback: string): string {
    if (typeof value !== 'string' || !IANAZone.isValidZone(value)) {
      this.fail(
        path,
        `expected an IANA time zone such as "UTC" or "Europe/Amsterdam"; got ${show(value)}`,
      );
      return fallback;
    }
    return value;
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describeNumber(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) {
    return `${kind} from ${rule.min} to ${rule.max}`;
  }
  if (rule.min !== undefined) return `${kind} of at least ${rule.min}`;
  if (rule.max !== undefined) return `${kind} of at most ${rule.max}`;
  return kind;
}

/**
 * Check a merged configuration and return it typed, with relative paths resolved against `cwd`.
 *
 * @param raw The defaults with the config file and the environment merged over them.
 * @param origins Where each value came from (see `Origins`), used in problem reports.
 * @param cwd Directory that relative paths are resolved against.
 * @returns The config, or every problem found.
 */
export function validateConfig(
  raw: unknown,
  origins: Origins,
  cwd: string,
): { config: Config; problems: [] } | { config: null; problems: ConfigProblem[] } {
  const c = new Checker(origins);
  const root = c.object(raw, '', [
    'server',
    'dataDir',
    'adminToken',
    'observers',
    'api',
    'catalog',
    'alerts',
  ]);

  const srv = c.object(root.server, 'server', ['host', 'port', 'corsOrigins', 'maxBodyMegabytes']);
  const server = {
    host: c.string(srv.host, 'server.host', '0.0.0.0', 'a host name or IP address to listen on'),
    port: c.number(srv.port, 'server.port', { min: 0, max: 65535, integer: true }, 8080),
    corsOrigins: corsOrigins(c, srv.corsOrigins, 'server.corsOrigins'),
    maxBodyMegabytes: c.number(
      srv.maxBodyMegabytes,
      'server.maxBodyMegabytes',
      { min: 0.001, max: 64 },
      1,
    ),
  };

  const dataDir = c.string(root.dataDir, 'dataDir', './data', 'a directory path');
  let adminToken: string | null = null;
  if (root.adminToken !== null && root.adminToken !== undefined) {
    if (typeof root.adminToken !== 'string' || root.adminToken.length < 16) {
      c.fail(
        'adminToken',
        `expected null (admin routes off) or a secret of at least 16 characters; got ${
          typeof root.adminToken === 'string'
            ? `${root.adminToken.length} characters`
            : show(root.adminToken)
        }`,
      );
    } else if (/\s/.test(root.adminToken)) {
      c.fail('adminToken', 'expected a token without spaces');
    } else {
      adminToken = root.adminToken;
    }
  }

  const observers: Record<string, ObserverConfig> = {};
  const obs = c.record(root.observers, 'observers');
  for (const [name, value] of Object.entries(obs)) {
    const path = join('observers', name);
    if (!OBSERVER_NAME.test(name)) {
      c.fail(path, 'observer names use letters, digits, "_" and "-" (at most 64), e.g. "home"');
    }
    observers[name] = observer(c, value, path);
  }

  const a = c.object(root.api, 'api', [
    'maxDays',
    'workBudgetSatelliteDays',
    'requestTimeoutSeconds',
    'defaultPageSize',
    'maxPageSize',
    'cacheMegabytes',
    'heavyConcurrency',
  ]);
  const api = {
    maxDays: c.number(a.maxDays, 'api.maxDays', { min: 1, max: 60, integer: true }, 14),
    workBudgetSatelliteDays: c.number(
      a.workBudgetSatelliteDays,
      'api.workBudgetSatelliteDays',
      { min: 1, max: 1_000_000 },
      3000,
    ),
    requestTimeoutSeconds: c.number(
      a.requestTimeoutSeconds,
      'api.requestTimeoutSeconds',
      { min: 1, max: 600 },
      30,
    ),
    defaultPageSize: c.number(
      a.defaultPageSize,
      'api.defaultPageSize',
      { min: 1, max: 10_000, integer: true },
      50,
    ),
    maxPageSize: c.number(
      a.maxPageSize,
      'api.maxPageSize',
      { min: 1, max: 10_000, integer: true },
      1000,
    ),
    cacheMegabytes: c.number(a.cacheMegabytes, 'api.cacheMegabytes', { min: 0, max: 4096 }, 64),
    heavyConcurrency: c.number(
      a.heavyConcurrency,
      'api.heavyConcurrency',
      { min: 1, max: 64, integer: true },
      2,
    ),
  };
  if (api.defaultPageSize > api.maxPageSize) {
    c.fail(
      'api.defaultPageSize',
      `expected at most api.maxPageSize (${api.maxPageSize}); got ${api.defaultPageSize}`,
    );
  }

  const cat = c.object(root.catalog, 'catalog', [
    'celestrak',
    'sources',
    'refresh',
    'staleDays',
    'historyDays',
    'snapshot',
  ]);
  const ct = c.object(cat.celestrak, 'catalog.celestrak', [
    'baseUrl',
    'format',
    'groups',
    'catalogNumbers',
  ]);
  const celestrak = {
    baseUrl: httpUrl(c, ct.baseUrl, 'catalog.celestrak.baseUrl') ?? 'https://celestrak.org',
    format: c.oneOf(ct.format, 'catalog.celestrak.format', ['json', 'csv'] as const, 'json'),
    groups: groupList(c, ct.groups, 'catalog.celestrak.groups'),
    catalogNumbers: catalogNumbers(c, ct.catalogNumbers, 'catalog.celestrak.catalogNumbers'),
  };
  const sources = c
    .array(cat.sources, 'catalog.sources')
    .map((s, i) => source(c, s, join('catalog.sources', i), cwd));
  const seen = new Set<string>();
  sources.forEach((s, i) => {
    if (seen.has(s.name)) {
      c.fail(join(join('catalog.sources', i), 'name'), `source name "${s.name}" is used twice`);
    }
    seen.add(s.name);
  });

  const r = c.object(cat.refresh, 'catalog.refresh', [
    'schedule',
    'timezone',
    'jitterMinutes',
    'onStart',
    'timeoutSeconds',
    'maxBodyMegabytes',
    'backoffBaseMinutes',
    'backoffMaxMinutes',
    'maxDropShare',
  ]);
  const refresh = {
    schedule: cron(c, r.schedule, 'catalog.refresh.schedule'),
    timezone: c.zone(r.timezone, 'catalog.refresh.timezone', 'UTC'),
    jitterMinutes: c.number(
      r.jitterMinutes,
      'catalog.refresh.jitterMinutes',
      { min: 0, max: 60 },
      5,
    ),
    onStart: c.boolean(r.onStart, 'catalog.refresh.onStart', true),
    timeoutSeconds: c.number(
      r.timeoutSeconds,
      'catalog.refresh.timeoutSeconds',
      { min: 0.1, max: 600 },
      60,
    ),
    maxBodyMegabytes: c.number(
      r.maxBodyMegabytes,
      'catalog.refresh.maxBodyMegabytes',
      { min: 0.001, max: 1024 },
      64,
    ),
    backoffBaseMinutes: c.number(
      r.backoffBaseMinutes,
      'catalog.refresh.backoffBaseMinutes',
      { min: 1, max: 10_080 },
      120,
    ),
    backoffMaxMinutes: c.number(
      r.backoffMaxMinutes,
      'catalog.refresh.backoffMaxMinutes',
      { min: 1, max: 43_200 },
      1440,
    ),
    maxDropShare: c.number(r.maxDropShare, 'catalog.refresh.maxDropShare', { min: 0, max: 1 }, 0.2),
  };
  if (refresh.backoffMaxMinutes < refresh.backoffBaseMinutes) {
    c.fail(
      'catalog.refresh.backoffMaxMinutes',
      `expected at least catalog.refresh.backoffBaseMinutes (${refresh.backoffBaseMinutes}); got ${refresh.backoffMaxMinutes}`,
    );
  }

  const catalog = {
    celestrak,
    sources,
    refresh,
    staleDays: c.number(cat.staleDays, 'catalog.staleDays', { min: 0.01, max: 3650 }, 14),
    historyDays: c.number(cat.historyDays, 'catalog.historyDays', { min: 0, max: 3650 }, 30),
    snapshot: c.boolean(cat.snapshot, 'catalog.snapshot', true),
  };
  if (
    celestrak.groups.length === 0 &&
    celestrak.catalogNumbers.length === 0 &&
    sources.length === 0
  ) {
    c.fail(
      'catalog.celestrak.groups',
      'expected at least one element source: a CelesTrak group, a catalog number or an entry in catalog.sources',
    );
  }

  const alerts = alertsSection(c, root.alerts, observers);

  if (c.problems.length > 0) return { config: null, problems: c.problems };
  return {
    config: {
      server,
      dataDir: resolve(cwd, dataDir),
      adminToken,
      observers,
      api,
      catalog,
      alerts,
    },
    problems: [],
  };
}

function corsOrigins(c: Checker, value: unknown, path: string): string[] {
  const out: string[] = [];
  c.array(value, path).forEach((item, i) => {
    const p = join(path, i);
    if (item === '*') {
      out.push(item);
      return;
    }
    const text = typeof item === 'string' ? item : '';
    const url = parseUrl(text);
    if (url === null || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
      c.fail(
        p,
        `expected "*" or an origin such as "https://example.org" (scheme, host, optional port; no path); got ${show(item)}`,
      );
      return;
    }
    out.push(url.origin);
  });
  return out;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function httpUrl(c: Checker, value: unknown, path: string): string | null {
  const url = typeof value === 'string' ? parseUrl(value) : null;
  if (url === null || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '') {
    c.fail(
      path,
      `expected an http:// or https:// URL without a query, e.g. "https://celestrak.org"; got ${show(value)}`,
    );
    return null;
  }
  return url.href.replace(/\/+$/, '');
}

function groupList(c: Checker, value: unknown, path: string): string[] {
  const out: string[] = [];
  c.array(value, path).forEach((item, i) => {
    if (typeof item !== 'string' || !GROUP_NAME.test(item)) {
      c.fail(
        join(path, i),
        `expected a group name (lower-case letters, digits, ".", "_", "-"), e.g. "stations"; got ${show(item)}`,
      );
    } else if (out.includes(item)) {
      c.fail(join(path, i), `group "${item}" is listed twice`);
    } else {
      out.push(item);
    }
  });
  return out;
}

function catalogNumbers(c: Checker, value: unknown, path: string): number[] {
  const out: number[] = [];
  c.array(value, path).forEach((item, i) => {
    const n = c.number(item, join(path, i), { min: 1, max: MAX_NORAD_ID, integer: true }, -1);
    if (n < 0) return;
    if (out.includes(n)) c.fail(join(path, i), `catalog number ${n} is listed twice`);
    else out.push(n);
  });
  return out;
}

function cron(c: Checker, value: unknown, path: string): string {
  const text = c.string(value, path, '0 */4 * * *', 'a cron expression such as "0 */4 * * *"');
  if (text !== value) return text;
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    c.fail(
      path,
      `expected a cron expression of 5 fields (minute hour day month weekday) or 6 (with seconds first); got "${text}" (${fields.length} field${fields.length === 1 ? '' : 's'})`,
    );
    return text;
  }
  const check = validateDetailed(text);
  if (!check.valid) {
    const why = check.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    c.fail(path, `"${text}" is not a valid cron expression (${why || 'unparsable'})`);
  }
  return text;
}

function observer(c: Checker, value: unknown, path: string): ObserverConfig {
  const o = c.object(value, path, ['lat', 'lon', 'alt', 'minElevation', 'horizonMask', 'timezone']);
  const result: ObserverConfig = {
    lat: c.number(o.lat, join(path, 'lat'), { min: -90, max: 90 }, 0),
    lon: c.number(o.lon, join(path, 'lon'), { min: -180, max: 180 }, 0),
    alt: o.alt === undefined ? 0 : c.number(o.alt, join(path, 'alt'), { min: -500, max: 9000 }, 0),
    minElevation:
      o.minElevation === undefined
        ? 0
        : c.number(o.minElevation, join(path, 'minElevation'), { min: -5, max: 90 }, 0),
    horizonMask: null,
    timezone:
      o.timezone === undefined || o.timezone === null
        ? null
        : c.zone(o.timezone, join(path, 'timezone'), 'UTC'),
  };
  if (o.horizonMask !== undefined && o.horizonMask !== null) {
    const maskPath = join(path, 'horizonMask');
    const before = c.problems.length;
    const points = c.array(o.horizonMask, maskPath).map((pt, i) => {
      if (typeof pt !== 'object' || pt === null || Array.isArray(pt)) {
        c.fail(
          join(maskPath, i),
          `expected an object like {"azimuth": 90, "elevation": 15}; got ${show(pt)}`,
        );
        return { azimuth: 0, elevation: 0 };
      }
      const p = c.object(pt, join(maskPath, i), ['azimuth', 'elevation']);
      return {
        azimuth: c.number(p.azimuth, join(join(maskPath, i), 'azimuth'), { min: 0, max: 360 }, 0),
        elevation: c.number(
          p.elevation,
          join(join(maskPath, i), 'elevation'),
          { min: -5, max: 90 },
          0,
        ),
      };
    });
    if (c.problems.length === before) {
      try {
        new HorizonMask(points.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })));
        result.horizonMask = points;
      } catch (error) {
        c.fail(
          maskPath,
          `expected a list of {"azimuth", "elevation"} points: ${(error as Error).message}`,
        );
      }
    }
  }
  return result;
}

function source(c: Checker, value: unknown, path: string, cwd: string): SourceConfig {
  const s = c.object(value, path, [
    'name',
    'url',
    'path',
    'format',
    'groups',
    'minIntervalMinutes',
  ]);
  const name = c.string(
    s.name,
    join(path, 'name'),
    `source-${path}`,
    'a source name such as "amsat"',
  );
  if (typeof s.name === 'string' && (!SOURCE_NAME.test(s.name) || s.name.startsWith('celestrak'))) {
    c.fail(
      join(path, 'name'),
      `expected lower-case letters, digits, ".", "_", "-" (at most 64), not starting with "celestrak" (reserved); got ${show(s.name)}`,
    );
  }
  const hasUrl = s.url !== undefined && s.url !== null;
  const hasPath = s.path !== undefined && s.path !== null;
  let url: string | null = null;
  let filePath: string | null = null;
  if (hasUrl === hasPath) {
    c.fail(path, 'expected exactly one of "url" (http/https) and "path" (a local file)');
  } else if (hasUrl) {
    const parsed = typeof s.url === 'string' ? parseUrl(s.url) : null;
    if (parsed === null || !/^https?:$/.test(parsed.protocol)) {
      c.fail(join(path, 'url'), `expected an http:// or https:// URL; got ${show(s.url)}`);
    } else {
      url = parsed.href;
    }
  } else {
    const p = c.string(s.path, join(path, 'path'), '', 'a file path');
    if (p !== '') filePath = isAbsolute(p) ? p : resolve(cwd, p);
  }
  return {
    name,
    url,
    path: filePath,
    format:
      s.format === undefined
        ? 'auto'
        : c.oneOf(s.format, join(path, 'format'), SOURCE_FORMATS, 'auto'),
    groups: s.groups === undefined ? [] : groupList(c, s.groups, join(path, 'groups')),
    minIntervalMinutes:
      s.minIntervalMinutes === undefined
        ? hasUrl
          ? 60
          : 0
        : c.number(
            s.minIntervalMinutes,
            join(path, 'minIntervalMinutes'),
            { min: 0, max: 10_080 },
            60,
          ),
  };
}

const SUBSCRIPTION_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function alertsSection(
  c: Checker,
  value: unknown,
  observers: Record<string, ObserverConfig>,
): AlertsConfig {
  const a = c.object(value, 'alerts', [
    'enabled',
    'horizonHours',
    'replanSchedule',
    'lateGraceMinutes',
    'retentionDays',
    'publicUrl',
    'delivery',
    'mqtt',
    'subscriptions',
  ]);
  const d = c.object(a.delivery, 'alerts.delivery', [
    'timeoutSeconds',
    'maxAttempts',
    'retryBaseSeconds',
    'retryFactor',
    'concurrency',
    'allow',
    'deny',
  ]);
  const cidrs = (v: unknown, path: string): string[] =>
    c.array(v, path).flatMap((item, i) => {
      if (typeof item !== 'string' || parseCidr(item) === null) {
        c.fail(
          join(path, i),
          `expected an IP address or CIDR block such as "169.254.169.254" or "10.0.0.0/8"; got ${show(item)}`,
        );
        return [];
      }
      return [item];
    });
  const delivery = {
    timeoutSeconds: c.number(
      d.timeoutSeconds,
      'alerts.delivery.timeoutSeconds',
      { min: 0.1, max: 120 },
      10,
    ),
    maxAttempts: c.number(
      d.maxAttempts,
      'alerts.delivery.maxAttempts',
      { min: 1, max: 100, integer: true },
      5,
    ),
    retryBaseSeconds: c.number(
      d.retryBaseSeconds,
      'alerts.delivery.retryBaseSeconds',
      { min: 0.01, max: 86_400 },
      90,
    ),
    retryFactor: c.number(d.retryFactor, 'alerts.delivery.retryFactor', { min: 1, max: 10 }, 3),
    concurrency: c.number(
      d.concurrency,
      'alerts.delivery.concurrency',
      { min: 1, max: 64, integer: true },
      4,
    ),
    allow: cidrs(d.allow, 'alerts.delivery.allow'),
    deny: cidrs(d.deny, 'alerts.delivery.deny'),
  };

  let mqtt: AlertsConfig['mqtt'] = null;
  if (a.mqtt !== null && a.mqtt !== undefined) {
    const m = c.object(a.mqtt, 'alerts.mqtt', [
      'url',
      'username',
      'password',
      'clientId',
      'discoveryPrefix',
      'topicPrefix',
      'maxEntities',
    ]);
    const url = typeof m.url === 'string' ? parseUrl(m.url) : null;
    if (url === null || !/^(mqtts?|wss?|tcp):$/.test(url.protocol)) {
      c.fail(
        'alerts.mqtt.url',
        `expected a broker URL such as "mqtt://192.168.1.10:1883" (mqtt, mqtts, ws, wss); got ${show(m.url)}`,
      );
    }
    const optionalString = (v: unknown, path: string): string | null =>
      v === undefined || v === null ? null : c.string(v, path, '');
    const topic = (v: unknown, path: string, fallback: string): string => {
      if (v === undefined) return fallback;
      const text = c.string(v, path, fallback, 'a topic prefix');
      if (/[#+]|^\/|\/$/.test(text)) {
        c.fail(
          path,
          `expected a topic prefix without wildcards or leading/trailing "/"; got ${show(v)}`,
        );
      }
      return text;
    };
    mqtt = {
      url: typeof m.url === 'string' ? m.url : '',
      username: optionalString(m.username, 'alerts.mqtt.username'),
      password: optionalString(m.password, 'alerts.mqtt.password'),
      clientId:
        m.clientId === undefined
          ? 'passwatch'
          : c.string(m.clientId, 'alerts.mqtt.clientId', 'passwatch'),
      discoveryPrefix: topic(m.discoveryPrefix, 'alerts.mqtt.discoveryPrefix', 'homeassistant'),
      topicPrefix: topic(m.topicPrefix, 'alerts.mqtt.topicPrefix', 'passwatch'),
      maxEntities:
        m.maxEntities === undefined
          ? 100
          : c.number(
              m.maxEntities,
              'alerts.mqtt.maxEntities',
              { min: 0, max: 10_000, integer: true },
              100,
            ),
    };
  }

  let publicUrl: string | null = null;
  if (a.publicUrl !== null && a.publicUrl !== undefined) {
    publicUrl = httpUrl(c, a.publicUrl, 'alerts.publicUrl');
  }

  const subscriptions: AlertsConfig['subscriptions'] = {};
  for (const [name, raw] of Object.entries(c.record(a.subscriptions, 'alerts.subscriptions'))) {
    const path = join('alerts.subscriptions', name);
    if (!SUBSCRIPTION_NAME.test(name)) {
      c.fail(path, 'subscription names use lower-case letters, digits, "_" and "-" (at most 64)');
      continue;
    }
    const parsed = ConfigSubscriptionInput.safeParse(raw);
    if (!parsed.success) {
      for (const p of zodProblems(parsed.error, path)) c.fail(p.field, p.message);
      continue;
    }
    const { secret, ...input } = parsed.data;
    const spec = normaliseSpec(input);
    for (const p of specProblems(input, spec)) c.fail(join(path, p.field), p.message);
    if (typeof spec.observer === 'string' && !observers[spec.observer]) {
      c.fail(join(path, 'observer'), `no observer named "${spec.observer}" in observers`);
    }
    if (spec.mqtt && mqtt === null) {
      c.fail(join(path, 'mqtt'), 'needs a broker in alerts.mqtt');
    }
    if (spec.webhooks.length > 0 && secret === undefined) {
      c.fail(
        join(path, 'secret'),
        'a subscription with a webhook needs its signing secret here: "whsec_" and base64 of 24-64 random bytes (echo whsec_$(openssl rand -base64 32))',
      );
    }
    subscriptions[name] = { spec, secret: secret ?? null };
  }

  return {
    enabled: c.boolean(a.enabled, 'alerts.enabled', true),
    horizonHours: c.number(a.horizonHours, 'alerts.horizonHours', { min: 1, max: 336 }, 48),
    replanSchedule: cron(c, a.replanSchedule, 'alerts.replanSchedule'),
    lateGraceMinutes: c.number(
      a.lateGraceMinutes,
      'alerts.lateGraceMinutes',
      { min: 0, max: 1440 },
      15,
    ),
    retentionDays: c.number(a.retentionDays, 'alerts.retentionDays', { min: 1, max: 3650 }, 30),
    publicUrl,
    delivery,
    mqtt,
    subscriptions,
  };
}
