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
import { parseTle } from '../core/elements/index.js';
import {
  compareStdMagnitudes,
  FAR_MEAN_MOTION_REV_PER_DAY,
  type MagnitudeSource,
  mergeStdMagnitudes,
  mmtStdMag,
  parseMmtCatalogue,
  parseQuicksatMagnitudes,
  parseStdMagTable,
  type StdMagComparison,
  type StdMagEntry,
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
  /** The bundled element snapshot: which objects are far (MEO/GEO/HEO). */
  orbits: fileURLToPath(new URL('../../assets/snapshot/elements.tle', import.meta.url)),
};

export interface StdMagnitudes {
  /** Standard magnitude and its source by NORAD id. */
  entries: Map<number, StdMagEntry>;
  /** MMT-9 − McCants over the objects in both: the shift applied to McCants' values. */
  agreement: StdMagComparison;
}

const SOURCES: MagnitudeSource[] = ['observed', 'catalog', 'estimated'];

/**
 * Merge the three source texts (MMT-9 catalogue, `qs.mag`, satvisor JSON); MMT-9 values are not
 * used for the far objects of `orbits` (TLE text: the bundled snapshot). Pure.
 */
export function deriveStdMagnitudes(texts: {
  mmt: string;
  quicksat: string;
  estimates: string;
  orbits: string;
}): StdMagnitudes {
  const farIds = new Set(
    parseTle(texts.orbits, 'snapshot')
      .elements.filter((e) => e.meanMotionRevPerDay <= FAR_MEAN_MOTION_REV_PER_DAY)
      .map((e) => e.noradId),
  );
  const observed = parseMmtCatalogue(texts.mmt);
  const catalog = parseQuicksatMagnitudes(texts.quicksat);
  const estimated = parseStdMagTable(texts.estimates).magnitudes;
  const observedMags = new Map([...observed].map(([id, row]) => [id, mmtStdMag(row)]));
  const agreement = compareStdMagnitudes(observedMags, catalog);
  if (!agreement) throw new Error('the MMT-9 and McCants tables share no object');
  const entries = mergeStdMagnitudes({
    observed,
    catalog,
    catalogOffset: agreement.median,
    estimated,
    farIds,
  });
  return { entries, agreement };
}

/** The merged table as `stdmag.json` stores it: one `{ "<id>": stdMag }` object per source. */
export function stdMagnitudesJson(m: StdMagnitudes): string {
  const bySource = Object.fromEntries(SOURCES.map((s) => [s, {} as Record<string, number>]));
  for (const [id, e] of [...m.entries].sort((a, b) => a[0] - b[0])) {
    bySource[e.source]![String(id)] = e.stdMag;
  }
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
  return `${JSON.stringify({ madeBy: 'scripts/make-stdmag.ts', agreement, ...bySource })}\n`;
}

/** Read `stdmag.json` text back (throws `SyntaxError` on a malformed file). */
export function parseStdMagnitudesJson(text: string): StdMagnitudes {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const entries = new Map<number, StdMagEntry>();
  for (const source of SOURCES) {
    const table = stdMagTableFromObject(doc[source] ?? {});
    if (table.issues.length > 0) {
      throw new SyntaxError(
        `stdmag.json ${source}: ${table.issues[0]!.key} ${table.issues[0]!.reason}`,
      );
    }
    for (const [id, stdMag] of table.magnitudes) entries.set(id, { stdMag, source });
  }
  return { entries, agreement: doc.agreement as StdMagComparison };
}

let bundled: StdMagnitudes | null = null;

/** The bundled merged table (read once). */
export function bundledMagnitudes(): StdMagnitudes {
  bundled ??= parseStdMagnitudesJson(readFileSync(BUNDLED_STDMAG_PATH, 'utf8'));
  return bundled;
}

/** Standard magnitudes by NORAD id from the bundled table. */
export function bundledStdMagnitudes(): Map<number, number> {
  return new Map([...bundledMagnitudes().entries].map(([id, e]) => [id, e.stdMag]));
}

/**
 * The source of a record's standard magnitude: the bundled table's when the record carries the
 * bundled value; `estimated` for a value from elsewhere; null without one.
 */
export function stdMagnitudeSource(
  noradId: number,
  stdMagnitude: number | null,
): MagnitudeSource | null {
  if (stdMagnitude === null) return null;
  const e = bundledMagnitudes().entries.get(noradId);
  return e && Math.abs(e.stdMag - stdMagnitude) < 0.005 ? e.source : 'estimated';
}
