import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});

const ONE = '/v1/satellites/25544/passes';
const OK = 'lat=52&lon=5&start=2026-08-22T00:00:00Z&days=1';

/** [what, url, status, offending parameter, detail pattern] */
const cases: [string, string, number, string, RegExp][] = [
  ['latitude above 90', `${ONE}?lat=95&lon=5`, 400, 'lat', /lat must be between -90 and 90/],
  ['latitude below -90', `${ONE}?lat=-90.5&lon=5`, 400, 'lat', /between -90 and 90/],
  ['latitude not a number', `${ONE}?lat=north&lon=5`, 400, 'lat', /decimal number/],
  [
    'longitude out of range',
    `${ONE}?lat=52&lon=181`,
    400,
    'lon',
    /lon must be between -180 and 180/,
  ],
  [
    'altitude above 9000 m',
    `${ONE}?lat=52&lon=5&alt=9001`,
    400,
    'alt',
    /alt must be between -500 and 9000/,
  ],
  ['altitude below -500 m', `${ONE}?lat=52&lon=5&alt=-501`, 400, 'alt', /between -500 and 9000/],
  ['missing latitude', `${ONE}?lon=5`, 400, 'lat', /lat is required/],
  ['missing longitude', `${ONE}?lat=52`, 400, 'lon', /lon is required/],
  [
    'days over the maximum',
    `${ONE}?lat=52&lon=5&days=15`,
    400,
    'days',
    /days must be between 0\.001 and 14/,
  ],
  ['days of zero', `${ONE}?lat=52&lon=5&days=0`, 400, 'days', /between 0\.001 and 14/],
  [
    'minimum elevation below -5',
    `${ONE}?lat=52&lon=5&minElevation=-6`,
    400,
    'minElevation',
    /between -5 and 90/,
  ],
  [
    'minimum elevation above 90',
    `${ONE}?lat=52&lon=5&minElevation=91`,
    400,
    'minElevation',
    /between -5 and 90/,
  ],
  [
    'start without offset',
    `${ONE}?lat=52&lon=5&start=2026-08-22T00:00:00`,
    400,
    'start',
    /no UTC offset.*add "Z"/,
  ],
  [
    'start not a timestamp',
    `${ONE}?lat=52&lon=5&start=tomorrow`,
    400,
    'start',
    /not an ISO 8601 timestamp/,
  ],
  [
    'end before start',
    `${ONE}?${OK.replace('&days=1', '')}&end=2026-08-21T00:00:00Z`,
    400,
    'end',
    /end must be after start/,
  ],
  [
    'end and days together',
    `${ONE}?${OK}&end=2026-08-23T00:00:00Z`,
    400,
    'end',
    /either end or days/,
  ],
  [
    'a window over the maximum',
    `${ONE}?lat=52&lon=5&start=2026-08-22T00:00:00Z&end=2026-09-22T00:00:00Z`,
    400,
    'end',
    /longer than 14 days/,
  ],
  ['an unknown time zone', `${ONE}?${OK}&tz=Mars/Olympus`, 400, 'tz', /not a known IANA time zone/],
  [
    'visibleOnly not a boolean',
    `${ONE}?${OK}&visibleOnly=maybe`,
    400,
    'visibleOnly',
    /true or false/,
  ],
  [
    'observer with coordinates',
    `${ONE}?observer=home&lat=52`,
    400,
    'observer',
    /either observer=NAME or lat\/lon\/alt/,
  ],
  [
    'an unknown observer',
    `${ONE}?observer=office`,
    400,
    'observer',
    /no observer named "office".*known: home/,
  ],
  [
    'a name of an object member, not an observer',
    `${ONE}?observer=toString`,
    400,
    'observer',
    /no observer named "toString".*known: home/,
  ],
  [
    'a NORAD id that is not a number',
    '/v1/satellites/ISS/passes?lat=52&lon=5',
    400,
    'noradId',
    /NORAD catalogue number/,
  ],
  [
    'an unknown satellite',
    `/v1/satellites/99999999/passes?${OK}`,
    404,
    'noradId',
    /no satellite with NORAD id 99999999/,
  ],
  [
    'an unknown satellite (detail)',
    '/v1/satellites/99999999',
    404,
    'noradId',
    /no satellite with NORAD id/,
  ],
  [
    'an unknown group',
    `/v1/passes?${OK}&group=nope`,
    400,
    'group',
    /no group named "nope"; known groups: .*visual/,
  ],
  ['no satellites chosen', `/v1/passes?${OK}`, 400, 'group', /give group=NAME and\/or ids/],
  ['ids that are not NORAD ids', `/v1/passes?${OK}&ids=25544,ISS`, 400, 'ids', /"ISS" is not one/],
  [
    'ids not in the catalog',
    `/v1/passes?${OK}&ids=99999999`,
    400,
    'ids',
    /no satellite with NORAD id 99999999/,
  ],
  [
    'a maximum magnitude out of range',
    `/v1/passes?${OK}&group=visual&maxMagnitude=50`,
    400,
    'maxMagnitude',
    /between -10 and 30/,
  ],
  [
    'a pass limit of zero',
    `/v1/passes?${OK}&group=visual&limit=0`,
    400,
    'limit',
    /from 1 to 10000/,
  ],
  [
    'a page size over the maximum',
    '/v1/satellites?limit=100000',
    400,
    'limit',
    /limit must be from 1 to/,
  ],
  ['a bad cursor', '/v1/satellites?cursor=garbage', 400, 'cursor', /cursor/],
  [
    'a track step below 0.1 s',
    '/v1/satellites/25544/track?lat=52&lon=5&step=0.01',
    400,
    'step',
    /between 0\.1 and 3600/,
  ],
  [
    'a track with too many points',
    '/v1/satellites/25544/track?lat=52&lon=5&start=2026-08-22T00:00:00Z&end=2026-08-29T00:00:00Z&step=1',
    422,
    'step',
    /over the limit of 20000/,
  ],
  [
    'a track with pass and start',
    '/v1/satellites/25544/track?lat=52&lon=5&pass=2026-08-22T01:21:55Z&start=2026-08-22T00:00:00Z',
    400,
    'pass',
    /either pass=AOS or start\/end/,
  ],
  [
    'a frequency of zero',
    '/v1/satellites/25544/track?lat=52&lon=5&frequency=0',
    400,
    'frequency',
    /between 1 and/,
  ],
  [
    'an above query with an unknown group',
    '/v1/above?lat=52&lon=5&group=nope',
    400,
    'group',
    /no group named/,
  ],
  ['an unknown route', '/v2/passes', 404, '', /no route for GET \/v2\/passes/],
  ['an unknown refresh source', '/v1/catalog/refresh?source=nope', 400, 'source', /nope/],
];

describe('every validation rule answers RFC 9457 problem+json naming the parameter', () => {
  for (const [what, url, status, parameter, detail] of cases) {
    it(`refuses ${what}`, async () => {
      const post = url.startsWith('/v1/catalog/refresh');
      const { res, body } = await api.get(
        url,
        post
          ? { method: 'POST', headers: { authorization: 'Bearer secret-token-0123456789' } }
          : undefined,
      );
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(body).toMatchObject({
        status,
        type: expect.stringMatching(/^\/problems\//),
        title: expect.any(String),
      });
      expect(body.detail).toMatch(detail);
      expect(body.instance).toBe(url.split('#')[0]);
      if (parameter) {
        expect(body.errors.map((e: { parameter: string }) => e.parameter)).toContain(parameter);
      }
    });
  }
});
