import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseTransmitterList, type TransmitterParse } from './parse.js';

/** The bundled SatNOGS DB list (see assets/transmitters/README.md, CC BY-SA 4.0). */
export const BUNDLED_TRANSMITTERS_PATH = fileURLToPath(
  new URL(
    '../../../assets/transmitters/satnogs-transmitters-active-2026-08-08.json.gz',
    import.meta.url,
  ),
);

/** The date SatNOGS DB served the bundled list. */
export const BUNDLED_TRANSMITTERS_DATE = '2026-08-08';

/** Read and parse the bundled transmitter list. */
export function readBundledTransmitters(
  path: string = BUNDLED_TRANSMITTERS_PATH,
): TransmitterParse {
  return parseTransmitterList(gunzipSync(readFileSync(path)).toString('utf8'));
}
