import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type Config,
  ConfigError,
  ENV_VARIABLES,
  type Env,
  formatProblem,
  loadConfig,
} from '../../src/config/index.js';

const CWD = mkdtempSync(join(tmpdir(), 'passwatch-config-'));

function load(env: Env = {}): Config {
  return loadConfig(env, { cwd: CWD });
}

/** The problems `env` (and optionally a config file) cause, formatted. */
function problems(env: Env, file?: unknown): string[] {
  const e: Record<string, string> = { ...(env as Record<string, string>) };
  let written = '\0';
  if (file !== undefined) {
    const path = join(mkdtempSync(join(tmpdir(), 'passwatch-cfg-')), 'config.json');
    writeFileSync(path, typeof file === 'string' ? file : JSON.stringify(file));
    e.PASSWATCH_CONFIG = path;
    written = path;
  }
  try {
    loadConfig(e, { cwd: CWD });
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.map((p) => formatProblem(p).replace(written, 'FILE'));
    }
    throw error;
  }
  return [];
}

describe('defaults', () => {
  it('are valid and documented values', () => {
    expect(load()).toEqual({
      server: { host: '0.0.0.0', port: 8080, corsOrigins: [], maxBodyMegabytes: 1 },
      dataDir: join(CWD, 'data'),
      adminToken: null,
      observers: {},
      api: {
        maxDays: 14,
        workBudgetSatelliteDays: 3000,
        requestTimeoutSeconds: 30,
        defaultPageSize: 50,
        maxPageSize: 1000,
        cacheMegabytes: 64,
        heavyConcurrency: 2,
        maxMagnitude: 6,
        maxLiveStreams: 64,
      },
      catalog: {
        celestrak: {
          baseUrl: 'https://celestrak.org',
          format: 'json',
          groups: [
            'stations',
            'visual',
            'amateur',
            'weather',
            'noaa',
            'goes',
            'gnss',
            'geo',
            'active',
          ],
          catalogNumbers: [],
        },
        sources: [],
        refresh: {
          schedule: '0 */4 * * *',
          timezone: 'UTC',
          jitterMinutes: 5,
          onStart: true,
          timeoutSeconds: 60,
          maxBodyMegabytes: 64,
          backoffBaseMinutes: 120,
          backoffMaxMinutes: 1440,
          maxDropShare: 0.2,
        },
        staleDays: 14,
        historyDays: 30,
        snapshot: true,
        transmitters: {
          enabled: true,
          baseUrl: 'https://db.satnogs.org',
          schedule: '17 3 * * *',
          minIntervalHours: 12,
        },
      },
      alerts: {
        enabled: true,
        horizonHours: 48,
        replanSchedule: '7 * * * *',
        lateGraceMinutes: 15,
        retentionDays: 30,
        publicUrl: null,
        delivery: {
          timeoutSeconds: 10,
          maxAttempts: 5,
          retryBaseSeconds: 90,
          retryFactor: 3,
          concurrency: 4,
          allow: [],
          deny: [],
        },
        mqtt: null,
        subscriptions: {},
      },
      stations: {},
      watch: {
        enabled: true,
        decay: { perigeeKm: 200, horizonDays: 7, leftCatalogPerigeeKm: 350 },
        manoeuvreFactor: 1,
        conjunctions: { satellites: [25544, 48274], days: 7, maxKm: 5 },
        launches: { days: 7, objects: 3 },
      },
    } satisfies Config);
  });
});

