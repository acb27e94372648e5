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
