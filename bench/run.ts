/**
 * `npm run bench`: every benchmark of the project, printed as tables. Ratios are measured side by
 * side in one run (the machines are shared and noisy; absolute times vary). The HTTP load run
 * needs wrk (Debian package `wrk`) and is skipped with a note when it is missing.
 */
import { execFileSync } from 'node:child_process';
import { benchBounds } from './bounds.js';
import { benchBulk } from './bulk.js';
import { benchCatalog } from './catalog.js';
import { benchHttp } from './http.js';
import { benchPasses, printTable } from './passes.js';

console.log(`passwatch benchmarks — node ${process.version}, ${new Date().toISOString()}`);
printTable('Pass finding (observer 52N 5E, elevation >= 0)', benchPasses());
for (const { title, rows } of await benchBulk()) printTable(title, rows);
printTable(
  'Catalog load into the store and memory (each case in its own process)',
  await benchCatalog(),
);
let wrk = true;
try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' });
} catch (error) {
  // wrk prints its version and exits 1; only a missing binary is a problem.
  wrk = (error as { code?: string }).code !== 'ENOENT';
}
if (wrk) {
  printTable(
    'HTTP load (wrk, 1 thread, server in one Node process on 127.0.0.1)',
    await benchHttp(),
  );
} else {
  console.log('\nHTTP load: skipped, wrk is not installed (apt-get install wrk)');
}
printTable('Bounded memory and CPU under hostile load (whole active catalog)', await benchBounds());
