/**
 * Makes assets/magnitudes/stdmag.json, the standard magnitudes passwatch uses, from the three
 * source files beside it (see assets/magnitudes/README.md):
 *
 *   node --import tsx scripts/make-stdmag.ts
 *
 * Prints how MMT-9 and McCants agree over the objects in both (the shift applied to McCants) and
 * how many objects each source has.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  BUNDLED_STDMAG_PATH,
  deriveStdMagnitudes,
  STDMAG_SOURCE_PATHS,
  stdMagnitudesJson,
} from '../src/catalog/magnitudes.js';

const m = deriveStdMagnitudes({
  mmt: readFileSync(STDMAG_SOURCE_PATHS.mmt, 'latin1'),
  quicksat: readFileSync(STDMAG_SOURCE_PATHS.quicksat, 'latin1'),
  estimates: readFileSync(STDMAG_SOURCE_PATHS.estimates, 'utf8'),
});
writeFileSync(BUNDLED_STDMAG_PATH, stdMagnitudesJson(m));
const sizes = Object.fromEntries(Object.entries(m.layers).map(([k, v]) => [k, v.size]));
console.log(JSON.stringify({ agreement: m.agreement, sizes }, null, 2));
