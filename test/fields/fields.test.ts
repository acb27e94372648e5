import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normaliseSpec, SubscriptionInput, specProblems } from '../../src/alerts/spec.js';
import { maxMagnitudeQuery, minElevationQuery, observerQuery } from '../../src/api/params.js';
import {
  ConfigError,
  configSchema,
  defaultConfig,
  formatProblem,
  loadConfig,
} from '../../src/config/index.js';
import {
  cronExpression,
  describeRange,
  horizonMask,
  mustBeInRange,
  numberIn,
  OBSERVER_NAME,
  RANGES,
  timeZone,
} from '../../src/fields/index.js';
import { checkNumber, LIMITS } from '../../src/format/input.js';
import { apiUnderTest } from '../api/helpers.js';
import { runCli } from '../cli/helpers.js';

const CWD = mkdtempSync(join(tmpdir(), 'passwatch-fields-'));

/** The config's problems for a PASSWATCH_OBSERVERS value, formatted. */
function observerProblems(observers: unknown): string[] {
  try {
    loadConfig({ PASSWATCH_OBSERVERS: JSON.stringify(observers) }, { cwd: CWD });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map(formatProblem);
  }
}

const subscription = (observer: unknown, extra: Record<string, unknown> = {}) => ({
  observer,
  satellites: [25544],
  events: [{ type: 'pass.aos' }],
  mqtt: true,
  ...extra,
});

describe('numberIn', () => {
  const lat = numberIn(RANGES.latitudeDeg);

  it('accepts the bounds and everything between', () => {
    for (const v of [-90, -0.5, 0, 89.999, 90]) expect(lat.parse(v)).toBe(v);
  });

  it('refuses values outside, non-finite numbers and non-numbers with one phrase', () => {
    for (const v of [-90.0001, 90.0001, Number.NaN, Number.POSITIVE_INFINITY, '45', null]) {
      const r = lat.safeParse(v);
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.message)).toContain('a number from -90 to 90');
    }
  });

  it('refuses fractions for whole-number ranges', () => {
    const id = numberIn(RANGES.noradId);
    expect(id.parse(25544)).toBe(25544);
    expect(id.safeParse(1.5).success).toBe(false);
    expect(id.safeParse(0).success).toBe(false);
    expect(id.safeParse(1_000_000_000).success).toBe(false);
    expect(describeRange(RANGES.noradId)).toBe('a whole number from 1 to 999999999');
  });

  it('words a consumer’s message', () => {
    const r = numberIn(RANGES.altitudeM, mustBeInRange('alt', RANGES.altitudeM)).safeParse(9001);
    expect(r.error?.issues[0]?.message).toBe('alt must be between -500 and 9000');
  });
});

describe('one range, every consumer', () => {
  // Just inside and just outside each bound: the config, the API's query parameters, a
  // subscription's body and the CLI must agree on every one of them.
  const cases = [
    { field: 'lat', range: RANGES.latitudeDeg },
    { field: 'lon', range: RANGES.longitudeDeg },
    { field: 'alt', range: RANGES.altitudeM },
  ] as const;
  for (const { field, range } of cases) {
    for (const [value, ok] of [
      [range.min, true],
      [range.max, true],
      [range.min - 0.001, false],
      [range.max + 0.001, false],
    ] as const) {
      it(`${field} = ${value} is ${ok ? 'accepted' : 'refused'} everywhere`, () => {
        const observer = { lat: 10, lon: 10, alt: 0, [field]: value };
        // The config's named observers.
        expect(observerProblems({ home: observer }).length === 0).toBe(ok);
        // The API's query parameters.
        expect(observerQuery[field].safeParse(String(value)).success).toBe(ok);
        // A subscription's coordinates.
        expect(SubscriptionInput.safeParse(subscription(observer)).success).toBe(ok);
        // The CLI's flags.
        const cli = () =>
          checkNumber(
            value,
            `--${field}`,
            LIMITS[
              `${field === 'lat' ? 'latitudeDeg' : field === 'lon' ? 'longitudeDeg' : 'altitudeM'}`
            ],
          );
        if (ok) expect(cli()).toBe(value);
        else expect(cli).toThrow(`--${field} must be between ${range.min} and ${range.max}`);
      });
    }
  }

  it('minimum elevation: the config observer and the API query agree', () => {
    for (const [value, ok] of [
      [-5, true],
      [90, true],
      [-5.01, false],
      [90.01, false],
    ] as const) {
      expect(observerProblems({ home: { lat: 0, lon: 0, minElevation: value } }).length === 0).toBe(
        ok,
      );
      expect(minElevationQuery.minElevation.safeParse(String(value)).success).toBe(ok);
      expect(
        SubscriptionInput.safeParse(subscription('home', { minElevation: value })).success,
      ).toBe(ok);
    }
  });
});

