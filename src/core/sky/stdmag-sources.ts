/**
 * Standard magnitudes from their sources, and the one table passwatch uses.
 *
 * passwatch's standard magnitude is the satellite's **mean** brightness at 1000 km range and 90°
 * phase angle (half lit), as Mini-MegaTORTORA (MMT-9) measures it. Three sources, best first:
 *
 * 1. `observed`: MMT-9 wide-field photometry (Karpov et al. 2016; http://mmt.favor2.info): the
 *    median of the object's standard magnitudes in the unfiltered ("Clear", V-calibrated) band,
 *    their mean when no median is listed. Thousands of measurements per object, tumbling included.
 * 2. `catalog`: Mike McCants' quicksat table (`qs.mag`), "intrinsic" magnitudes at 1000 km and
 *    50 % illuminated, mostly visual estimates of an object near its brightest. They run brighter
 *    than MMT-9's means by a nearly constant amount, so they are shifted by the median difference
 *    MMT-9 − McCants over the objects in both tables (`compareStdMagnitudes`; +0.96 mag for the
 *    bundled copies).
 * 3. `estimated`: everything else from the satvisor table (radar cross section with an assumed
 *    albedo, or a guess from the name or object type): off by a magnitude or more.
 */
import { quantileSorted } from '../stats.js';

/**
 * Objects at or below this mean motion (period of 10 h or more: MEO, GEO, HEO) do not take MMT-9's
 * value. From 20,000 km and beyond an object is near MMT-9's detection limit and is recorded only
 * when it is bright (a glint, a favourable attitude), so its median is biased bright: the 156
 * CelesTrak GEO objects MMT-9 lists have a median standard magnitude of +1.4 (EUTELSAT 7C −3.95,
 * σ 2.25), which would make dozens of GEO satellites naked-eye objects at night; radar-size
 * estimates put them near +7.
 */
export const FAR_MEAN_MOTION_REV_PER_DAY = 2.4;

/** Where a standard magnitude comes from. */
export type MagnitudeSource = 'observed' | 'catalog' | 'estimated';

export interface StdMagEntry {
  stdMag: number;
  source: MagnitudeSource;
}

/** One MMT-9 catalogue row (NORAD-keyed rows only). */
export interface MmtRow {
  noradId: number;
  name: string;
  /** Mean standard magnitude, Clear band, and its spread. */
  clearMean: number;
  clearSigma: number | null;
  /** Median standard magnitude, Clear band; null when not listed. */
  clearMedian: number | null;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s === 'nan') return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
};

/**
 * Parse the MMT-9 satellite catalogue (`http://mmt.favor2.info/satellites/download`): lines
 * `NORAD <id> "<name>" <country> <variability> <period> <Clear> <Clear sigma> <B> <B sigma> <V>
 * <V sigma> <R> <R sigma> <Clear median> <Clear min> <Clear max> <type> <mmt id>`, `#` comments.
 * Rows keyed `McCants <id>` (objects without a NORAD number) and rows without a Clear magnitude are
 * skipped. Pure.
 */
export function parseMmtCatalogue(text: string): Map<number, MmtRow> {
  const out = new Map<number, MmtRow>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('NORAD ')) continue;
    const open = line.indexOf('"');
    const close = line.lastIndexOf('"');
    if (open < 0 || close <= open) continue;
    const noradId = Number(line.slice(6, open).trim());
    if (!Number.isInteger(noradId) || noradId <= 0) continue;
    const f = line
      .slice(close + 1)
      .trim()
      .split(/\s+/);
    // country, variability, period, then Clear, sigma, B, sB, V, sV, R, sR, median, min, max
    const clearMean = num(f[3]);
    if (clearMean === null) continue;
    out.set(noradId, {
      noradId,
      name: line.slice(open + 1, close),
      clearMean,
      clearSigma: num(f[4]),
      clearMedian: num(f[11]),
    });
  }
  return out;
}

/**
 * Parse McCants' quicksat magnitude file (`qs.mag`): fixed columns, NORAD id in 0-4, magnitude in
 * 33-36 (blank: none); the header line and the `99999` trailer are skipped. Pure.
 */
