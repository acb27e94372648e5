import { parseTle } from '../../src/core/elements/index.js';
import type { ElementSet } from '../../src/core/elements/types.js';
import { Orbit } from '../../src/core/orbit/index.js';

/** Element set from TLE lines embedded in a test; fails the test on any parse issue. */
export function elementsFromTle(name: string, line1: string, line2: string): ElementSet {
  const { elements, issues } = parseTle(`${name}\n${line1}\n${line2}\n`, 'test');
  if (issues.length > 0 || elements.length !== 1) {
    throw new Error(`test TLE did not parse: ${issues.map((i) => i.reason).join('; ')}`);
  }
  return elements[0]!;
}

export function orbitFromTle(name: string, line1: string, line2: string): Orbit {
  return new Orbit(elementsFromTle(name, line1, line2));
}

/** Real element sets from the 2026-08-22 CelesTrak snapshot (see test/fixtures/elements/README.md). */
export const TLE = {
  iss: [
    'ISS (ZARYA)',
    '1 25544U 98067A   26233.53315667  .00008864  00000+0  16558-3 0  9995',
    '2 25544  51.6331 336.6713 0007673  69.9303 290.2511 15.49551867581884',
  ],
  astra1m: [
    'ASTRA 1M',
    '1 33436U 08057A   26233.34351778  .00000119  00000+0  00000+0 0  9992',
    '2 33436   0.4586  82.8724 0004216  67.7198 322.1281  1.00273899 46396',
  ],
  goes18: [
    'GOES 18',
    '1 51850U 22021A   26233.50461713  .00000094  00000+0  00000+0 0  9990',
    '2 51850   0.0293 313.5219 0000409 225.9522 195.0046  1.00272612  7248',
  ],
  meridian7: [
    'MERIDIAN 7',
    '1 40296U 14069A   26232.99014163  .00000267  00000+0  00000+0 0  9992',
    '2 40296  63.4503 209.0084 6625235 270.1292  20.0242  2.00602458 86538',
  ],
  polar: [
    'POLAR',
    '1 23802U 96013A   26232.73736190  .00000229  00000+0  00000+0 0  9996',
    '2 23802  79.9480 226.2792 6535950 206.8648  94.2836  1.29845853145693',
  ],
  /** Decays (SGP4 error 1) about 1.3 days after its epoch. */
  starlink1623: [
    'STARLINK-1623',
    '1 46129U 20057N   26234.04467711  .12899124  12521-4  29275-3 0  9992',
    '2 46129  53.0137 151.0676 0006200 263.2231  96.8112 16.46115981332991',
  ],
} as const satisfies Record<string, readonly [string, string, string]>;

export function orbitOf(key: keyof typeof TLE): Orbit {
  const [name, l1, l2] = TLE[key];
  return orbitFromTle(name, l1, l2);
}