describe('magnitude and Sun elevation limits: one range, every consumer', () => {
  const STATIONS = fileURLToPath(new URL('../fixtures/elements/stations.tle', import.meta.url));
  const passes = (flag: string, value: number) =>
    runCli(
      [
        'passes',
        ...['--elements', STATIONS, '--sat', '25544', '--lat', '52', '--lon', '5'],
        ...['--start', '2026-08-21T12:00:00Z', '--days', '0.05', '--json', flag, String(value)],
      ],
      Date.parse('2026-08-21T12:00:00Z'),
    );
  const edges = (range: { min: number; max: number }) =>
    [
      [range.min, true],
      [range.max, true],
      [range.min - 0.01, false],
      [range.max + 0.01, false],
    ] as const;

  it('maxMagnitude: the config, the API query, a subscription and the CLI agree', async () => {
    expect(RANGES.magnitude).toEqual({ min: -10, max: 30 });
    for (const [value, ok] of edges(RANGES.magnitude)) {
      const config = () => loadConfig({ PASSWATCH_API_MAX_MAGNITUDE: String(value) }, { cwd: CWD });
      if (ok) expect(config().api.maxMagnitude).toBe(value);
      else expect(config).toThrow(ConfigError);
      expect(maxMagnitudeQuery.safeParse(String(value)).success).toBe(ok);
      expect(
        SubscriptionInput.safeParse(subscription('home', { maxMagnitude: value })).success,
      ).toBe(ok);
      const cli = await passes('--max-magnitude', value);
      expect(cli.code === 0).toBe(ok);
      if (!ok) expect(cli.err).toContain('--max-magnitude must be between -10 and 30');
    }
  });

  it('maxSunElevation: every API route and the CLI agree', async () => {
    expect(RANGES.maxSunElevationDeg).toEqual({ min: -18, max: 0 });
    const api = await apiUnderTest();
    try {
      const routes = [
        '/v1/sky?lat=52&lon=5',
        '/v1/above?lat=52&lon=5&group=stations',
        '/v1/satellites/25544/passes?lat=52&lon=5&days=0.05',
      ];
      for (const [value, ok] of edges(RANGES.maxSunElevationDeg)) {
        for (const route of routes) {
          const { status, body } = await api.get(`${route}&maxSunElevation=${value}`);
          expect(`${route} ${status}`).toBe(`${route} ${ok ? 200 : 400}`);
          if (!ok) expect(body.errors[0].parameter).toBe('maxSunElevation');
        }
        const cli = await passes('--max-sun-elevation', value);
        expect(cli.code === 0).toBe(ok);
        if (!ok) expect(cli.err).toContain('--max-sun-elevation must be between -18 and 0');
      }
    } finally {
      await api.stop();
    }
  });
});

describe('horizon mask', () => {
  const mask = horizonMask();

  it('accepts points and refuses an azimuth given twice, in the config and in subscriptions', () => {
    expect(mask.parse([{ azimuth: 90, elevation: 20 }])).toEqual([{ azimuth: 90, elevation: 20 }]);
    const twice = [
      { azimuth: 10, elevation: 5 },
      { azimuth: 10, elevation: 6 },
    ];
    expect(mask.safeParse(twice).error?.issues[0]?.message).toBe(
      'expected a list of {"azimuth", "elevation"} points: horizon mask: azimuth 10 is given twice',
    );
    const input = SubscriptionInput.parse(subscription('home', { horizonMask: twice }));
    expect(specProblems(input, normaliseSpec(input))).toContainEqual({
      field: 'horizonMask',
      message: 'horizon mask: azimuth 10 is given twice',
    });
  });

  it('refuses points out of range with the same bounds everywhere', () => {
    const point = { azimuth: 361, elevation: 91 };
    expect(mask.safeParse([point]).error?.issues.map((i) => i.message)).toEqual([
      'a number from 0 to 360',
      'a number from -5 to 90',
    ]);
    const r = SubscriptionInput.safeParse(subscription('home', { horizonMask: [point] }));
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'azimuth must be a number from 0 to 360',
      'elevation must be a number from -5 to 90',
    ]);
  });
});

describe('names, zones and schedules', () => {
  it('observer names are the same in the config and in subscriptions', () => {
    for (const [name, ok] of [
      ['home', true],
      ['roof-2_east', true],
      ['my home', false],
      ['-x', false],
      ['a'.repeat(65), false],
    ] as const) {
      expect(OBSERVER_NAME.test(name)).toBe(ok);
      expect(observerProblems({ [name]: { lat: 0, lon: 0 } }).length === 0).toBe(ok);
      expect(SubscriptionInput.safeParse(subscription(name)).success).toBe(ok);
    }
  });

  it('time zones are IANA names', () => {
    expect(timeZone().parse('Europe/Amsterdam')).toBe('Europe/Amsterdam');
    expect(timeZone().safeParse('Mars/Olympus').success).toBe(false);
  });

  it('cron expressions have 5 or 6 valid fields', () => {
    const cron = cronExpression('0 * * * *');
    expect(cron.parse('0 */4 * * *')).toBe('0 */4 * * *');
    expect(cron.parse('30 0 */4 * * *')).toBe('30 0 */4 * * *');
    expect(cron.safeParse('0 */4 * *').error?.issues[0]?.message).toMatch(/4 fields/);
    expect(cron.safeParse('61 * * * *').error?.issues[0]?.message).toMatch(
      /is not a valid cron expression \(minute: /,
    );
  });
});

describe('the configuration schema', () => {
  it('has config/default.json as its defaults (the file documents them; the schema owns them)', () => {
    const file = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../config/default.json', import.meta.url)), 'utf8'),
    );
    expect(configSchema(CWD).parse(file)).toEqual(defaultConfig(CWD));
  });

  it('fills every default into an empty configuration', () => {
    const config = defaultConfig(CWD);
    expect(config.server.port).toBe(8080);
    expect(config.dataDir).toBe(join(CWD, 'data'));
    expect(config.alerts.mqtt).toBeNull();
    expect(config.catalog.refresh.maxDropShare).toBe(0.2);
  });
});
