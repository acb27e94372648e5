import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { CatalogRecord } from '../catalog/index.js';
import { bundledStdMagnitudes } from '../catalog/magnitudes.js';
import { PassPool } from '../compute/pass-pool.js';
import { ConfigError } from '../config/index.js';
import { type ElementSet, parseElements } from '../core/elements/index.js';
import { type Observer, Orbit, Site } from '../core/orbit/index.js';
import {
  DEFAULT_STALE_AFTER_DAYS,
  HorizonMask,
  type PredictedPass,
  visibleSegments,
} from '../core/passes/index.js';
import { SunTrack } from '../core/sky/index.js';
import type { ObserversSettings } from '../fields/index.js';
import { compassPoint } from '../format/compass.js';
import { staleWarning } from '../format/drift.js';
import { LIMITS, parseNumber, parseObserver } from '../format/input.js';
import { DEFAULT_STALE_DAYS, passJson } from '../format/pass-json.js';
import { checkZone, InputError, localParts, parseInstant } from '../format/time.js';
import { type PassTarget, predictMany } from '../predict/many.js';
import { DEFAULT_MAX_MAGNITUDE } from '../predict/predictions.js';
import {
  asCliError,
  CliError,
  type CliIo,
  type CliServices,
  joinNegativeNumbers,
  requireServices,
} from './io.js';

const DAY_MS = 86_400_000;
const MAX_DAYS = 60;

const help = `Usage: passwatch passes (--sat ID[,ID...] | --group NAME) (--observer NAME | --lat DEG --lon DEG) [options]
       passwatch passes --elements FILE --sat ID[,ID...] --lat DEG --lon DEG [options]
       passwatch passes --elements FILE --all --lat DEG --lon DEG (--count | --json) [options]

Lists the passes of one or more satellites over an observer, in time order, with the visible
part of each pass (satellite sunlit, sky dark, magnitude at most --max-magnitude) and its
brightest magnitude. Without --elements it reads the catalog that "passwatch serve" keeps fresh
(the store in the data directory; the bundled snapshot when the store is empty). With --all,
every object of the file (a whole catalogue in seconds, on every core).

Satellites:
  --sat ID[,ID...]       NORAD catalogue numbers, e.g. 25544 or 25544,43017
  --group NAME           every object of a catalog group, e.g. visual (not with --elements)
  --elements FILE        read element sets from FILE instead of the catalog: TLE/3LE,
                         CelesTrak OMM JSON or OMM CSV (detected)
  --all                  with --elements: every object in FILE; needs --count or --json.
                         Visibility is skipped (each pass's "visible" is []) unless
                         --visible-only is given, which computes it for every pass

Observer:
  --observer NAME        a named observer of the configuration (PASSWATCH_OBSERVERS or the
                         config file): its position, minElevation, horizon mask and zone
  --lat DEG --lon DEG    or a latitude [-90, 90] and longitude [-180, 180], degrees
  --alt M                height above the WGS84 ellipsoid, metres (default 0)

Options:
  --start ISO            window start, e.g. 2026-08-21T20:00:00Z (default: now); without an
                         offset it is read in --tz (refused when no zone is given)
  --end ISO | --days N   window end, or its length in days (default 2; at most ${MAX_DAYS})
  --min-elevation DEG    AOS/LOS threshold [-5, 90]: passes rise and set at this elevation
                         (default 0, or the named observer's)
  --min-peak-elevation DEG  only passes whose highest point reaches this; AOS/LOS stay at
                         --min-elevation
  --horizon-mask LIST    obstructions as azimuth:elevation pairs, e.g. 60:15,120:25,180:0
  --max-sun-elevation DEG  sky counts as dark with the Sun at or below this (default -6)
  --max-magnitude MAG    faintest magnitude counted as visible (default 6)
  --visible-only         only passes with a visible part
  --tz ZONE              show local times in an IANA zone, e.g. Europe/Amsterdam (default:
                         the named observer's zone, else UTC)
  --json                 print {"passes":[...]} instead of a table; with --all one pass per
                         line, followed by "errors" (objects SGP4 could not propagate)
  --count                with --all: print the number of passes and the time taken
  --threads N            with --all: worker threads (default: one per core; 0: none)
`;

