/** The tables `passwatch passes` prints: one satellite's, and several satellites' in time order. */
import type { ElementSet } from '../core/elements/index.js';
import type { PredictedPass } from '../core/passes/index.js';
import { type MagnitudeSource, nearStarsText } from '../core/sky/index.js';
import { compassPoint } from '../format/compass.js';
import { localParts } from '../format/time.js';

export interface TableContext {
  observer: { latitudeDeg: number; longitudeDeg: number; altitudeM: number };
  startMs: number;
  endMs: number;
  minElevationDeg: number;
  zone: string | null;
  /** Source of each satellite's standard magnitude: estimates are marked `≈` in the Mag column. */
  magnitudeSources: ReadonlyMap<number, MagnitudeSource | null>;
}

/** The footnote under a table with an estimated magnitude. */
export const ESTIMATE_NOTE =
  '≈ estimated: no observed or catalogued standard magnitude, may be off by a magnitude or more';

export function table(el: ElementSet, passes: PredictedPass[], ctx: TableContext): string {
  const { observer: o, zone } = ctx;
  const lat = `${Math.abs(o.latitudeDeg).toFixed(4)}°${o.latitudeDeg < 0 ? 'S' : 'N'}`;
  const lon = `${Math.abs(o.longitudeDeg).toFixed(4)}°${o.longitudeDeg < 0 ? 'W' : 'E'}`;
  const z = zone ?? 'UTC';
  const from = localParts(ctx.startMs, zone);
  const to = localParts(ctx.endMs, zone);
  const lines = [
    `${el.name || 'NORAD'} (${el.noradId}) from ${lat} ${lon} ${o.altitudeM} m, ` +
      `${from.date} ${from.time} to ${to.date} ${to.time} ${z}, min elevation ${ctx.minElevationDeg}°`,
    `elements epoch ${el.epochIso}`,
    '',
  ];
  if (passes.length === 0) return `${lines.join('\n')}no passes\n`;
  const rows = [
    ['Date', 'AOS', 'Dir', 'TCA', 'Max El', 'Dir', 'LOS', 'Dir', 'Dur', 'Visible', 'Mag', 'Stars'],
  ];
  const source = ctx.magnitudeSources.get(el.noradId) ?? null;
  for (const p of passes) rows.push(passCells(p, zone, source));
  const body = columns(rows);
  return `${lines.join('\n')}${body.join('\n')}${notes(rows.slice(1), passes)}\n`;
}

/** Several satellites in one table, in time order, with a Satellite column. */
export function multiTable(
  rows: { el: ElementSet; pass: PredictedPass }[],
  satellites: number,
  ctx: TableContext,
): string {
  const { observer: o, zone } = ctx;
  const lat = `${Math.abs(o.latitudeDeg).toFixed(4)}°${o.latitudeDeg < 0 ? 'S' : 'N'}`;
  const lon = `${Math.abs(o.longitudeDeg).toFixed(4)}°${o.longitudeDeg < 0 ? 'W' : 'E'}`;
  const from = localParts(ctx.startMs, zone);
  const to = localParts(ctx.endMs, zone);
  const head = [
    `${satellites} satellites from ${lat} ${lon} ${o.altitudeM} m, ` +
      `${from.date} ${from.time} to ${to.date} ${to.time} ${zone ?? 'UTC'}, min elevation ${ctx.minElevationDeg}°`,
    '',
  ];
  if (rows.length === 0) return `${head.join('\n')}no passes\n`;
  const out = [
    [
      'Date',
      'AOS',
      'Satellite',
      'NORAD',
      'Dir',
      'TCA',
      'Max El',
      'Dir',
      'LOS',
      'Dir',
      'Dur',
      'Visible',
      'Mag',
      'Stars',
    ],
  ];
  for (const { el, pass: p } of rows) {
    const source = ctx.magnitudeSources.get(el.noradId) ?? null;
    const [date, ...cells] = passCells(p, zone, source);
    out.push([date!, cells[0]!, el.name || '?', String(el.noradId), ...cells.slice(1)]);
  }
  const passes = rows.map((r) => r.pass);
  return `${head.join('\n')}${columns(out).join('\n')}${notes(out.slice(1), passes)}\n`;
}

/** The footnotes the rows need: cut passes, estimated magnitudes. */
function notes(rows: string[][], passes: PredictedPass[]): string {
  const out: string[] = [];
  if (passes.some((p) => p.truncated)) out.push('* cut by the window edge');
  if (rows.some((r) => r.some((c) => c.startsWith('≈')))) out.push(ESTIMATE_NOTE);
  return out.map((n) => `\n${n}`).join('');
}

/**
 * Date, AOS, AOS dir, TCA, max el, TCA dir, LOS, LOS dir, duration, visible, magnitude (`≈` when
 * estimated), where the visible parts start and end among the stars.
 */
function passCells(
  p: PredictedPass,
  zone: string | null,
  source: MagnitudeSource | null,
): string[] {
  const when = localParts((p.aos ?? p.tca).timeMs, zone);
  const time = (pt: { timeMs: number } | null) => (pt ? localParts(pt.timeMs, zone).time : '--');
  const dir = (pt: { azimuthDeg: number } | null) =>
    pt ? `${Math.round(pt.azimuthDeg).toString().padStart(3)}° ${compassPoint(pt.azimuthDeg)}` : '';
  const v = p.visible;
  const mags = v.map((s) => s.brightestMagnitude).filter((m): m is number => m !== null);
  return [
    when.date,
    time(p.aos),
    dir(p.aos),
    time(p.tca),
    `${p.maxElevationDeg.toFixed(1)}°`,
    dir(p.tca),
    time(p.los),
    dir(p.los),
    duration(p.durationSeconds) + (p.truncated ? '*' : ''),
    v.length ? `${time(v[0]!.start)}-${time(v.at(-1)!.end)}` : '',
    mags.length ? `${source === 'estimated' ? '≈' : ''}${Math.min(...mags).toFixed(1)}` : '',
    v
      .map((s) => nearStarsText(s.nearStars?.start ?? null, s.nearStars?.end ?? null))
      .filter((t): t is string => t !== null)
      .join('; '),
  ];
}

/** Rows padded into aligned columns. */
function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}
