/**
 * The page's pure modules (geometry, formatting, settings), checked in Node against the server's
 * own implementations where there is one.
 */
import { describe, expect, it } from 'vitest';
import { HorizonMask } from '../../src/core/passes/index.js';
import { sunEcfKm } from '../../src/core/sky/index.js';
import { formatInstant } from '../../src/format/time.js';
import { compass, direction, duration, local } from '../../src/web/client/format.js';
import {
  capPolygon,
  destination,
  footprintRadiusDeg,
  maskElevation,
  nightCap,
  polarToAzEl,
  polarXY,
  splitAtAntimeridian,
  subsolarPoint,
  wrapLon,
} from '../../src/web/client/geo.js';
import {
  DEFAULTS,
  fromParams,
  fromStored,
  hasSettings,
  passesQuery,
  summaryText,
  toParams,
  toStored,
} from '../../src/web/client/state.js';

const D2R = Math.PI / 180;

/** Great-circle distance, degrees. */
function distanceDeg(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const c =
    Math.sin(lat1 * D2R) * Math.sin(lat2 * D2R) +
    Math.cos(lat1 * D2R) * Math.cos(lat2 * D2R) * Math.cos((lon2 - lon1) * D2R);
  return Math.acos(Math.min(1, Math.max(-1, c))) / D2R;
}

/** Even-odd point-in-polygon, with the polygon repeated at -360/0/+360 like on the map. */
function inside(ring: [number, number][], lon: number, lat: number): boolean {
  let hit = false;
  for (const shift of [-360, 0, 360]) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi + shift) {
        hit = !hit;
      }
    }
  }
  return hit;
}

describe('the client mirrors the server', () => {
  it('names the 16 compass points, wrapping through north', () => {
    const names = [
      'N',
      'NNE',
      'NE',
      'ENE',
      'E',
      'ESE',
      'SE',
      'SSE',
      'S',
      'SSW',
      'SW',
      'WSW',
      'W',
      'WNW',
      'NW',
      'NNW',
    ];
    for (const [i, name] of names.entries()) {
      expect(compass(i * 22.5)).toBe(name);
      expect(compass(i * 22.5 + 11)).toBe(name);
      expect(compass(i * 22.5 - 11 + 360)).toBe(name);
    }
    expect(compass(-90)).toBe('W');
    expect(compass(720)).toBe('N');
    expect(direction(212.9)).toBe('213° SSW');
    expect(direction(359.7)).toBe('0° N');
  });

  it('interpolates horizon masks as the server does, wrapping through north', () => {
    const points = [
      { azimuth: 350, elevation: 5 },
      { azimuth: 45, elevation: 25 },
      { azimuth: 135, elevation: 25 },
      { azimuth: 140, elevation: 0 },
    ];
    const server = new HorizonMask(
      points.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })),
    );
    for (let az = 0; az < 360; az += 0.7) {
      expect(maskElevation(points, az)).toBeCloseTo(server.elevationAt(az), 9);
    }
  });
});

describe('sky chart projection', () => {
  it('puts north up, east right and the zenith in the middle', () => {
    const [nx, ny] = polarXY(0, 0, 100);
    expect(nx).toBeCloseTo(0, 9);
    expect(ny).toBeCloseTo(-100, 9);
    const [ex, ey] = polarXY(90, 0, 100);
    expect(ex).toBeCloseTo(100, 9);
    expect(ey).toBeCloseTo(0, 9);
    expect(polarXY(123, 90, 100).map((v) => Math.abs(v))).toEqual([0, 0]);
  });

  it('inverts exactly', () => {
    for (let az = 0; az < 360; az += 7.3) {
      for (const el of [-3, 0, 12.5, 45, 89]) {
        const [x, y] = polarXY(az, el, 100);
        const [a, e] = polarToAzEl(x, y, 100);
        expect(a).toBeCloseTo(az, 9);
        expect(e).toBeCloseTo(el, 9);
      }
    }
  });
});

