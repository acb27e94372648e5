import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type CatalogRecord, stdMagnitudeSource } from '../../catalog/index.js';
import { SunTrack } from '../../core/sky/index.js';
import { RANGES } from '../../fields/index.js';
import { elementsAge, staleWarning } from '../../format/drift.js';
import { passesIcsParts } from '../../format/ics.js';
import { passItemJson, staleWarnings } from '../../format/pass-json.js';
import { formatInstant } from '../../format/time.js';
import type {
  ObserverEcho as ObserverEchoJson,
  PassErrorJson,
  PassesResponse,
  PassSettings,
  SatellitePassesResponse,
} from '../../format/wire.js';
import { type PassQuery, predictMany, predictOne } from '../../predict/many.js';
import type { PassItem } from '../../predict/predictions.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import {
  booleanParam,
  maxMagnitudeQuery,
  minElevationQuery,
  minPeakElevationQuery,
  observerQuery,
  type ResolvedObserver,
  rangeParam,
  resolveObserver,
  resolveWindow,
  resolveZone,
  stringParam,
  tzQuery,
  windowQuery,
} from '../params.js';
import { ProblemError } from '../problem.js';
import { cachedResponse, json } from '../respond.js';
import { ObserverEcho, PassErrorObject, PassObject, problemResponses } from '../schemas.js';
import { sliced, slicedJson, textInSlices } from '../serialize.js';
import { entryOr404, noradIdPath, summaryJson, unknownGroup } from './satellites.js';

const ICS = 'text/calendar; charset=utf-8';

/** The JSON of a pass item, with the source of its record's standard magnitude. */
const itemJson = (item: PassItem, zone: string | null, staleAfterDays: number) =>
  passItemJson(item, zone, staleAfterDays, stdMagnitudeSource(item.record));

/**
 * The query of the one-satellite pass routes. `days` is bounded by `api.maxDays`, so the schema is
 * made once per app (by `routesFor`), never per request.
 */
function passQuery(maxDays: number) {
  return z.object({
    ...observerQuery,
    ...windowQuery(maxDays),
    ...minElevationQuery,
    ...minPeakElevationQuery,
    visibleOnly: booleanParam(
      'visibleOnly',
      'Only passes with a visible part: satellite sunlit, sky dark, magnitude known and at most maxMagnitude.',
    ),
    maxMagnitude: maxMagnitudeQuery,
    maxSunElevation: rangeParam(
      'maxSunElevation',
      RANGES.maxSunElevationDeg,
      'The sky counts as dark with the Sun at or below this (default -6).',
    ),
    ...tzQuery,
  });
}

/** The query of the many-satellite routes: the pass query plus the choice of satellites. */
function manyQuery(maxDays: number) {
  return passQuery(maxDays).extend({
    group: stringParam('group', 'Satellites of this group.', 'visual'),
    ids: stringParam('ids', 'Comma-separated NORAD ids (with or instead of group).', '25544,20580'),
    limit: z
      .string()
      .regex(/^\d+$/, { message: 'limit must be a whole number from 1 to 10000' })
      .transform(Number)
      .pipe(
        z
          .number()
          .min(1, { message: 'limit must be from 1 to 10000' })
          .max(10_000, { message: 'limit must be from 1 to 10000' }),
      )
      .optional()
      .openapi({
        param: { name: 'limit', in: 'query' },
        description: 'Most passes returned (default 500).',
      }),
  });
}

type PassParams = z.infer<ReturnType<typeof passQuery>>;
type ManyParams = z.infer<ReturnType<typeof manyQuery>>;

interface Resolved {
  where: ResolvedObserver;
  query: PassQuery;
  zone: string | null;
}

