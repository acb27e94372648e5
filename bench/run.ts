/**
 * `npm run bench`: every benchmark of the project, printed as tables. Ratios are measured side by
 * side in one run (the machines are shared and noisy; absolute times vary).
 */
import { benchBulk } from './bulk.js';
import { benchPasses, printTable } from './passes.js';

console.log(`passwatch benchmarks — node ${process.version}, ${new Date().toISOString()}`);
printTable('Pass finding (observer 52N 5E, elevation >= 0)', benchPasses());
for (const { title, rows } of await benchBulk()) printTable(title, rows);
