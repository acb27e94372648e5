/**
 * Writes sample.tle: the ISS and a sample of secondaries from the 2026-08-22 active catalogue
 * (test/fixtures/catalog/active-2026-08-22.tle.gz) for the brute-force reference screen: every
 * object whose perigee–apogee band comes within 60 km of the ISS's and whose NORAD id is a
 * multiple of 150 (a spread the screen's filters mostly reject), and the objects of approaches
 * closer than 25 km that passwatch's screen finds in the 7 days from 2026-08-22T12:00Z.
 * Run: `node --import tsx test/reference/conjunctions/make-sample.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { screenConjunctions } from '../../../src/core/conjunction/index.js';
import { parseTle } from '../../../src/core/elements/index.js';
import { Orbit } from '../../../src/core/orbit/index.js';

const text = gunzipSync(
  readFileSync(new URL('../../fixtures/catalog/active-2026-08-22.tle.gz', import.meta.url)),
).toString('utf8');
const sets = parseTle(text, 'active').elements;
const orbits: Orbit[] = [];
for (const e of sets) {
  try {
    orbits.push(new Orbit(e));
  } catch {
    // SGP4 cannot start some sets; they are not in the sample.
  }
}
const iss = orbits.find((o) => o.noradId === 25544)!;
const startMs = Date.parse('2026-08-22T12:00:00Z');
const found = screenConjunctions(iss, orbits, { startMs, days: 7, maxKm: 25 }).approaches;
const ids = new Set(found.map((a) => a.secondary));
for (const o of orbits) {
  if (o.noradId === 25544 || o.noradId % 150 !== 0) continue;
  if (o.perigeeKm <= iss.apogeeKm + 60 && o.apogeeKm >= iss.perigeeKm - 60) ids.add(o.noradId);
}
const lines = [
  iss,
  ...orbits.filter((o) => ids.has(o.noradId)).sort((a, b) => a.noradId - b.noradId),
].map((o) => `${o.elements.name}\n${o.elements.tle!.line1}\n${o.elements.tle!.line2}\n`);
writeFileSync(new URL('./sample.tle', import.meta.url), lines.join(''));
console.log(`${ids.size} secondaries (${found.length} approaches found by passwatch)`);
