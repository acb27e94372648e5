/**
 * The bundled standard magnitudes with their sources (see assets/magnitudes/README.md and
 * `core/sky/stdmag-sources.ts`): MMT-9 photometry (`observed`), McCants' quicksat table shifted
 * to MMT-9's convention (`catalog`), the satvisor table's estimates for the rest (`estimated`).
 *
 * `assets/magnitudes/stdmag.json` holds the merged table, made from the three source files in
 * that folder by `scripts/make-stdmag.ts` (`deriveStdMagnitudes`); a test checks that it is what
 * the sources give. At run time only that file is read.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compareStdMagnitudes,
  type MagnitudeSource,
  mmtStdMag,
  parseMmtCatalogue,
  parseQuicksatMagnitudes,
  parseStdMagTable,
  pickStdMagnitude,
  type StdMagComparison,
  type StdMagEntry,
  type StdMagLayers,
  stdMagLayers,
  stdMagTableFromObject,
} from '../core/sky/index.js';

const asset = (name: string) =>
  fileURLToPath(new URL(`../../assets/magnitudes/${name}`, import.meta.url));

/** The merged table passwatch reads. */
export const BUNDLED_STDMAG_PATH = asset('stdmag.json');
/** The sources it is made from, as downloaded. */
export const STDMAG_SOURCE_PATHS = {
  mmt: asset('mmt9-satellites.txt'),
  quicksat: asset('qs.mag'),
  estimates: asset('satvisor-stdmag.json'),
};

export interface StdMagnitudes {
  /** Each source's standard magnitudes by NORAD id, in passwatch's convention. */
  layers: StdMagLayers;
  /** MMT-9 − McCants over the objects in both: the shift applied to McCants' values. */
  agreement: StdMagComparison;
}

const SOURCES: MagnitudeSource[] = ['observed', 'catalog', 'estimated'];

/**
 * The three source texts (MMT-9 catalogue, `qs.mag`, satvisor JSON) in passwatch's convention.
 * Which one an object takes depends on its orbit (`pickStdMagnitude`), so all are kept. Pure.
 */
export function deriveStdMagnitudes(texts: {
  mmt: string;
  quicksat: string;
  estimates: string;
}): StdMagnitudes {
  const observed = parseMmtCatalogue(texts.mmt);
  const catalog = parseQuicksatMagnitudes(texts.quicksat);
  const estimated = parseStdMagTable(texts.estimates).magnitudes;
  const observedMags = new Map([...observed].map(([id, row]) => [id, mmtStdMag(row)]));
  const agreement = compareStdMagnitudes(observedMags, catalog);
  if (!agreement) throw new Error('the MMT-9 and McCants tables share no object');
  const layers = stdMagLayers({ observed, catalog, catalogOffset: agreement.median, estimated });
  return { layers, agreement };
}

/** The table as `stdmag.json` stores it: one `{ "<id>": stdMag }` object per source. */
export function stdMagnitudesJson(m: StdMagnitudes): string {
  const sorted = (layer: ReadonlyMap<number, number>) =>
    Object.fromEntries([...layer].sort((a, b) => a[0] - b[0]).map(([id, v]) => [String(id), v]));
  const r = (x: number) => Math.round(x * 1000) / 1000;
  const a = m.agreement;
  const agreement = {
    count: a.count,
    median: r(a.median),
    p10: r(a.p10),
    p25: r(a.p25),
    p75: r(a.p75),
    p90: r(a.p90),
    medianAbsDeviation: r(a.medianAbsDeviation),
  };
  const bySource = Object.fromEntries(SOURCES.map((s) => [s, sorted(m.layers[s])]));
  return `${JSON.stringify({ madeBy: 'scripts/make-stdmag.ts', agreement, ...bySource })}\n`;
}

/** Read `stdmag.json` text back (throws `SyntaxError` on a malformed file). */
export function parseStdMagnitudesJson(text: string): StdMagnitudes {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const layer = (source: MagnitudeSource) => {
    const table = stdMagTableFromObject(doc[source] ?? {});
    if (table.issues.length > 0) {
      throw new SyntaxError(
        `stdmag.json ${source}: ${table.issues[0]!.key} ${table.issues[0]!.reason}`,
      );
    }
    return table.magnitudes;
  };
  return {
    layers: {
      observed: layer('observed'),
      catalog: layer('catalog'),
      estimated: layer('estimated'),
    },
    agreement: doc.agreement as StdMagComparison,
  };
}

let bundled: StdMagnitudes | null = null;

/** The bundled table (read once). */
export function bundledMagnitudes(): StdMagnitudes {
  bundled ??= parseStdMagnitudesJson(readFileSync(BUNDLED_STDMAG_PATH, 'utf8'));
  return bundled;
}

/**
 * The bundled standard magnitude of an object and its source, for its current orbit (mean motion
 * of the elements in use; null when none is known): see `pickStdMagnitude`.
 */
export function bundledStdMagnitude(
  noradId: number,
  meanMotionRevPerDay: number | null,
): StdMagEntry | null {
  return pickStdMagnitude(bundledMagnitudes().layers, noradId, meanMotionRevPerDay);
}

/**
 * The source of a record's standard magnitude: the bundled table's when the record carries the
 * value the bundled table gives for its orbit; `estimated` for a value from elsewhere; null
 * without one.
 */
export function stdMagnitudeSource(record: {
  noradId: number;
  stdMagnitude: number | null;
  elements: { meanMotionRevPerDay: number };
}): MagnitudeSource | null {
  if (record.stdMagnitude === null) return null;
  const e = bundledStdMagnitude(record.noradId, record.elements.meanMotionRevPerDay);
  return e && Math.abs(e.stdMag - record.stdMagnitude) < 0.005 ? e.source : 'estimated';
}

/** The standard magnitude the catalog store records for an object: the bundled table's, or null. */
export function catalogStdMagnitude(noradId: number, meanMotionRevPerDay: number): number | null {
  return bundledStdMagnitude(noradId, meanMotionRevPerDay)?.stdMag ?? null;
}
