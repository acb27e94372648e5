/**
 * Doppler per transmitter against Skyfield 1.45 (test/reference/doppler: fixtures and the script
 * that made them): passwatch's range rate and the tuned downlink and uplink, on real passes of
 * the ISS (a V/U FM repeater), RS-44 (an inverting linear transponder) and AO-7 (a non-inverting
 * one), within 1 Hz at 437 MHz.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Site } from '../../src/core/orbit/index.js';
import { dopplerTuning, nominalTuning, type RadioLink } from '../../src/core/radio/index.js';
import { orbitFromTle } from '../helpers/tle.js';

interface RefPoint {
  time: string;
  elevationDeg: number;
  rangeKm: number;
  rangeRateKmS: number;
  skyfieldRangeRateKmS: number;
  downlinkHz: number;
  uplinkHz: number;
}
interface RefCase {
  id: string;
  name: string;
  tle: [string, string];
  transmitter: {
    type: RadioLink['type'];
    invert: boolean;
    downlink: [number, number];
    uplink: [number, number];
  };
  chosenDownlinkHz: number | null;
  nominalDownlinkHz: number;
  nominalUplinkHz: number;
  points: RefPoint[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./doppler/doppler.json', import.meta.url), 'utf8'),
) as {
  observer: { latitudeDeg: number; longitudeDeg: number; altitudeM: number };
  cases: RefCase[];
};
const site = new Site(fixture.observer);

/** 1 Hz at 437 MHz, as a range rate: c / 437e6 km/s per Hz. */
const ONE_HZ_AT_437_KM_S = 299_792.458 / 437e6;

describe('Doppler per transmitter against Skyfield', () => {
  const worst = {
    skyfieldRateKmS: 0,
    rangeRateKmS: 0,
    downlinkHz: 0,
    uplinkHz: 0,
    downlinkHzAt437: 0,
  };
  for (const c of fixture.cases) {
    it(`${c.id}: nominal pair, then downlink and uplink at every 10 s of a pass`, () => {
      const t = c.transmitter;
      const link: RadioLink = {
        type: t.type,
        invert: t.invert,
        downlink: { lowHz: t.downlink[0], highHz: t.downlink[1] },
        uplink: { lowHz: t.uplink[0], highHz: t.uplink[1] },
      };
      const nominal = nominalTuning(link, c.chosenDownlinkHz ?? undefined);
      expect(nominal.downlinkHz).toBe(c.nominalDownlinkHz);
      expect(nominal.uplinkHz).toBeCloseTo(c.nominalUplinkHz, 6);
      const orbit = orbitFromTle(c.name, ...c.tle);
      for (const p of c.points) {
        const look = orbit.look(Date.parse(p.time), site);
        const rr = look.rangeRateKmS;
        const tuned = dopplerTuning(nominal, rr);
        const dRate = Math.abs(rr - p.rangeRateKmS);
        const dDown = Math.abs(tuned.downlinkHz! - p.downlinkHz);
        const dUp = Math.abs(tuned.uplinkHz! - p.uplinkHz);
        worst.rangeRateKmS = Math.max(worst.rangeRateKmS, dRate);
        worst.skyfieldRateKmS = Math.max(
          worst.skyfieldRateKmS,
          Math.abs(rr - p.skyfieldRangeRateKmS),
        );
        worst.downlinkHz = Math.max(worst.downlinkHz, dDown);
        worst.uplinkHz = Math.max(worst.uplinkHz, dUp);
        worst.downlinkHzAt437 = Math.max(worst.downlinkHzAt437, dRate / ONE_HZ_AT_437_KM_S);
        expect(dRate, `${p.time} range rate`).toBeLessThan(ONE_HZ_AT_437_KM_S);
        expect(dDown * (437e6 / nominal.downlinkHz!), `${p.time} downlink`).toBeLessThan(1);
        expect(dUp * (437e6 / nominal.uplinkHz!), `${p.time} uplink`).toBeLessThan(1);
      }
      // The signs: approaching (first point) heard high and sent low; receding the opposite.
      const first = dopplerTuning(
        nominal,
        orbit.look(Date.parse(c.points[0]!.time), site).rangeRateKmS,
      );
      const last = dopplerTuning(
        nominal,
        orbit.look(Date.parse(c.points.at(-1)!.time), site).rangeRateKmS,
      );
      expect(first.downlinkHz!).toBeGreaterThan(nominal.downlinkHz!);
      expect(first.uplinkHz!).toBeLessThan(nominal.uplinkHz!);
      expect(last.downlinkHz!).toBeLessThan(nominal.downlinkHz!);
      expect(last.uplinkHz!).toBeGreaterThan(nominal.uplinkHz!);
    });
  }
  it('prints the worst differences', () => {
    console.log(
      `Doppler vs Skyfield: worst range rate ${(worst.rangeRateKmS * 1e6).toFixed(1)} mm/s (= ${worst.downlinkHzAt437.toFixed(3)} Hz at 437 MHz) against the range's central difference, ${(worst.skyfieldRateKmS * 1e6).toFixed(2)} mm/s against Skyfield's analytic rate, downlink ${worst.downlinkHz.toFixed(3)} Hz, uplink ${worst.uplinkHz.toFixed(3)} Hz`,
    );
    expect(worst.rangeRateKmS).toBeGreaterThan(0);
  });
});