export function parseQuicksatMagnitudes(text: string): Map<number, number> {
  const out = new Map<number, number>();
  const lines = text.split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const id = Number(line.slice(0, 5));
    if (!Number.isInteger(id) || id <= 0 || id === 99999) continue;
    const mag = line.slice(33, 37).trim();
    if (mag === '') continue;
    const value = Number(mag);
    if (Number.isFinite(value)) out.set(id, value);
  }
  return out;
}

/** How two standard-magnitude tables agree over the objects in both: `a - b`, magnitudes. */
export interface StdMagComparison {
  count: number;
  median: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
  /** Median of |a - b - median|: the spread once the offset is removed. */
  medianAbsDeviation: number;
}

/** Compare two tables over their common objects (null when they share none). */
export function compareStdMagnitudes(
  a: ReadonlyMap<number, number>,
  b: ReadonlyMap<number, number>,
): StdMagComparison | null {
  const d: number[] = [];
  for (const [id, x] of a) {
    const y = b.get(id);
    if (y !== undefined) d.push(x - y);
  }
  if (d.length === 0) return null;
  d.sort((p, q) => p - q);
  const median = quantileSorted(d, 0.5);
  const dev = d.map((x) => Math.abs(x - median)).sort((p, q) => p - q);
  return {
    count: d.length,
    median,
    p10: quantileSorted(d, 0.1),
    p25: quantileSorted(d, 0.25),
    p75: quantileSorted(d, 0.75),
    p90: quantileSorted(d, 0.9),
    medianAbsDeviation: quantileSorted(dev, 0.5),
  };
}

/** The observed standard magnitude of an MMT-9 row: the Clear median, else the mean. */
export function mmtStdMag(row: MmtRow): number {
  return row.clearMedian ?? row.clearMean;
}

/**
 * The three sources in passwatch's convention, each whole: MMT-9's value of every object it
 * observed, McCants' shifted by `catalogOffset`, the estimates. An object may be in all three;
 * `pickStdMagnitude` chooses, knowing the object's orbit. Values rounded to 0.01 mag.
 */
export interface StdMagLayers {
  observed: ReadonlyMap<number, number>;
  catalog: ReadonlyMap<number, number>;
  estimated: ReadonlyMap<number, number>;
}

/** Build the layers from the parsed sources. Pure. */
export function stdMagLayers(sources: {
  observed: ReadonlyMap<number, MmtRow>;
  catalog: ReadonlyMap<number, number>;
  catalogOffset: number;
  estimated: ReadonlyMap<number, number>;
}): StdMagLayers {
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    observed: new Map([...sources.observed].map(([id, row]) => [id, r(mmtStdMag(row))])),
    catalog: new Map([...sources.catalog].map(([id, m]) => [id, r(m + sources.catalogOffset)])),
    estimated: new Map([...sources.estimated].map(([id, m]) => [id, r(m)])),
  };
}

/**
 * The standard magnitude passwatch uses for an object: MMT-9's (`observed`) unless the object is
 * on a far orbit (mean motion at or below `FAR_MEAN_MOTION_REV_PER_DAY`: MMT-9's values are biased
 * bright there), else McCants' (`catalog`), else the estimate. `meanMotionRevPerDay` is that of the
 * object's current elements; null when no orbit is known (MMT-9's value is then used). Pure.
 */
export function pickStdMagnitude(
  layers: StdMagLayers,
  noradId: number,
  meanMotionRevPerDay: number | null,
): StdMagEntry | null {
  const far = meanMotionRevPerDay !== null && meanMotionRevPerDay <= FAR_MEAN_MOTION_REV_PER_DAY;
  const observed = far ? undefined : layers.observed.get(noradId);
  if (observed !== undefined) return { stdMag: observed, source: 'observed' };
  const catalog = layers.catalog.get(noradId);
  if (catalog !== undefined) return { stdMag: catalog, source: 'catalog' };
  const estimated = layers.estimated.get(noradId);
  return estimated === undefined ? null : { stdMag: estimated, source: 'estimated' };
}