export const passesCommand = {
  help,
  run: async (args: string[], io: CliIo, services?: CliServices): Promise<number> => {
    try {
      return await run(args, io, services);
    } catch (error) {
      throw asCliError(error);
    }
  },
};

async function run(args: string[], io: CliIo, services?: CliServices): Promise<number> {
  const { values } = parseArgs({
    args: joinNegativeNumbers(args),
    strict: true,
    allowPositionals: false,
    options: {
      elements: { type: 'string' },
      sat: { type: 'string' },
      group: { type: 'string' },
      observer: { type: 'string' },
      'min-peak-elevation': { type: 'string' },
      'max-magnitude': { type: 'string' },
      lat: { type: 'string' },
      lon: { type: 'string' },
      alt: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      days: { type: 'string' },
      'min-elevation': { type: 'string' },
      'horizon-mask': { type: 'string' },
      'max-sun-elevation': { type: 'string' },
      'visible-only': { type: 'boolean' },
      tz: { type: 'string' },
      json: { type: 'boolean' },
      all: { type: 'boolean' },
      count: { type: 'boolean' },
      threads: { type: 'string' },
    },
  });
  if (values.all && !values.elements) throw new CliError('--all goes with --elements FILE');
  if (values.all && (values.sat || values.group)) {
    throw new CliError('give either --sat/--group or --all, not both');
  }
  if (!values.sat && !values.group && !values.all) {
    throw new CliError('--sat NORAD_ID[,ID...] or --group NAME is required');
  }
  if (values.group && values.elements) {
    throw new CliError('--group reads the catalog store; drop --elements (or list --sat IDs)');
  }
  if (values.all && !values.count && !values.json) {
    throw new CliError('--all prints --count or --json; add one of them');
  }
  if (!values.all && (values.count || values.threads)) {
    throw new CliError(`${values.count ? '--count' : '--threads'} goes with --all`);
  }
  if (values.observer && (values.lat || values.lon || values.alt)) {
    throw new CliError('give either --observer NAME or --lat/--lon/--alt, not both');
  }
  // The configuration: named observers, the data directory. Read only when needed.
  const named = values.observer
    ? namedObserver(values.observer, await configured(() => requireServices(services).observers()))
    : null;
  const observer = named
    ? named.observer
    : parseObserver(
        { lat: values.lat, lon: values.lon, alt: values.alt },
        { lat: '--lat', lon: '--lon', alt: '--alt' },
      );
  const zone = values.tz ? checkZone(values.tz, '--tz') : (named?.zone ?? null);
  const tzHint = ', or give --tz ZONE to read it in that zone';
  const startMs = values.start ? parseInstant(values.start, '--start', zone, tzHint) : io.now();
  if (values.end && values.days) throw new CliError('give either --end or --days, not both');
  const endMs = values.end
    ? parseInstant(values.end, '--end', zone, tzHint)
    : startMs + parseNumber(values.days ?? '2', '--days', { min: 0.001, max: MAX_DAYS }) * DAY_MS;
  if (endMs <= startMs) throw new CliError('--end must be after --start');
  if (endMs - startMs > MAX_DAYS * DAY_MS) {
    throw new CliError(`the window is longer than ${MAX_DAYS} days; shorten --end or --days`);
  }
  const minElevationDeg = values['min-elevation']
    ? parseNumber(values['min-elevation'], '--min-elevation', LIMITS.minElevationDeg)
    : (named?.minElevationDeg ?? 0);
  const minPeakElevationDeg = values['min-peak-elevation']
    ? parseNumber(values['min-peak-elevation'], '--min-peak-elevation', LIMITS.minElevationDeg)
    : null;
  const maxMagnitude = values['max-magnitude']
    ? parseNumber(values['max-magnitude'], '--max-magnitude', { min: -10, max: 30 })
    : DEFAULT_MAX_MAGNITUDE;
  const maxSunElevationDeg = values['max-sun-elevation']
    ? parseNumber(values['max-sun-elevation'], '--max-sun-elevation', { min: -18, max: 0 })
    : -6;
  const horizonMask = values['horizon-mask']
    ? parseMask(values['horizon-mask'])
    : (named?.horizonMask ?? null);
  if (values.all) {
    const threads = values.threads
      ? parseNumber(values.threads, '--threads', { min: 0, max: 256, integer: true })
      : undefined;
    return runAll(io, {
      path: values.elements!,
      observer,
      startMs,
      endMs,
      minElevationDeg,
      horizonMask,
      maxSunElevationDeg,
      visibleOnly: values['visible-only'] ?? false,
      zone,
      count: values.count ?? false,
      json: values.json ?? false,
      threads,
    });
  }

  // The satellites: from --elements FILE, or from the stored catalog.
  const targets: Target[] = [];
  const magnitudes = bundledStdMagnitudes();
  let from: string;
  if (values.elements) {
    from = values.elements;
    const elements = await loadElements(values.elements, io);
    for (const noradId of parseIds(values.sat!)) {
      const el = elements.find((e) => e.noradId === noradId);
      if (!el) throw new CliError(`no element set for NORAD ${noradId} in ${values.elements}`, 1);
      targets.push({
        noradId: el.noradId,
        name: el.name,
        elements: el,
        stdMagnitude: magnitudes.get(noradId) ?? null,
      });
    }
  } else {
    const { catalog, dataDir } = await configured(() =>
      requireServices(services).storedCatalog(io.now),
    );
    from = `the catalog in ${dataDir}`;
    if (catalog.size === 0) {
      throw new CliError(
        `the catalog in ${dataDir} is empty; run "passwatch refresh" or give --elements FILE`,
        1,
      );
    }
    const chosen = new Map<number, Target>();
    if (values.group) {
      if (!catalog.hasGroup(values.group)) {
        const known = catalog.groups().map((g) => g.name);
        throw new CliError(`no group named "${values.group}"; known groups: ${known.join(', ')}`);
      }
      for (const r of catalog.members(values.group)) chosen.set(r.noradId, targetOf(r));
    }
    for (const noradId of values.sat ? parseIds(values.sat) : []) {
      const r = catalog.record(noradId);
      if (!r) {
        throw new CliError(
          `no satellite with NORAD id ${noradId} in ${from}; "passwatch catalog" lists the groups`,
          1,
        );
      }
      chosen.set(noradId, targetOf(r));
    }
    targets.push(...chosen.values());
  }

  const many = await predictMany(
    targets,
    {
      observer,
      horizonMask,
      startMs,
      endMs,
      minElevationDeg,
      minPeakElevationDeg,
      visibleOnly: values['visible-only'] ?? false,
      maxMagnitude,
      maxSunElevationDeg,
    },
    { staleAfterDays: DEFAULT_STALE_DAYS },
  );
  for (const t of targets) {
    const error = many.errors.find((e) => e.noradId === t.noradId);
    if (error && error.kind !== 'propagation') {
      io.err(`passwatch: warning: ${t.noradId} (${t.name}): ${error.detail}; no passes\n`);
      continue;
    }
    if (error) {
      io.err(
        `passwatch: warning: ${targets.length > 1 ? `${t.noradId}: ` : ''}${error.message}; passes after it cannot be predicted\n`,
      );
    }
    const stale = many.stale.find((s) => s.record === t);
    if (stale) {
      io.err(`passwatch: warning: ${staleWarning(t.elements, stale.age, DEFAULT_STALE_DAYS)}\n`);
    }
  }
  const rows = many.items.map((i) => ({ el: i.record.elements, pass: i.pass }));
  if (values.json) {
    const passes = rows.map((r) => passJson(r.pass, r.el, zone));
    io.out(`${JSON.stringify({ passes }, null, 2)}\n`);
  } else if (targets.length === 1) {
    io.out(
      table(
        targets[0]!.elements,
        rows.map((r) => r.pass),
        { observer, startMs, endMs, minElevationDeg, zone },
      ),
    );
  } else {
    io.out(multiTable(rows, targets.length, { observer, startMs, endMs, minElevationDeg, zone }));
  }
  return 0;
}

