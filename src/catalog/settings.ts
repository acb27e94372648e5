/**
 * The `catalog` settings section: where elements come from (CelesTrak groups and objects, other
 * URLs and files), the refresh job, and how long elements stay fresh. The catalog receives only
 * this section. Defaults are here and nowhere else.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import {
  cronExpression,
  flag,
  GROUP_NAME,
  groupName,
  httpBaseUrl,
  isRecord,
  list,
  noDuplicates,
  numberIn,
  parseUrl,
  RANGES,
  SOURCE_NAME,
  section,
  text,
  timeZone,
  whenValid,
} from '../fields/index.js';

/** Element format of a non-CelesTrak source: declared, or `auto` to detect it from the body. */
export const SOURCE_FORMATS = ['auto', 'tle', 'omm-json', 'omm-csv'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

const isGroupName = (item: unknown): item is string =>
  typeof item === 'string' && GROUP_NAME.test(item);

const groupList = () =>
  list(groupName()).check(noDuplicates(isGroupName, (g) => `group "${g}" is listed twice`));

const isNoradId = (item: unknown): item is number =>
  typeof item === 'number' &&
  Number.isInteger(item) &&
  item >= RANGES.noradId.min &&
  item <= RANGES.noradId.max;

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `one of ${values.map((v) => `"${v}"`).join(', ')}` });

const SOURCE_NAME_EXPECTED =
  'lower-case letters, digits, ".", "_", "-" (at most 64), not starting with "celestrak" (reserved)';

/** An element source other than CelesTrak's GP groups: a URL or a local file (`cwd`-relative). */
function sourceSettings(cwd: string) {
  return section({
    /** Unique name: lower-case letters, digits, `.`, `_`, `-`; not starting with `celestrak`. */
    name: text('a source name such as "amsat"').refine(
      (s) => SOURCE_NAME.test(s) && !s.startsWith('celestrak'),
      { error: SOURCE_NAME_EXPECTED, params: { expected: true } },
    ),
    /** Exactly one of `url` (http/https) and `path` (a local file). */
    url: z
      .string({ error: 'an http:// or https:// URL' })
      .refine((s) => /^https?:$/.test(parseUrl(s)?.protocol ?? ''), {
        error: 'an http:// or https:// URL',
        params: { expected: true },
      })
      .transform((s) => new URL(s).href)
      .nullable()
      .default(null),
    path: text('a file path')
      .transform((p) => (isAbsolute(p) ? p : resolve(cwd, p)))
      .nullable()
      .default(null),
    format: oneOf(SOURCE_FORMATS).default('auto'),
    /** Groups its objects join (for search and group queries). */
    groups: groupList().default([]),
    /**
     * Least time between two fetches of this source, minutes (default 60 for a URL, 0 for a
     * file). URLs on a CelesTrak host always keep CelesTrak's 2-hour floor whatever this says.
     */
    minIntervalMinutes: numberIn({ min: 0, max: 10_080 }).optional(),
  })
    .superRefine(
      (s, ctx) => {
        const hasUrl = s.url !== undefined && s.url !== null;
        const hasPath = s.path !== undefined && s.path !== null;
        if (hasUrl === hasPath) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected exactly one of "url" (http/https) and "path" (a local file)',
          });
        }
      },
      { when: (payload) => isRecord(payload.value) },
    )
    .transform((s) => ({
      ...s,
      minIntervalMinutes: s.minIntervalMinutes ?? (s.url !== null ? 60 : 0),
    }));
}

const backoffOrdered = z.superRefine<{ backoffBaseMinutes: number; backoffMaxMinutes: number }>(
  (r, ctx) => {
    if (r.backoffMaxMinutes < r.backoffBaseMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['backoffMaxMinutes'],
        message: `expected at least catalog.refresh.backoffBaseMinutes (${r.backoffBaseMinutes}); got ${r.backoffMaxMinutes}`,
      });
    }
  },
  whenValid('backoffBaseMinutes', 'backoffMaxMinutes'),
);

