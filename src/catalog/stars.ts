import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseStarCatalogue, StarField } from '../core/sky/index.js';

/** The bundled bright-star catalogue (see assets/stars/README.md). */
export const BUNDLED_STARS_PATH = fileURLToPath(
  new URL('../../assets/stars/bright-stars.json', import.meta.url),
);

let bundled: StarField | null = null;

/** The bundled stars to magnitude 5.0 (1,627), read once. */
export function bundledStars(): StarField {
  bundled ??= new StarField(parseStarCatalogue(readFileSync(BUNDLED_STARS_PATH, 'utf8')));
  return bundled;
}