function resolvePassQuery(ctx: ApiContext, q: PassParams): Resolved {
  const { config, clock } = ctx.deps;
  const where = resolveObserver(q, config.observers);
  const zone = resolveZone(q.tz, where.zone);
  const { startMs, endMs } = resolveWindow(q, clock(), config.api.maxDays);
  return {
    where,
    zone,
    query: {
      observer: where.observer,
      horizonMask: where.horizonMask,
      startMs,
      endMs,
      minElevationDeg: q.minElevation ?? where.minElevationDeg,
      minPeakElevationDeg: q.minPeakElevation ?? null,
      // maxMagnitude alone still asks for visible passes only, as it always did.
      visibleOnly: q.visibleOnly ?? q.maxMagnitude !== undefined,
      maxMagnitude: q.maxMagnitude ?? config.api.maxMagnitude,
      maxSunElevationDeg: q.maxSunElevation ?? -6,
    },
  };
}

/** The observer and settings an answer was computed for, echoed back. */
function echo(r: Resolved): { observer: ObserverEchoJson; settings: PassSettings } {
  const { where, query, zone } = r;
  return {
    observer: {
      name: where.name,
      lat: where.observer.latitudeDeg,
      lon: where.observer.longitudeDeg,
      alt: where.observer.altitudeM,
      horizonMask: where.horizonMask
        ? where.horizonMask.points.map((p) => ({
            azimuth: p.azimuthDeg,
            elevation: p.elevationDeg,
          }))
        : null,
    },
    settings: {
      start: formatInstant(query.startMs, zone),
      end: formatInstant(query.endMs, zone),
      minElevation: query.minElevationDeg,
      minPeakElevation: query.minPeakElevationDeg ?? null,
      visibleOnly: query.visibleOnly,
      maxMagnitude: query.maxMagnitude,
      maxSunElevation: query.maxSunElevationDeg,
      tz: zone,
    },
  };
}

/** UID scope of a feed: the observer and threshold, so other queries get other events. */
function icsScope(r: Resolved): string {
  const o = r.query.observer;
  return `${o.latitudeDeg.toFixed(4)}_${o.longitudeDeg.toFixed(4)}_${Math.round(o.altitudeM)}_${r.query.minElevationDeg}`;
}

/** A calendar feed of `items`, formatted and written in slices (a group's feed has thousands). */
async function ics(
  c: Context,
  ctx: ApiContext,
  r: Resolved,
  items: PassItem[],
  name: string,
  signal: AbortSignal,
) {
  const staleDays = ctx.deps.catalog.staleAfterDays;
  function* passes() {
    for (const item of items) {
      yield {
        pass: itemJson(item, null, staleDays),
        revolution: item.revolution,
        tcaMs: item.pass.tca.timeMs,
        aosMs: item.pass.aos?.timeMs ?? null,
        losMs: item.pass.los?.timeMs ?? null,
      };
    }
  }
  const parts = passesIcsParts(passes(), {
    name,
    scope: icsScope(r),
    generatedMs: ctx.deps.clock(),
    zone: r.zone,
    url: feedUrl(ctx, c),
    visibleOnly: r.query.visibleOnly,
  });
  return { body: await textInSlices(parts, { signal }), contentType: ICS };
}

/**
 * The feed's own address for its URL line: the configured public URL plus the request's path and
 * query (both in the cache key), or none. Never the request's host: a client sets its Host header,
 * and the body is cached for everyone.
 */
