import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseStdMagTable } from '../core/sky/index.js';

/** The bundled standard-magnitude table (see assets/magnitudes/README.md). */
export const BUNDLED_STDMAG_PATH = fileURLToPath(
  new URL('../../assets/magnitudes/satvisor-stdmag.json', import.meta.url),
);

let bundled: Map<number, number> | null = null;

/** Standard magnitudes by NORAD id from the bundled table, read once. */
export function bundledStdMagnitudes(): Map<number, number> {
  if (!bundled) bundled = parseStdMagTable(readFileSync(BUNDLED_STDMAG_PATH, 'utf8')).magnitudes;
  return bundled;
}
