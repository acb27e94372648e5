/**
 * Makes assets/stars/bright-stars.json, the bright stars passwatch draws and names, from the data
 * of the npm package d3-celestial 0.7.35 (see assets/stars/README.md):
 *
 *   npm pack d3-celestial@0.7.35 && tar xzf d3-celestial-0.7.35.tgz
 *   node --import tsx scripts/make-stars.ts package/data
 *
 * Keeps stars of magnitude 5.0 or brighter: `[hip, raDeg, decDeg, mag, name, designation]` with
 * RA in [0, 360) (d3-celestial stores it as a longitude in [-180, 180)), J2000. A proper name
 * is kept on the brightest star that bears it only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT = 5.0;
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node --import tsx scripts/make-stars.ts <d3-celestial data folder>');
  process.exit(2);
}
interface Feature {
  id: number;
  properties: { mag: number };
  geometry: { coordinates: [number, number] };
}
interface Name {
  name?: string;
  bayer?: string;
  flam?: string;
  c?: string;
}
const stars = JSON.parse(readFileSync(join(dir, 'stars.6.json'), 'utf8')) as {
  features: Feature[];
};
const names = JSON.parse(readFileSync(join(dir, 'starnames.json'), 'utf8')) as Record<string, Name>;
const rows = stars.features
  .filter((f) => f.properties.mag <= LIMIT)
  .map((f) => {
    const [lon, dec] = f.geometry.coordinates;
    const n = names[String(f.id)] ?? {};
    const letter = n.bayer || n.flam || '';
    return [
      f.id,
      Math.round((((lon % 360) + 360) % 360) * 1e4) / 1e4,
      dec,
      f.properties.mag,
      n.name ?? '',
      letter && n.c ? `${letter} ${n.c}` : '',
    ];
  })
  .sort((a, b) => (a[3] as number) - (b[3] as number));
// A proper name names one star: keep it on the brightest bearer (d3-celestial repeats some, e.g.
// Markab on both α Peg and κ1 Pup), and drop designations the source garbled ("undefined3 Eri").
const named = new Set<string>();
for (const row of rows) {
  if (row[4] && named.has(row[4] as string)) row[4] = '';
  else if (row[4]) named.add(row[4] as string);
  if (String(row[5]).includes('undefined')) row[5] = '';
}
const out = {
  source:
    'd3-celestial 0.7.35 data/stars.6.json + data/starnames.json (XHIP, Anderson & Francis 2012)',
  madeBy: 'scripts/make-stars.ts',
  magnitudeLimit: LIMIT,
  epoch: 'J2000',
  columns: ['hip', 'raDeg', 'decDeg', 'mag', 'name', 'designation'],
  stars: rows,
};
writeFileSync('assets/stars/bright-stars.json', `${JSON.stringify(out)}\n`);
console.log(`${rows.length} stars, ${rows.filter((r) => r[4]).length} with a proper name`);