describe('environment variables', () => {
  const values: Record<string, [string, unknown]> = {
    PORT: ['9090', 9090],
    PASSWATCH_HOST: ['127.0.0.1', '127.0.0.1'],
    PASSWATCH_CORS_ORIGINS: ['https://a.example, *', ['https://a.example', '*']],
    PASSWATCH_DATA_DIR: ['/var/lib/passwatch', '/var/lib/passwatch'],
    PASSWATCH_ADMIN_TOKEN: ['0123456789abcdef0123', '0123456789abcdef0123'],
    PASSWATCH_OBSERVERS: [
      '{"home": {"lat": 52.1, "lon": 5.2, "alt": 10, "timezone": "Europe/Amsterdam"}}',
      {
        home: {
          lat: 52.1,
          lon: 5.2,
          alt: 10,
          minElevation: 0,
          horizonMask: null,
          timezone: 'Europe/Amsterdam',
        },
      },
    ],
    PASSWATCH_API_MAX_DAYS: ['7', 7],
    PASSWATCH_API_WORK_BUDGET: ['500', 500],
    PASSWATCH_API_TIMEOUT_SECONDS: ['5', 5],
    PASSWATCH_API_DEFAULT_PAGE_SIZE: ['20', 20],
    PASSWATCH_API_MAX_PAGE_SIZE: ['200', 200],
    PASSWATCH_API_CACHE_MEGABYTES: ['16', 16],
    PASSWATCH_API_HEAVY_CONCURRENCY: ['3', 3],
    PASSWATCH_API_MAX_MAGNITUDE: ['4.5', 4.5],
    PASSWATCH_API_MAX_LIVE_STREAMS: ['8', 8],
    PASSWATCH_CELESTRAK_URL: ['http://127.0.0.1:8000/mirror/', 'http://127.0.0.1:8000/mirror'],
    PASSWATCH_CELESTRAK_FORMAT: ['csv', 'csv'],
    PASSWATCH_GROUPS: ['stations, amateur', ['stations', 'amateur']],
    PASSWATCH_CATNR: ['25544,43013', [25544, 43013]],
    PASSWATCH_SOURCES: [
      '[{"name": "amsat", "url": "https://example.org/nasabare.txt"}]',
      [
        {
          name: 'amsat',
          url: 'https://example.org/nasabare.txt',
          path: null,
          format: 'auto',
          groups: [],
          minIntervalMinutes: 60,
        },
      ],
    ],
    PASSWATCH_REFRESH_SCHEDULE: ['15 */6 * * *', '15 */6 * * *'],
    PASSWATCH_REFRESH_TIMEZONE: ['Europe/Amsterdam', 'Europe/Amsterdam'],
    PASSWATCH_REFRESH_JITTER_MINUTES: ['0', 0],
    PASSWATCH_REFRESH_ON_START: ['no', false],
    PASSWATCH_FETCH_TIMEOUT_SECONDS: ['10', 10],
    PASSWATCH_MAX_BODY_MEGABYTES: ['8', 8],
    PASSWATCH_BACKOFF_BASE_MINUTES: ['30', 30],
    PASSWATCH_BACKOFF_MAX_MINUTES: ['600', 600],
    PASSWATCH_MAX_DROP_SHARE: ['0.5', 0.5],
    PASSWATCH_STALE_DAYS: ['7', 7],
    PASSWATCH_HISTORY_DAYS: ['3', 3],
    PASSWATCH_SNAPSHOT: ['false', false],
    PASSWATCH_SATNOGS_URL: ['http://127.0.0.1:8001/satnogs/', 'http://127.0.0.1:8001/satnogs'],
  };

  it('cover every variable in the table', () => {
    expect(Object.keys(values).sort()).toEqual(ENV_VARIABLES.map((v) => v.name).sort());
  });

  for (const variable of ENV_VARIABLES) {
    it(`${variable.name} sets ${variable.path}`, () => {
      const [text, expected] = values[variable.name]!;
      const config = load({ [variable.name]: text }) as unknown as Record<string, unknown>;
      const value = variable.path
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
      expect(value).toEqual(expected);
    });
  }

  it('ignore empty values, except lists, where empty means none', () => {
    expect(load({ PORT: '', PASSWATCH_ADMIN_TOKEN: '  ' }).server.port).toBe(8080);
    expect(
      load({ PASSWATCH_GROUPS: '', PASSWATCH_CATNR: '25544' }).catalog.celestrak.groups,
    ).toEqual([]);
  });

  it('resolve relative paths against the working directory', () => {
    expect(load({ PASSWATCH_DATA_DIR: 'var/store' }).dataDir).toBe(join(CWD, 'var/store'));
    const config = load({ PASSWATCH_SOURCES: '[{"name": "local", "path": "extra.tle"}]' });
    expect(config.catalog.sources[0]!.path).toBe(join(CWD, 'extra.tle'));
    expect(config.catalog.sources[0]!.minIntervalMinutes).toBe(0);
  });
});

