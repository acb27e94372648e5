import { describe, expect, it } from 'vitest';
import { isSunlit, shadow, sunlitMarginKm } from '../../../src/core/sky/index.js';
import { type Vec3, WGS84_A_KM, WGS84_F } from '../../../src/core/units.js';

/** The Sun on the +x axis at 1 AU. */
const SUN: Vec3 = { x: 149_597_870.7, y: 0, z: 0 };
const B_KM = WGS84_A_KM * (1 - WGS84_F);

/** y at which the line from (-behindKm, y, 0) to SUN passes exactly a from the Earth's centre. */
function grazingY(behindKm: number): number {
  const X = SUN.x;
  return (WGS84_A_KM * (X + behindKm)) / Math.sqrt(X * X - WGS84_A_KM * WGS84_A_KM);
}

describe('sunlitMarginKm / isSunlit / shadow', () => {
  it('finds a satellite between the Earth and the Sun fully sunlit, margin = its height', () => {
    const sat = { x: 6778, y: 0, z: 0 };
    expect(sunlitMarginKm(sat, SUN)).toBeCloseTo(6778 - WGS84_A_KM, 9);
    expect(isSunlit(sat, SUN)).toBe(true);
    expect(shadow(sat, SUN)).toEqual({ sunlit: true, penumbraFraction: 0 });
  });

  it('finds a satellite straight behind the Earth in umbra, margin = -a', () => {
    const sat = { x: -6778, y: 0, z: 0 };
    expect(sunlitMarginKm(sat, SUN)).toBeCloseTo(-WGS84_A_KM, 6);
    expect(isSunlit(sat, SUN)).toBe(false);
    expect(shadow(sat, SUN)).toEqual({ sunlit: false, penumbraFraction: 1 });
  });

  it('changes sign of the margin exactly where the line of sight grazes the equator', () => {
    const yGraze = grazingY(7000);
    expect(sunlitMarginKm({ x: -7000, y: yGraze + 0.001, z: 0 }, SUN)).toBeGreaterThan(0);
    expect(sunlitMarginKm({ x: -7000, y: yGraze - 0.001, z: 0 }, SUN)).toBeLessThan(0);
    expect(Math.abs(sunlitMarginKm({ x: -7000, y: yGraze, z: 0 }, SUN))).toBeLessThan(1e-6);
  });

  it('models the Earth as the WGS84 ellipsoid: a ray passing 10 km above the pole is sunlit', () => {
    // Between the polar (6356.8 km) and equatorial (6378.1 km) radii: a sphere of radius a
    // would block this ray, the ellipsoid does not.
    const sat = { x: -7000, y: 0, z: B_KM + 10 };
    expect(sunlitMarginKm(sat, SUN)).toBeGreaterThan(9);
    expect(sunlitMarginKm(sat, SUN)).toBeLessThan(11);
    expect(isSunlit(sat, SUN)).toBe(true);
    expect(isSunlit({ x: -7000, y: 0, z: B_KM - 10 }, SUN)).toBe(false);
  });

  it('is continuous across the terminator plane (the Sun beside the satellite)', () => {
    const before = sunlitMarginKm({ x: -1e-6, y: 6778, z: 0 }, SUN);
    const after = sunlitMarginKm({ x: 1e-6, y: 6778, z: 0 }, SUN);
    expect(before).toBeCloseTo(6778 - WGS84_A_KM, 4);
    expect(Math.abs(after - before)).toBeLessThan(1e-6);
  });

  it('hides about half of the solar disc when the Sun centre sits on the limb', () => {
    const yGraze = grazingY(7000);
    const s = shadow({ x: -7000, y: yGraze, z: 0 }, SUN);
    expect(s.penumbraFraction).toBeGreaterThan(0.48);
    expect(s.penumbraFraction).toBeLessThan(0.52);
  });

  it('dims monotonically through the penumbra, from 0 outside to 1 in umbra', () => {
    let previous = 0;
    const fractions: number[] = [];
    for (let y = WGS84_A_KM + 40; y >= WGS84_A_KM - 40; y -= 0.5) {
      const s = shadow({ x: -7000, y, z: 0 }, SUN);
      expect(s.sunlit).toBe(isSunlit({ x: -7000, y, z: 0 }, SUN));
      expect(s.penumbraFraction).toBeGreaterThanOrEqual(previous);
      previous = s.penumbraFraction;
      fractions.push(s.penumbraFraction);
    }
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    // The penumbra is tens of km wide at this distance (Sun's radius 0.27 deg over ~2900 km).
    expect(fractions.filter((f) => f > 0 && f < 1).length).toBeGreaterThan(20);
  });
});