function feedUrl(ctx: ApiContext, c: Context): string | null {
  const base = ctx.deps.publicUrl;
  if (!base) return null;
  const url = new URL(c.req.url);
  return `${base.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}

const errorJson = (e: {
  noradId: number;
  name: string;
  message: string;
  atMs: number;
}): PassErrorJson => ({
  noradId: e.noradId,
  name: e.name,
  message: e.message,
  at: formatInstant(e.atMs),
});

/** The satellites of `group` and/or `ids`, each once. */
function selectRecords(ctx: ApiContext, q: ManyParams): CatalogRecord[] {
  const { catalog } = ctx.deps;
  if (q.group === undefined && q.ids === undefined) {
    throw ProblemError.parameter(
      'group',
      'give group=NAME and/or ids=ID,ID,... to choose satellites',
    );
  }
  if (q.group !== undefined && !catalog.hasGroup(q.group)) {
    throw ProblemError.parameter('group', unknownGroup(ctx, q.group));
  }
  // A group alone is its members as they are (a whole catalog is 16,000 records).
  if (q.ids === undefined) return catalog.members(q.group!);
  const chosen = new Map<number, CatalogRecord>();
  if (q.group !== undefined) {
    for (const r of catalog.members(q.group)) chosen.set(r.noradId, r);
  }
  if (q.ids !== undefined) {
    for (const part of q.ids.split(',')) {
      const id = part.trim();
      if (!/^\d{1,9}$/.test(id)) {
        throw ProblemError.parameter(
          'ids',
          `ids must be comma-separated NORAD ids; "${part}" is not one`,
        );
      }
      const r = catalog.record(Number(id));
      if (!r)
        throw ProblemError.parameter('ids', `no satellite with NORAD id ${id} in the catalog`);
      chosen.set(r.noradId, r);
    }
  }
  return [...chosen.values()];
}

/** `/v1/satellites/{noradId}/passes(.ics)`. */
function onePasses(c: Context, ctx: ApiContext, format: Format, noradId: number, q: PassParams) {
  const entry = entryOr404(ctx, noradId);
  const r = resolvePassQuery(ctx, q);
  return cachedResponse(c, ctx, (signal) => {
    const { startMs, endMs } = r.query;
    const sun = new SunTrack(startMs, endMs);
    const { items, error } = predictOne(entry, r.query, sun, ctx.deps.catalog.recordOrbit);
    if (format === 'ics')
      return ics(c, ctx, r, items, `passwatch: ${entry.name || noradId} passes`, signal);
    const staleDays = ctx.deps.catalog.staleAfterDays;
    // Age at the start of the window; stale if stale there or at any pass in it.
    const atStart = elementsAge(entry.elements, r.query.startMs, staleDays);
    const warnings = staleWarnings(items, staleDays);
    if (atStart.stale && warnings.length === 0) {
      warnings.push(staleWarning(entry.elements, atStart, staleDays));
    }
    return json<SatellitePassesResponse>({
      satellite: summaryJson(entry),
      ...echo(r),
      elements: {
        epoch: entry.elements.epochIso,
        ageDays: atStart.ageDays,
        stale: atStart.stale || warnings.length > 0,
        staleAfterDays: staleDays,
        orbitClass: atStart.orbitClass,
      },
      warnings,
      passes: items.map((i) => itemJson(i, r.zone, staleDays)),
      errors: error ? [errorJson(error)] : [],
    });
  });
}

/** `/v1/passes(.ics)`: the chosen satellites' passes merged in time order, under the budget. */
function manyPasses(c: Context, ctx: ApiContext, format: Format, q: ManyParams) {
  const records = selectRecords(ctx, q);
  const r = resolvePassQuery(ctx, q);
  const limit = q.limit ?? 500;
  const compute = async (signal: AbortSignal) => {
    // The timeout counts from when the work starts, not from the wait for a slot.
    const options = { timeoutSeconds: ctx.deps.config.api.requestTimeoutSeconds, signal };
    // On the pool's worker threads when there is a pool (the same answer), otherwise here in
    // slices; either way the event loop keeps answering other requests.
    const pool = ctx.deps.predictionPool;
    const { items, errors } = pool
      ? await pool.many(records, r.query, options)
      : await predictMany(records, r.query, { ...options, orbit: ctx.deps.catalog.recordOrbit });
    const kept = items.slice(0, limit);
    if (format === 'ics') {
      return ics(c, ctx, r, kept, `passwatch: ${q.group ?? 'chosen satellites'} passes`, signal);
    }
    const staleDays = ctx.deps.catalog.staleAfterDays;
    // Up to 10,000 passes: formatted and written in slices, yielding to other requests.
    return slicedJson<PassesResponse>(
      {
        ...echo(r),
        satellites: records.length,
        warnings: staleWarnings(kept, staleDays),
        passes: sliced(kept, (i) => itemJson(i, r.zone, staleDays)),
        truncatedAt: items.length > limit ? limit : null,
        errors: sliced(errors, errorJson),
      },
      { signal },
    );
  };
  // Counted against the work budget (422), then computed under the heavy-request limit (503).
  const cost = {
    elements: records.map((record) => record.elements),
    days: (r.query.endMs - r.query.startMs) / 86_400_000,
    parameter: q.group !== undefined ? 'group' : 'ids',
  };
  return cachedResponse(c, ctx, compute, { cost });
}

type Format = 'json' | 'ics';

const SatellitePassesSchema = z.object({
  satellite: z.object({ noradId: z.number() }).passthrough(),
  observer: ObserverEcho,
  settings: z.object({}).passthrough(),
  elements: z.object({
    epoch: z.string(),
    ageDays: z.number(),
    stale: z.boolean(),
    staleAfterDays: z.number(),
    orbitClass: z.string(),
  }),
  warnings: z.array(z.string()),
  passes: z.array(PassObject),
  errors: z.array(PassErrorObject),
});

const PassesSchema = z.object({
  observer: ObserverEcho,
  settings: z.object({}).passthrough(),
  satellites: z.number().int(),
  warnings: z.array(z.string()).openapi({
    description:
      'One sentence per satellite whose elements are stale for some of these passes, with the measured drift.',
  }),
  passes: z.array(PassObject),
  truncatedAt: z.number().int().nullable(),
  errors: z.array(PassErrorObject),
});

const calendar = (description: string) => ({
  description,
  content: { 'text/calendar': { schema: z.string() } },
});

/** The pass routes, their queries bounded by `api.maxDays` (made once per app). */
function routesFor(maxDays: number) {
  const one = { params: z.object({ noradId: noradIdPath }), query: passQuery(maxDays) };
  const many = { query: manyQuery(maxDays) };
  return {
    one: createRoute({
      method: 'get',
      path: '/v1/satellites/{noradId}/passes',
      summary: 'Passes of one satellite',
      description:
        'The same pass objects as `passwatch passes --json`, with the observer and settings echoed back and the age of the elements.',
      request: one,
      responses: {
        200: {
          description: 'Passes in time order',
          content: { 'application/json': { schema: SatellitePassesSchema } },
        },
        ...problemResponses,
      },
    }),
    oneIcs: createRoute({
      method: 'get',
      path: '/v1/satellites/{noradId}/passes.ics',
      summary: 'Passes of one satellite as an iCalendar feed',
      request: one,
      responses: { 200: calendar('RFC 5545 calendar, one event per pass'), ...problemResponses },
    }),
    many: createRoute({
      method: 'get',
      path: '/v1/passes',
      summary: 'Passes of many satellites, merged in time order',
      description:
        '"What can I see tonight" (`group=visual&visibleOnly=true&maxMagnitude=3`) or "every amateur pass above 20 deg" (`group=amateur&minElevation=20`).',
      request: many,
      responses: {
        200: {
          description: 'Passes in time order (by AOS)',
          content: { 'application/json': { schema: PassesSchema } },
        },
        ...problemResponses,
        422: {
          description: 'Over the work budget',
          content: { 'application/problem+json': { schema: z.object({}).passthrough() } },
        },
      },
    }),
    manyIcs: createRoute({
      method: 'get',
      path: '/v1/passes.ics',
      summary: 'Passes of many satellites as an iCalendar feed',
      request: many,
      responses: { 200: calendar('RFC 5545 calendar'), ...problemResponses },
    }),
  };
}

/** The pass routes: one satellite's passes and many satellites' merged, as JSON and iCalendar. */
export function passRoutes(ctx: ApiContext): App {
  const routes = routesFor(ctx.deps.config.api.maxDays);
  const app = featureApp();
  app.openapi(routes.one, (c) =>
    onePasses(c, ctx, 'json', c.req.valid('param').noradId, c.req.valid('query')),
  );
  app.openapi(routes.oneIcs, (c) =>
    onePasses(c, ctx, 'ics', c.req.valid('param').noradId, c.req.valid('query')),
  );
  app.openapi(routes.many, (c) => manyPasses(c, ctx, 'json', c.req.valid('query')));
  app.openapi(routes.manyIcs, (c) => manyPasses(c, ctx, 'ics', c.req.valid('query')));
  return app;
}