type Target = PassTarget;

const targetOf = (r: CatalogRecord): Target => ({
  noradId: r.noradId,
  name: r.elements.name,
  elements: r.elements,
  stdMagnitude: r.stdMagnitude,
});

/** `--sat 25544,43017`: NORAD ids, each checked. */
function parseIds(text: string): number[] {
  const ids = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => parseNumber(part, '--sat', LIMITS.noradId));
  if (ids.length === 0) throw new CliError('--sat needs NORAD ids, e.g. 25544 or 25544,43017');
  return [...new Set(ids)];
}

async function configured<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 78);
    throw error;
  }
}

/** A configured observer by name, or a CliError listing the known ones. */
function namedObserver(
  name: string,
  observers: ObserversSettings,
): {
  observer: Observer;
  minElevationDeg: number;
  horizonMask: HorizonMask | null;
  zone: string | null;
} {
  const o = Object.hasOwn(observers, name) ? observers[name] : undefined;
  if (!o) {
    const known = Object.keys(observers);
    throw new CliError(
      known.length
        ? `no observer named "${name}"; configured observers: ${known.join(', ')}`
        : `no observer named "${name}": none is configured (set PASSWATCH_OBSERVERS or "observers" in the config file)`,
    );
  }
  return {
    observer: { latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt },
    minElevationDeg: o.minElevation,
    horizonMask: o.horizonMask
      ? new HorizonMask(
          o.horizonMask.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })),
        )
      : null,
    zone: o.timezone,
  };
}