const refreshSettings = section({
  /** Cron expression (5 fields, or 6 with seconds) for the refresh job. */
  schedule: cronExpression('0 */4 * * *').default('0 */4 * * *'),
  /** Zone the cron expression is read in. */
  timezone: timeZone().default('UTC'),
  /** Each scheduled run starts after a random delay of up to this many minutes. */
  jitterMinutes: numberIn({ min: 0, max: 60 }).default(5),
  /** Run a refresh (of whatever is due) right after start. */
  onStart: flag().default(true),
  /** Timeout of one request, body included. */
  timeoutSeconds: numberIn({ min: 0.1, max: 600 }).default(60),
  /** Bodies larger than this are refused. */
  maxBodyMegabytes: numberIn({ min: 0.001, max: 1024 }).default(64),
  /** After the n-th failure in a row a source waits base x 2^(n-1), at most max. */
  backoffBaseMinutes: numberIn({ min: 1, max: 10_080 }).default(120),
  backoffMaxMinutes: numberIn({ min: 1, max: 43_200 }).default(1440),
  /** A body that would remove more than this share of a source's objects is rejected. */
  maxDropShare: numberIn({ min: 0, max: 1 }).default(0.2),
}).check(backoffOrdered);

const celestrakSettings = section({
  /** Base URL (scheme and host, optionally a path prefix) of CelesTrak or a mirror. */
  baseUrl: httpBaseUrl().default('https://celestrak.org'),
  /** OMM encoding requested with `FORMAT=`. */
  format: oneOf(['json', 'csv']).default('json'),
  /** GP groups fetched with `GROUP=`. */
  groups: groupList().default([
    'stations',
    'visual',
    'amateur',
    'weather',
    'noaa',
    'goes',
    'gnss',
    'geo',
    'active',
  ]),
  /** Single objects fetched with `CATNR=`. */
  catalogNumbers: list(numberIn(RANGES.noradId))
    .check(noDuplicates(isNoradId, (n) => `catalog number ${n} is listed twice`))
    .default([]),
});

/** The SatNOGS DB transmitter list, refreshed with the elements (see README "Radio"). */
const transmitterSettings = section({
  /** Download the list from SatNOGS DB; when off, the bundled list of 2026-08-08 is served. */
  enabled: flag().default(true),
  /** Base URL of SatNOGS DB or a mirror; the list is `<base>/api/transmitters/?format=json`. */
  baseUrl: httpBaseUrl().default('https://db.satnogs.org'),
  /** Cron expression (UTC) of the download job; `passwatch refresh --source satnogs:transmitters` runs it now. */
  schedule: cronExpression('17 3 * * *').default('17 3 * * *'),
  /** Least time between two downloads, hours (the list changes slowly). */
  minIntervalHours: numberIn({ min: 0, max: 720 }).default(12),
});

/** The `catalog` section; relative file paths are resolved against `cwd`. */
export function catalogSettings(cwd: string) {
  return section({
    celestrak: celestrakSettings.prefault({}),
    sources: list(sourceSettings(cwd))
      .check(
        noDuplicates(
          (s): s is { name: string } => isRecord(s) && typeof s.name === 'string',
          (s) => `source name "${s.name}" is used twice`,
          (s) => s.name,
          ['name'],
        ),
      )
      .default([]),
    refresh: refreshSettings.prefault({}),
    transmitters: transmitterSettings.prefault({}),
    /** Element sets older than this are flagged stale. */
    staleDays: numberIn({ min: 0.01, max: 3650 }).default(14),
    /** Superseded element sets are kept while their epoch is less than this many days old. */
    historyDays: numberIn({ min: 0, max: 3650 }).default(30),
    /** Load the bundled snapshot into an empty store. */
    snapshot: flag().default(true),
  }).superRefine(
    (c, ctx) => {
      const none = (v: unknown) => Array.isArray(v) && v.length === 0;
      if (
        isRecord(c.celestrak) &&
        none(c.celestrak.groups) &&
        none(c.celestrak.catalogNumbers) &&
        none(c.sources)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['celestrak', 'groups'],
          message:
            'expected at least one element source: a CelesTrak group, a catalog number or an entry in catalog.sources',
        });
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

export type CatalogSettings = z.output<ReturnType<typeof catalogSettings>>;
export type SourceSettings = CatalogSettings['sources'][number];