describe('PASSWATCH_CONFIG', () => {
  it('merges a JSON file over the defaults; the environment wins over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'passwatch-cfg-'));
    const path = join(dir, 'passwatch.json');
    writeFileSync(
      path,
      JSON.stringify({
        observers: {
          home: {
            lat: 52,
            lon: 5,
            minElevation: 10,
            horizonMask: [{ azimuth: 90, elevation: 20 }],
          },
        },
        catalog: { celestrak: { groups: ['amateur'] }, refresh: { schedule: '0 * * * *' } },
        server: { port: 8000 },
      }),
    );
    const config = load({ PASSWATCH_CONFIG: path, PORT: '9000' });
    expect(config.server).toEqual({
      host: '0.0.0.0',
      port: 9000,
      corsOrigins: [],
      maxBodyMegabytes: 1,
    });
    expect(config.observers.home).toEqual({
      lat: 52,
      lon: 5,
      alt: 0,
      minElevation: 10,
      horizonMask: [{ azimuth: 90, elevation: 20 }],
      timezone: null,
    });
    expect(config.catalog.celestrak.groups).toEqual(['amateur']);
    expect(config.catalog.celestrak.format).toBe('json');
    expect(config.catalog.refresh).toMatchObject({ schedule: '0 * * * *', jitterMinutes: 5 });
  });

  it('reports a missing file, bad JSON and a non-object', () => {
    expect(problems({ PASSWATCH_CONFIG: '/nonexistent/passwatch.json' })).toEqual([
      '(config) (from /nonexistent/passwatch.json (PASSWATCH_CONFIG)): cannot read the file (ENOENT)',
    ]);
    expect(problems({}, '{"server": ')[0]).toMatch(
      /^\(config\) \(from FILE \(PASSWATCH_CONFIG\)\): not valid JSON: /,
    );
    expect(problems({}, [1, 2])).toEqual([
      '(config) (from FILE (PASSWATCH_CONFIG)): expected a JSON object of settings',
    ]);
  });
});