interface AllOptions {
  path: string;
  observer: Observer;
  startMs: number;
  endMs: number;
  minElevationDeg: number;
  horizonMask: HorizonMask | null;
  maxSunElevationDeg: number;
  visibleOnly: boolean;
  zone: string | null;
  count: boolean;
  json: boolean;
  threads: number | undefined;
}

/** `--all`: every object of the file, searched on a pool of worker threads. */
async function runAll(io: CliIo, o: AllOptions): Promise<number> {
  const pool = new PassPool({ threads: o.threads });
  // Start the threads while the file is read and parsed.
  pool.warm();
  try {
    const t0 = performance.now();
    const elements = await loadElements(o.path, io);
    const t1 = performance.now();
    const site = { observer: o.observer, minElevationDeg: o.minElevationDeg };
    const result = await pool.search(
      elements,
      [{ ...site, horizonMask: o.horizonMask?.points ?? null }],
      { startMs: o.startMs, endMs: o.endMs },
    );
    const t2 = performance.now();
    // The workers' memory is not needed for printing.
    await pool.close();
    const errors: { noradId: number; name: string; error: string; time: string | null }[] = [];
    let stale = 0;
    for (let i = 0; i < result.objectCount; i++) {
      const obj = result.object(i);
      if (obj.stale) stale++;
      if (!obj.error) continue;
      const invalid = obj.error.kind === 'invalid-elements';
      errors.push({
        noradId: obj.noradId,
        name: elements[i]!.name,
        error: obj.error.message,
        time: invalid ? null : new Date(obj.error.epochMs).toISOString(),
      });
      io.err(
        `passwatch: warning: ${obj.error.message}; ${invalid ? 'no passes' : 'passes after it cannot be predicted'}\n`,
      );
    }
    if (stale > 0) {
      io.err(
        `passwatch: warning: ${stale} element set${stale === 1 ? ' is' : 's are'} more than ${DEFAULT_STALE_AFTER_DAYS} days from the window (stale); their passes are less accurate\n`,
      );
    }
    if (o.count && !o.visibleOnly) {
      const summary = {
        passes: result.passCount,
        objects: result.objectCount,
        errors: errors.length,
        stale,
        seconds: round3((t2 - t0) / 1000),
        readSeconds: round3((t1 - t0) / 1000),
        searchSeconds: round3((t2 - t1) / 1000),
        evaluations: result.evaluations,
      };
      io.out(
        o.json
          ? `${JSON.stringify(summary)}\n`
          : `${summary.passes} passes of ${summary.objects} objects in ${summary.seconds.toFixed(2)} s ` +
              `(read ${summary.readSeconds.toFixed(2)} s, search ${summary.searchSeconds.toFixed(2)} s)\n`,
      );
      return 0;
    }
    // Passes, object by object; with --visible-only, each with its visible segments.
    const sun = o.visibleOnly ? new SunTrack(o.startMs, o.endMs) : null;
    const magnitudes = o.visibleOnly ? bundledStdMagnitudes() : null;
    const siteObj = new Site(o.observer);
    const window = { startMs: o.startMs, endMs: o.endMs, minElevationDeg: o.minElevationDeg };
    let count = 0;
    let first = true;
    if (o.json) io.out('{"passes":[');
    for (let i = 0; i < result.objectCount; i++) {
      const passes = result.passes(i, 0);
      if (passes.length === 0) continue;
      const el = elements[i]!;
      let predicted: PredictedPass[] = passes.map((p) => ({ ...p, visible: [] }));
      if (sun && magnitudes) {
        const orbit = new Orbit(el);
        const std = magnitudes.get(el.noradId) ?? null;
        const conditions = { maxSunElevationDeg: o.maxSunElevationDeg };
        predicted = passes
          .map((p) => ({
            ...p,
            visible: visibleSegments(orbit, siteObj, p, window, sun, std, conditions),
          }))
          .filter((p) => p.visible.length > 0);
      }
      count += predicted.length;
      if (!o.json) continue;
      const lines = predicted.map((p) => JSON.stringify(passJson(p, el, o.zone)));
      if (lines.length === 0) continue;
      io.out(`${first ? '\n' : ',\n'}${lines.join(',\n')}`);
      first = false;
    }
    if (o.json) {
      io.out(`\n],"errors":${JSON.stringify(errors)}}\n`);
    } else {
      const seconds = (performance.now() - t0) / 1000;
      io.out(
        `${count} visible passes of ${result.objectCount} objects in ${seconds.toFixed(2)} s\n`,
      );
    }
    return 0;
  } finally {
    await pool.close();
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Read and parse an element file, reporting every rejected record on stderr. */
async function loadElements(path: string, io: CliIo): Promise<ElementSet[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const why = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new CliError(`cannot read --elements ${path} (${why})`, 1);
  }
  const { elements, issues } = parseElements(text, path);
  for (const issue of issues) {
    const id = issue.noradId === null ? '' : ` (NORAD ${issue.noradId})`;
    io.err(`passwatch: warning: ${path}:${issue.line}${id}: ${issue.reason}\n`);
  }
  if (elements.length === 0) throw new CliError(`no usable element sets in ${path}`, 1);
  return elements;
}

function parseMask(text: string): HorizonMask {
  const points = text.split(',').map((pair) => {
    const [az, el, extra] = pair.split(':');
    if (az === undefined || el === undefined || extra !== undefined) {
      throw new InputError('--horizon-mask', `--horizon-mask "${pair}" is not azimuth:elevation`);
    }
    return {
      azimuthDeg: parseNumber(az, '--horizon-mask azimuth', { min: 0, max: 360 }),
      elevationDeg: parseNumber(el, '--horizon-mask elevation', { min: -5, max: 90 }),
    };
  });
  try {
    return new HorizonMask(points);
  } catch (error) {
    throw new InputError('--horizon-mask', `--horizon-mask: ${(error as Error).message}`);
  }
}

interface TableContext {
  observer: { latitudeDeg: number; longitudeDeg: number; altitudeM: number };
  startMs: number;
  endMs: number;
  minElevationDeg: number;
  zone: string | null;
}

function table(el: ElementSet, passes: PredictedPass[], ctx: TableContext): string {
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
    ['Date', 'AOS', 'Dir', 'TCA', 'Max El', 'Dir', 'LOS', 'Dir', 'Dur', 'Visible', 'Mag'],
  ];
  for (const p of passes) rows.push(passCells(p, zone));
  const body = columns(rows);
  const note = passes.some((p) => p.truncated) ? '\n* cut by the window edge' : '';
  return `${lines.join('\n')}${body.join('\n')}${note}\n`;
}

/** Several satellites in one table, in time order, with a Satellite column. */
function multiTable(
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
    ],
  ];
  for (const { el, pass: p } of rows) {
    const [date, ...cells] = passCells(p, zone);
    out.push([date!, cells[0]!, el.name || '?', String(el.noradId), ...cells.slice(1)]);
  }
  const note = rows.some((r) => r.pass.truncated) ? '\n* cut by the window edge' : '';
  return `${head.join('\n')}${columns(out).join('\n')}${note}\n`;
}

/** Date, AOS, AOS dir, TCA, max el, TCA dir, LOS, LOS dir, duration, visible, magnitude. */
function passCells(p: PredictedPass, zone: string | null): string[] {
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
    mags.length ? Math.min(...mags).toFixed(1) : '',
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