describe('world map geometry', () => {
  it('finds the subsolar point within 0.05 deg of the server Sun', () => {
    for (const iso of [
      '2026-03-20T14:46:00Z',
      '2026-06-21T08:24:00Z',
      '2026-08-22T12:00:00Z',
      '2026-12-21T20:50:00Z',
      '2030-01-01T00:00:00Z',
    ]) {
      const ms = Date.parse(iso);
      const sun = sunEcfKm(ms);
      const lat = Math.atan2(sun.z, Math.hypot(sun.x, sun.y)) / D2R;
      const lon = Math.atan2(sun.y, sun.x) / D2R;
      const s = subsolarPoint(ms);
      expect(distanceDeg(s.lat, s.lon, lat, lon), iso).toBeLessThan(0.05);
    }
  });

  it('draws footprints as circles of the right radius', () => {
    expect(footprintRadiusDeg(420)).toBeCloseTo(20.26, 2);
    const ring = capPolygon(40, 170, 20, 90);
    for (const [lon, lat] of ring) expect(distanceDeg(40, 170, lat, lon)).toBeCloseTo(20, 6);
    expect(inside(ring, 170, 40)).toBe(true);
    expect(inside(ring, -175, 40)).toBe(true);
    expect(inside(ring, 120, 40)).toBe(false);
  });

  it('closes a cap around a pole along the map edge', () => {
    const ring = capPolygon(75, 0, 30);
    expect(ring.at(-1)![1]).toBe(90);
    for (const lon of [-179, -90, 0, 90, 179]) expect(inside(ring, lon, 89)).toBe(true);
    expect(inside(ring, 180, 40)).toBe(false);
    expect(inside(ring, 0, 50)).toBe(true);
  });

  it('shades night around the antisolar point', () => {
    const ms = Date.parse('2026-08-22T12:00:00Z');
    const s = subsolarPoint(ms);
    const night = nightCap(ms);
    expect(inside(night, s.lon, s.lat)).toBe(false);
    expect(inside(night, wrapLon(s.lon + 180), -s.lat)).toBe(true);
    // August: the north pole in daylight, the south pole in night.
    expect(inside(night, 0, 89.9)).toBe(false);
    expect(inside(night, 0, -89.9)).toBe(true);
  });

  it('splits ground tracks at the antimeridian', () => {
    const pts = [170, 175, 179.5, -179.5, -175].map((longitude) => ({ longitude }));
    expect(splitAtAntimeridian(pts).map((p) => p.length)).toEqual([3, 2]);
    expect(destination(0, 0, 90, 90)[0]).toBeCloseTo(90, 9);
  });
});

describe('formatting', () => {
  it('shows local times in any zone', () => {
    const iso = '2026-08-22T19:27:40.690Z';
    expect(local(iso, 'Europe/Amsterdam')).toMatchObject({
      date: '2026-08-22',
      time: '21:27:40',
      minute: '21:27',
      weekday: 'Sat',
      offset: 'GMT+2',
    });
    expect(local(iso, 'UTC').time).toBe('19:27:40');
    expect(local(Date.parse(iso), 'Pacific/Auckland').date).toBe('2026-08-23');
    // The same instant the API renders with tz=Europe/Amsterdam.
    expect(local(formatInstant(Date.parse(iso), 'Europe/Amsterdam'), 'UTC').time).toBe('19:27:40');
  });

  it('writes durations compactly', () => {
    expect(duration(316)).toBe('5m16s');
    expect(duration(42)).toBe('42s');
    expect(duration(3725)).toBe('1h02m');
  });
});

describe('settings in the address', () => {
  it('opens /?lat=52&lon=5&alt=0 on that observer, visible passes tonight', () => {
    const params = new URLSearchParams('lat=52&lon=5&alt=0');
    expect(hasSettings(params)).toBe(true);
    const { settings, problems } = fromParams(params);
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      ...DEFAULTS,
      observer: { kind: 'coords', lat: 52, lon: 5, alt: 0 },
    });
    expect(passesQuery(settings, 'Europe/Amsterdam')).toEqual({
      lat: 52,
      lon: 5,
      alt: 0,
      group: 'visual',
      visibleOnly: 'true',
      maxMagnitude: 4,
      start: null,
      days: 1,
      tz: 'Europe/Amsterdam',
    });
  });

  it('round-trips every setting through the address and storage', () => {
    const cases = [
      'observer=home&mode=radio&group=weather&minPeakEl=20&days=3&tz=UTC',
      'lat=-33.9&lon=151.2&alt=40&mag=3.5&start=2026-08-22T20%3A00%3A00Z',
      'lat=52&lon=5&alt=0&mode=chosen&minEl=10&ids=25544%2C20580',
    ];
    for (const c of cases) {
      const { settings } = fromParams(new URLSearchParams(c));
      expect(toParams(settings).toString()).toBe(c);
      expect(fromStored(toStored(settings))).toEqual(settings);
    }
    expect(fromParams(new URLSearchParams('ids=25544')).settings.mode).toBe('chosen');
    expect(fromStored('not json')).toBeNull();
  });

  it('passes numbers on for the API to judge, and reports what is not a number', () => {
    expect(fromParams(new URLSearchParams('lat=95&lon=5')).settings.observer).toEqual({
      kind: 'coords',
      lat: 95,
      lon: 5,
      alt: 0,
    });
    const bad = fromParams(new URLSearchParams('lat=north&lon=5'));
    expect(bad.settings.observer).toBeNull();
    expect(bad.problems).toEqual(['lat in the address is not a number']);
  });

  it('sums the settings up in one line: where, what, how long, which zone', () => {
    const south = fromParams(
      new URLSearchParams('lat=-33.9&lon=-18.4&mode=radio&minPeakEl=30&days=3'),
    ).settings;
    expect(summaryText(south, 'Africa/Johannesburg')).toBe(
      '33.900°S 18.400°W · radio, amateur, peak ≥ 30° · 3 days · Africa/Johannesburg',
    );
    expect(summaryText(DEFAULTS, 'UTC')).toBe(
      'no observer yet · visible ≤ mag 4 (visual) · 1 day · UTC',
    );
    const chosen = fromParams(
      new URLSearchParams('observer=home&mode=chosen&ids=25544,20580'),
    ).settings;
    expect(summaryText(chosen, 'UTC')).toBe('home · 2 chosen · 1 day · UTC');
  });
});