describe('validation', () => {
  const cases: [string, Env, unknown, string[]][] = [
    [
      'unknown setting',
      {},
      { sever: {} },
      [
        'sever (from FILE (PASSWATCH_CONFIG)): unknown setting; known here: server, dataDir, adminToken, observers, api, catalog, alerts, stations, watch',
      ],
    ],
    [
      'unknown nested setting',
      {},
      { catalog: { refresh: { schedul: 'x' } } },
      [
        'catalog.refresh.schedul (from FILE (PASSWATCH_CONFIG)): unknown setting; known here: schedule, timezone, jitterMinutes, onStart, timeoutSeconds, maxBodyMegabytes, backoffBaseMinutes, backoffMaxMinutes, maxDropShare',
      ],
    ],
    [
      'a station on an unknown observer, a rotator that cannot cover 360 deg, a negative priority',
      {},
      {
        observers: { home: { lat: 52, lon: 5 } },
        stations: {
          shack: {
            observer: 'hmoe',
            rotator: { azimuthMaxDeg: 350, azimuthRateDegS: 6, elevationRateDegS: 6 },
            satellites: [{ noradId: 25544, priority: -1 }],
          },
        },
      },
      [
        'stations.shack.observer (from FILE (PASSWATCH_CONFIG)): expected the name of an observer in "observers" (home); got "hmoe"',
        'stations.shack.rotator.azimuthMaxDeg (from FILE (PASSWATCH_CONFIG)): the azimuth range 0–350° cannot cover 360°',
        'stations.shack.satellites[0].priority (from FILE (PASSWATCH_CONFIG)): expected a positive number (at most 1000000); got -1',
      ],
    ],
    [
      'a station with both a named observer and its own site, and one with half a site',
      {},
      {
        observers: { home: { lat: 52, lon: 5 } },
        stations: {
          both: { observer: 'home', lat: 50, satellites: [] },
          half: { lat: 50, alt: 30, satellites: [] },
        },
      },
      [
        'stations.both.lat (from FILE (PASSWATCH_CONFIG)): give either "observer" (a named observer) or the station\'s own lat/lon, not both (lat given beside observer "home")',
        'stations.half.lon (from FILE (PASSWATCH_CONFIG)): expected "lon" (the station\'s own site needs lat and lon)',
      ],
    ],
    [
      'port not a number',
      { PORT: 'http' },
      undefined,
      ['server.port (from PORT): expected a whole number from 0 to 65535; got "http"'],
    ],
    [
      'port out of range',
      { PORT: '70000' },
      undefined,
      ['server.port (from PORT): expected a whole number from 0 to 65535; got 70000'],
    ],
    [
      'empty host',
      {},
      { server: { host: '' } },
      [
        'server.host (from FILE (PASSWATCH_CONFIG)): expected a host name or IP address to listen on; got ""',
      ],
    ],
    [
      'CORS origin with a path, and not a URL',
      { PASSWATCH_CORS_ORIGINS: 'https://a.example/app,example.org' },
      undefined,
      [
        'server.corsOrigins[0] (from PASSWATCH_CORS_ORIGINS): expected "*" or an origin such as "https://example.org" (scheme, host, optional port; no path); got "https://a.example/app"',
        'server.corsOrigins[1] (from PASSWATCH_CORS_ORIGINS): expected "*" or an origin such as "https://example.org" (scheme, host, optional port; no path); got "example.org"',
      ],
    ],
    [
      'CORS origins not a list',
      {},
      { server: { corsOrigins: '*' } },
      ['server.corsOrigins (from FILE (PASSWATCH_CONFIG)): expected a list (JSON array); got "*"'],
    ],
    [
      'data dir not a string',
      {},
      { dataDir: 5 },
      ['dataDir (from FILE (PASSWATCH_CONFIG)): expected a directory path; got 5'],
    ],
    [
      'short admin token',
      { PASSWATCH_ADMIN_TOKEN: 'secret' },
      undefined,
      [
        'adminToken (from PASSWATCH_ADMIN_TOKEN): expected null (admin routes off) or a secret of at least 16 characters; got 6 characters',
      ],
    ],
    [
      'admin token with spaces',
      {},
      { adminToken: 'correct horse battery staple' },
      ['adminToken (from FILE (PASSWATCH_CONFIG)): expected a token without spaces'],
    ],
    [
      'observers not an object',
      { PASSWATCH_OBSERVERS: '[]' },
      undefined,
      ['observers (from PASSWATCH_OBSERVERS): expected an object of named entries; got []'],
    ],
    [
      'observer JSON unreadable',
      { PASSWATCH_OBSERVERS: '{home' },
      undefined,
      [
        expect.stringMatching(
          /^observers \(from PASSWATCH_OBSERVERS\): PASSWATCH_OBSERVERS is not valid JSON \(/,
        ) as unknown as string,
      ],
    ],
    [
      'observer fields',
      {},
      {
        observers: {
          'my home': {
            lat: 91,
            lon: -181,
            alt: 9001,
            minElevation: -6,
            timezone: 'Mars/Olympus',
            x: 1,
          },
          roof: { lon: 5 },
        },
      },
      [
        'observers.my home (from FILE (PASSWATCH_CONFIG)): observer names use letters, digits, "_" and "-" (at most 64), e.g. "home"',
        'observers.my home.x (from FILE (PASSWATCH_CONFIG)): unknown setting; known here: lat, lon, alt, minElevation, horizonMask, timezone',
        'observers.my home.lat (from FILE (PASSWATCH_CONFIG)): expected a number from -90 to 90; got 91',
        'observers.my home.lon (from FILE (PASSWATCH_CONFIG)): expected a number from -180 to 180; got -181',
        'observers.my home.alt (from FILE (PASSWATCH_CONFIG)): expected a number from -500 to 9000; got 9001',
        'observers.my home.minElevation (from FILE (PASSWATCH_CONFIG)): expected a number from -5 to 90; got -6',
        'observers.my home.timezone (from FILE (PASSWATCH_CONFIG)): expected an IANA time zone such as "UTC" or "Europe/Amsterdam"; got "Mars/Olympus"',
        'observers.roof.lat (from FILE (PASSWATCH_CONFIG)): expected a number from -90 to 90; got nothing',
      ],
    ],
    [
      'horizon mask points',
      {},
      {
        observers: {
          a: { lat: 0, lon: 0, horizonMask: [{ azimuth: 400, elevation: 95 }, 'x'] },
          b: {
            lat: 0,
            lon: 0,
            horizonMask: [
              { azimuth: 10, elevation: 5 },
              { azimuth: 10, elevation: 6 },
            ],
          },
          c: { lat: 0, lon: 0, horizonMask: 'east' },
        },
      },
      [
        'observers.a.horizonMask[0].azimuth (from FILE (PASSWATCH_CONFIG)): expected a number from 0 to 360; got 400',
        'observers.a.horizonMask[0].elevation (from FILE (PASSWATCH_CONFIG)): expected a number from -5 to 90; got 95',
        'observers.a.horizonMask[1] (from FILE (PASSWATCH_CONFIG)): expected an object like {"azimuth": 90, "elevation": 15}; got "x"',
        'observers.b.horizonMask (from FILE (PASSWATCH_CONFIG)): expected a list of {"azimuth", "elevation"} points: horizon mask: azimuth 10 is given twice',
        'observers.c.horizonMask (from FILE (PASSWATCH_CONFIG)): expected a list (JSON array); got "east"',
      ],
    ],
    [
      'API limits',
      {
        PASSWATCH_API_MAX_DAYS: '1.5',
        PASSWATCH_API_WORK_BUDGET: '0',
        PASSWATCH_API_TIMEOUT_SECONDS: '601',
      },
      undefined,
      [
        'api.maxDays (from PASSWATCH_API_MAX_DAYS): expected a whole number from 1 to 60; got 1.5',
        'api.workBudgetSatelliteDays (from PASSWATCH_API_WORK_BUDGET): expected a number from 1 to 1000000; got 0',
        'api.requestTimeoutSeconds (from PASSWATCH_API_TIMEOUT_SECONDS): expected a number from 1 to 600; got 601',
      ],
    ],
    [
      'page sizes',
      { PASSWATCH_API_DEFAULT_PAGE_SIZE: '100', PASSWATCH_API_MAX_PAGE_SIZE: '50' },
      undefined,
      [
        'api.defaultPageSize (from PASSWATCH_API_DEFAULT_PAGE_SIZE): expected at most api.maxPageSize (50); got 100',
      ],
    ],
    [
      'max page size',
      { PASSWATCH_API_MAX_PAGE_SIZE: '0' },
      undefined,
      [
        'api.maxPageSize (from PASSWATCH_API_MAX_PAGE_SIZE): expected a whole number from 1 to 10000; got 0',
      ],
    ],
    [
      'CelesTrak URL',
      { PASSWATCH_CELESTRAK_URL: 'ftp://celestrak.org' },
      undefined,
      [
        'catalog.celestrak.baseUrl (from PASSWATCH_CELESTRAK_URL): expected an http:// or https:// URL without a query, e.g. "https://celestrak.org"; got "ftp://celestrak.org"',
      ],
    ],
    [
      'CelesTrak URL with a query',
      { PASSWATCH_CELESTRAK_URL: 'https://celestrak.org/?x=1' },
      undefined,
      [
        'catalog.celestrak.baseUrl (from PASSWATCH_CELESTRAK_URL): expected an http:// or https:// URL without a query, e.g. "https://celestrak.org"; got "https://celestrak.org/?x=1"',
      ],
    ],
    [
      'CelesTrak format',
      { PASSWATCH_CELESTRAK_FORMAT: 'tle' },
      undefined,
      [
        'catalog.celestrak.format (from PASSWATCH_CELESTRAK_FORMAT): expected one of "json", "csv"; got "tle"',
      ],
    ],
    [
      'groups',
      { PASSWATCH_GROUPS: 'Stations,visual,visual,GROUP=x' },
      undefined,
      [
        'catalog.celestrak.groups[0] (from PASSWATCH_GROUPS): expected a group name (lower-case letters, digits, ".", "_", "-"), e.g. "stations"; got "Stations"',
        'catalog.celestrak.groups[2] (from PASSWATCH_GROUPS): group "visual" is listed twice',
        'catalog.celestrak.groups[3] (from PASSWATCH_GROUPS): expected a group name (lower-case letters, digits, ".", "_", "-"), e.g. "stations"; got "GROUP=x"',
      ],
    ],
    [
      'catalog numbers',
      { PASSWATCH_CATNR: '25544,0,1.5,iss,25544' },
      undefined,
      [
        'catalog.celestrak.catalogNumbers[1] (from PASSWATCH_CATNR): expected a whole number from 1 to 999999999; got 0',
        'catalog.celestrak.catalogNumbers[2] (from PASSWATCH_CATNR): expected a whole number from 1 to 999999999; got 1.5',
        'catalog.celestrak.catalogNumbers[3] (from PASSWATCH_CATNR): expected a whole number from 1 to 999999999; got "iss"',
        'catalog.celestrak.catalogNumbers[4] (from PASSWATCH_CATNR): catalog number 25544 is listed twice',
      ],
    ],
    [
      'no source at all',
      { PASSWATCH_GROUPS: '' },
      undefined,
      [
        'catalog.celestrak.groups (from PASSWATCH_GROUPS): expected at least one element source: a CelesTrak group, a catalog number or an entry in catalog.sources',
      ],
    ],
    [
      'sources',
      {},
      {
        catalog: {
          sources: [
            {
              name: 'Amsat',
              url: 'ftp://example.org/x',
              format: 'xml',
              groups: ['A'],
              minIntervalMinutes: -1,
            },
            { name: 'celestrak-mirror', url: 'https://example.org', path: '/tmp/x' },
            { name: 'b' },
            { name: 'b', path: '/tmp/b.tle' },
          ],
        },
      },
      [
        'catalog.sources[0].name (from FILE (PASSWATCH_CONFIG)): expected lower-case letters, digits, ".", "_", "-" (at most 64), not starting with "celestrak" (reserved); got "Amsat"',
        'catalog.sources[0].url (from FILE (PASSWATCH_CONFIG)): expected an http:// or https:// URL; got "ftp://example.org/x"',
        'catalog.sources[0].format (from FILE (PASSWATCH_CONFIG)): expected one of "auto", "tle", "omm-json", "omm-csv"; got "xml"',
        'catalog.sources[0].groups[0] (from FILE (PASSWATCH_CONFIG)): expected a group name (lower-case letters, digits, ".", "_", "-"), e.g. "stations"; got "A"',
        'catalog.sources[0].minIntervalMinutes (from FILE (PASSWATCH_CONFIG)): expected a number from 0 to 10080; got -1',
        'catalog.sources[1].name (from FILE (PASSWATCH_CONFIG)): expected lower-case letters, digits, ".", "_", "-" (at most 64), not starting with "celestrak" (reserved); got "celestrak-mirror"',
        'catalog.sources[1] (from FILE (PASSWATCH_CONFIG)): expected exactly one of "url" (http/https) and "path" (a local file)',
        'catalog.sources[2] (from FILE (PASSWATCH_CONFIG)): expected exactly one of "url" (http/https) and "path" (a local file)',
        'catalog.sources[3].name (from FILE (PASSWATCH_CONFIG)): source name "b" is used twice',
      ],
    ],
    [
      'sources not a list',
      { PASSWATCH_SOURCES: '{"name": "x"}' },
      undefined,
      ['catalog.sources (from PASSWATCH_SOURCES): expected a list (JSON array); got {"name":"x"}'],
    ],
    [
      'schedule with too few fields',
      { PASSWATCH_REFRESH_SCHEDULE: '0 */4 * *' },
      undefined,
      [
        'catalog.refresh.schedule (from PASSWATCH_REFRESH_SCHEDULE): expected a cron expression of 5 fields (minute hour day month weekday) or 6 (with seconds first); got "0 */4 * *" (4 fields)',
      ],
    ],
    [
      'schedule with a bad field',
      { PASSWATCH_REFRESH_SCHEDULE: '61 */4 * * *' },
      undefined,
      [
        expect.stringMatching(
          /^catalog\.refresh\.schedule \(from PASSWATCH_REFRESH_SCHEDULE\): "61 \*\/4 \* \* \*" is not a valid cron expression \(minute: /,
        ) as unknown as string,
      ],
    ],
    [
      'schedule not text',
      {},
      { catalog: { refresh: { schedule: 4 } } },
      [
        'catalog.refresh.schedule (from FILE (PASSWATCH_CONFIG)): expected a cron expression such as "0 */4 * * *"; got 4',
      ],
    ],
    [
      'refresh settings',
      {
        PASSWATCH_REFRESH_TIMEZONE: 'Nowhere',
        PASSWATCH_REFRESH_JITTER_MINUTES: '61',
        PASSWATCH_REFRESH_ON_START: 'maybe',
        PASSWATCH_FETCH_TIMEOUT_SECONDS: '0',
        PASSWATCH_MAX_BODY_MEGABYTES: '2000',
        PASSWATCH_MAX_DROP_SHARE: '1.5',
      },
      undefined,
      [
        'catalog.refresh.timezone (from PASSWATCH_REFRESH_TIMEZONE): expected an IANA time zone such as "UTC" or "Europe/Amsterdam"; got "Nowhere"',
        'catalog.refresh.jitterMinutes (from PASSWATCH_REFRESH_JITTER_MINUTES): expected a number from 0 to 60; got 61',
        'catalog.refresh.onStart (from PASSWATCH_REFRESH_ON_START): expected true or false; got "maybe"',
        'catalog.refresh.timeoutSeconds (from PASSWATCH_FETCH_TIMEOUT_SECONDS): expected a number from 0.1 to 600; got 0',
        'catalog.refresh.maxBodyMegabytes (from PASSWATCH_MAX_BODY_MEGABYTES): expected a number from 0.001 to 1024; got 2000',
        'catalog.refresh.maxDropShare (from PASSWATCH_MAX_DROP_SHARE): expected a number from 0 to 1; got 1.5',
      ],
    ],
    [
      'backoff',
      { PASSWATCH_BACKOFF_BASE_MINUTES: '0' },
      undefined,
      [
        'catalog.refresh.backoffBaseMinutes (from PASSWATCH_BACKOFF_BASE_MINUTES): expected a number from 1 to 10080; got 0',
      ],
    ],
    [
      'backoff cap below the base',
      { PASSWATCH_BACKOFF_BASE_MINUTES: '60', PASSWATCH_BACKOFF_MAX_MINUTES: '30' },
      undefined,
      [
        'catalog.refresh.backoffMaxMinutes (from PASSWATCH_BACKOFF_MAX_MINUTES): expected at least catalog.refresh.backoffBaseMinutes (60); got 30',
      ],
    ],
    [
      'catalog ages',
      { PASSWATCH_STALE_DAYS: '0', PASSWATCH_HISTORY_DAYS: '-1', PASSWATCH_SNAPSHOT: 'sometimes' },
      undefined,
      [
        'catalog.staleDays (from PASSWATCH_STALE_DAYS): expected a number from 0.01 to 3650; got 0',
        'catalog.historyDays (from PASSWATCH_HISTORY_DAYS): expected a number from 0 to 3650; got -1',
        'catalog.snapshot (from PASSWATCH_SNAPSHOT): expected true or false; got "sometimes"',
      ],
    ],
  ];
  for (const [what, env, file, expected] of cases) {
    it(`rejects ${what}`, () => {
      expect(problems(env, file)).toEqual(expected);
    });
  }

  it('reports every problem at once, from file and environment', () => {
    const found = problems(
      { PORT: 'x', PASSWATCH_REFRESH_SCHEDULE: 'hourly' },
      { api: { maxDays: 0 }, catalog: { staleDays: 'two weeks' } },
    );
    expect(found).toHaveLength(4);
    expect(found.map((p) => p.split(' ')[0])).toEqual([
      'server.port',
      'api.maxDays',
      'catalog.refresh.schedule',
      'catalog.staleDays',
    ]);
    try {
      load({ PORT: 'x', PASSWATCH_STALE_DAYS: '0' });
    } catch (error) {
      expect((error as ConfigError).message).toBe(
        'invalid configuration (2 problems):\n' +
          '  server.port (from PORT): expected a whole number from 0 to 65535; got "x"\n' +
          '  catalog.staleDays (from PASSWATCH_STALE_DAYS): expected a number from 0.01 to 3650; got 0',
      );
    }
  });
});

describe('passwatch serve with an invalid configuration', () => {
  it('prints every problem and exits with status 78', async () => {
    const bin = fileURLToPath(new URL('../../bin/passwatch.js', import.meta.url));
    const run = promisify(execFile);
    const result = await run(process.execPath, [bin, 'serve'], {
      env: {
        ...process.env,
        PORT: 'x',
        PASSWATCH_REFRESH_SCHEDULE: 'every hour',
        PASSWATCH_DATA_DIR: CWD,
      },
    }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(result?.code).toBe(78);
    expect(result?.stdout).toBe('');
    expect(result?.stderr).toBe(
      'passwatch: invalid configuration, 2 problems:\n' +
        '  server.port (from PORT): expected a whole number from 0 to 65535; got "x"\n' +
        '  catalog.refresh.schedule (from PASSWATCH_REFRESH_SCHEDULE): expected a cron expression of 5 fields (minute hour day month weekday) or 6 (with seconds first); got "every hour" (2 fields)\n',
    );
  });
});

describe('the README', () => {
  it('shows an example config file that is valid', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const example = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    expect(problems({}, example)).toEqual([]);
  });
});
