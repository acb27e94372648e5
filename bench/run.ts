/**
 * `npm run bench`: every benchmark of the project, printed as tables. Ratios are measured side by
 * side in one run (the machines are shared and noisy; absolute times vary). The HTTP load run
 * needs wrk (Debian package `wrk`) and the page run Chromium; each is skipped with a note when
 * missing.
 *
 *   npm run bench              everything
 *   npm run bench -- start http page   only these sections (passes, bulk, catalog, station,
 *                                      conjunctions, start, http, page, bounds, transits)
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { benchBounds } from './bounds.js';
import { benchBulk } from './bulk.js';
import { benchCatalog } from './catalog.js';
import { benchConjunctions } from './conjunctions.js';
import { benchHttp, haveWrk, printHttp } from './http.js';
import { benchPage, CHROMIUM, printPage } from './page.js';
import { benchPasses, printTable } from './passes.js';
import { benchStart, build } from './start.js';
import { benchStation } from './station.js';
import { benchTransitScan, benchTransits } from './transits.js';

const SECTIONS = [
  'passes',
  'bulk',
  'catalog',
  'station',
  'conjunctions',
  'start',
  'http',
  'page',
  'bounds',
  'transits',
];
const asked = process.argv.slice(2);
for (const a of asked) {
  if (!SECTIONS.includes(a)) {
    console.error(`bench: unknown section "${a}"; sections: ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
}
const want = (s: string) => asked.length === 0 || asked.includes(s);

console.log(
  `passwatch benchmarks — node ${process.version}, ${new Date().toISOString()}, ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (want('passes')) printTable('Pass finding (observer 52N 5E, elevation >= 0)', benchPasses());
if (want('bulk')) for (const { title, rows } of await benchBulk()) printTable(title, rows);
if (want('catalog')) {
  printTable(
    'Catalog load into the store and memory (each case in its own process)',
    await benchCatalog(),
  );
}
if (want('station')) {
  printTable(
    'Station schedule (52N 5E, rotator 0-450/0-180 at 6 deg/s; rotator samples 10 s, 1 s where it turns fast)',
    benchStation(),
  );
}
if (want('conjunctions')) {
  printTable(
    'Close-approach screening (one satellite vs the active catalogue of 2026-08-22)',
    benchConjunctions(),
  );
}
if (want('start') || want('http') || want('page') || want('bounds') || want('transits')) {
  // The server runs from the build, as `npm start` does: make it from the current sources.
  console.log(`\nbuilt dist/ (scripts/build.js, as npm ci does) in ${Math.round(build())} ms`);
}
if (want('start')) printTable('Start (median wall time)', await benchStart());
if (want('http')) {
  if (haveWrk()) printHttp(await benchHttp());
  else console.log('\nHTTP load: SKIPPED, wrk is not installed (apt-get install wrk)');
}
if (want('page')) {
  if (existsSync(CHROMIUM)) printPage(await benchPage());
  else console.log(`\nPage: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}
if (want('bounds')) {
  printTable(
    'Bounded memory and CPU under hostile load (whole active catalog)',
    await benchBounds(),
  );
}
if (want('transits')) {
  printTable(
    'Transits, one uncached /v1/transits request (server CPU, 2 rounds)',
    await benchTransits(),
  );
  printTable(
    'Transit scan (ISS and CSS, 4 observers, 7 days; CPU per round)',
    await benchTransitScan(),
  );
}
