import { describe, expect, it } from 'vitest';
import { bundledStars } from '../../../src/catalog/index.js';
import {
  nearestNamedStar,
  nearStarsText,
  parseStarCatalogue,
  type StarPlace,
} from '../../../src/core/sky/index.js';

const place = (name: string, az: number, el: number): StarPlace => ({
  star: { hip: 1, raDeg: 0, decDeg: 0, magnitude: 0, name, designation: null },
  azimuthDeg: az,
  elevationDeg: el,
});

describe('stars', () => {
  it('reads the bundled catalogue: 1,627 stars to magnitude 5, each proper name once', () => {
    const stars = bundledStars().stars;
    expect(stars.length).toBe(1627);
    expect(Math.max(...stars.map((s) => s.magnitude))).toBeLessThanOrEqual(5);
    const names = stars.map((s) => s.name).filter((n) => n !== null);
    expect(new Set(names).size).toBe(names.length);
    const vega = stars.find((s) => s.name === 'Vega')!;
    expect(vega.designation).toBe('α Lyr');
    expect(vega.raDeg).toBeCloseTo(279.2347, 3);
    expect(() => parseStarCatalogue('{"stars":[[1,2]]}')).toThrow(SyntaxError);
  });

  it('names the nearest star as seen facing it: above, below, left, right, at', () => {
    const sky = [place('Vega', 90, 40), place('Arcturus', 250, 30)];
    expect(nearestNamedStar(sky, 90, 35)!.text).toBe('5° below Vega');
    expect(nearestNamedStar(sky, 90, 46)!.text).toBe('6° above Vega');
    // 10 deg of azimuth at 40 deg elevation is 7.7 deg across the sky, to the right (east).
    const right = nearStarsText(nearestNamedStar(sky, 100, 40), null);
    expect(right).toBe('from 8° right of Vega');
    expect(nearestNamedStar(sky, 245, 30)!.direction).toBe('left of');
    expect(nearestNamedStar(sky, 250.3, 30.2)!.text).toBe('at Arcturus');
    expect(nearestNamedStar(sky, 180, 80)).toBeNull(); // nothing within 20 deg
    expect(nearStarsText(nearestNamedStar(sky, 90, 35), nearestNamedStar(sky, 250.3, 30.2))).toBe(
      'from 5° below Vega to Arcturus',
    );
    expect(nearStarsText(null, null)).toBeNull();
  });

  it('puts the stars in the sky: Polaris stays at the latitude, due north', () => {
    const o = { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 };
    for (const h of [0, 6, 12, 18]) {
      const t = Date.UTC(2026, 7, 22, h);
      const polaris = bundledStars()
        .sky(o, t)
        .find((p) => p.star.name === 'Polaris')!;
      expect(Math.abs(polaris.elevationDeg - 52)).toBeLessThan(0.8);
      expect(Math.min(polaris.azimuthDeg, 360 - polaris.azimuthDeg)).toBeLessThan(1.2);
    }
  });
});

describe('StarField.nearestNamed', () => {
  it('gives nearestNamedStar over the whole sky, at random points, times and places', () => {
    const field = bundledStars();
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const found = new Set<string>();
    let none = 0;
    for (let i = 0; i < 3000; i++) {
      const observer = {
        latitudeDeg: random() * 180 - 90,
        longitudeDeg: random() * 360 - 180,
        altitudeM: random() * 2000,
      };
      const t = Date.UTC(2026, 0, 1) + random() * 3e10;
      // Points near a star (within a degree or two) as often as anywhere.
      const az = i % 3 === 0 ? random() * 360 : (i * 37) % 360;
      const el = random() * 100 - 10;
      const options = { maxMagnitude: i % 5 === 0 ? 4 : 2.5, minElevationDeg: i % 2 ? -5 : 0 };
      const expected = nearestNamedStar(field.sky(observer, t, options), az, el);
      expect(field.nearestNamed(observer, t, az, el, options)).toEqual(expected);
      if (expected) found.add(expected.direction);
      else none++;
    }
    // Every kind of answer came up.
    expect([...found].sort()).toEqual(['above', 'at', 'below', 'left of', 'right of']);
    expect(none).toBeGreaterThan(0);
  });
});
