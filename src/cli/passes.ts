import { parseArgs } from 'node:util';
import type { CatalogRecord } from '../catalog/index.js';
import { bundledStdMagnitude, stdMagnitudeSource } from '../catalog/magnitudes.js';
import { staleWarning } from '../format/drift.js';
import { LIMITS, parseNumber, parseObserver } from '../format/input.js';
import { DEFAULT_STALE_DAYS, passJson } from '../format/pass-json.js';
import { checkZone, parseInstant } from '../format/time.js';
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
import { runAll } from './passes-all.js';
import { configured, loadElements, namedObserver, parseIds, parseMask } from './passes-input.js';
import { multiTable, table } from './passes-table.js';

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

The table's Mag column is the brightest magnitude of the visible parts, marked "≈" when the
satellite's standard magnitude is an estimate (nothing observed or catalogued); Stars says where
each visible part starts and ends among the bright stars ("from 5° below Vega to Arcturus").
In --json each pass has "magnitudeSource" (observed, catalog, estimated or null) and each
visible part "nearStars".
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
    ? parseNumber(values['max-magnitude'], '--max-magnitude', LIMITS.magnitude)
    : DEFAULT_MAX_MAGNITUDE;
  const maxSunElevationDeg = values['max-sun-elevation']
    ? parseNumber(values['max-sun-elevation'], '--max-sun-elevation', LIMITS.maxSunElevationDeg)
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
        stdMagnitude: bundledStdMagnitude(noradId, el.meanMotionRevPerDay)?.stdMag ?? null,
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
  const magnitudeSources = new Map(targets.map((t) => [t.noradId, stdMagnitudeSource(t)]));
  if (values.json) {
    const passes = rows.map((r) => ({
      ...passJson(r.pass, r.el, zone),
      magnitudeSource: magnitudeSources.get(r.pass.noradId) ?? null,
    }));
    io.out(`${JSON.stringify({ passes }, null, 2)}\n`);
  } else {
    const ctx = { observer, startMs, endMs, minElevationDeg, zone, magnitudeSources };
    io.out(
      targets.length === 1
        ? table(
            targets[0]!.elements,
            rows.map((r) => r.pass),
            ctx,
          )
        : multiTable(rows, targets.length, ctx),
    );
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
