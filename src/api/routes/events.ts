/**
 * The catalog watch's routes: `GET /v1/events` (new objects, launches, decays, manoeuvres,
 * newest first, paginated) and `GET /v1/satellites/{noradId}/history` (an object's element sets
 * over time with perigee, apogee, period and its events). They exist only with the watch on.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { parseInstant } from '../../format/time.js';
import type { WatchEventJson as WatchEventJsonWire } from '../../format/wire.js';
import {
  WATCH_EVENT_TYPES,
  type Watch,
  type WatchEvent,
  type WatchEventType,
} from '../../watch/index.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import { stringParam } from '../params.js';
import { ProblemError } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { noradIdPath, pageLimit } from './satellites.js';

const iso = (ms: number) => new Date(ms).toISOString();
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

const WatchEventJson = z
  .object({
    id: z.number().int(),
    type: z.enum(WATCH_EVENT_TYPES),
    noradId: z.number().int().nullable(),
    name: z.string().nullable(),
    launch: z
      .string()
      .nullable()
      .openapi({ description: 'International designator year-number, e.g. 2026-045.' }),
    groups: z.array(z.string()),
    time: z.string().openapi({ description: 'When it happened (or will): for a window, its end.' }),
    window: z.object({ start: z.string(), end: z.string() }).nullable(),
    detected: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('WatchEvent');

/** An event as the API serves it. */
export function eventJson(e: WatchEvent): WatchEventJsonWire {
  return {
    id: e.id,
    type: e.type,
    noradId: e.noradId,
    name: e.name,
    launch: e.launch,
    groups: e.groups,
    time: iso(e.timeMs),
    window:
      e.windowStartMs !== null && e.windowEndMs !== null
        ? { start: iso(e.windowStartMs), end: iso(e.windowEndMs) }
        : null,
    detected: iso(e.detectedMs),
    details: e.details,
  };
}

/** The event query, its `limit` bounded by `api.maxPageSize` (made once per app). */
function eventsQuery(maxPageSize: number) {
  return z.object({
    type: stringParam(
      'type',
      `Comma-separated event types: ${WATCH_EVENT_TYPES.join(', ')}.`,
      'catalog.manoeuvre',
    ),
    since: stringParam(
      'since',
      'Only events detected at or after this instant (ISO 8601 with offset).',
    ),
    group: stringParam('group', 'Only events of objects in this group.', 'stations'),
    sat: z
      .string()
      .regex(/^\d{1,9}$/, { message: 'sat must be a NORAD catalogue number (1 to 9 digits)' })
      .transform(Number)
      .optional()
      .openapi({ param: { name: 'sat', in: 'query' }, example: '25544' }),
    limit: pageLimit(maxPageSize),
    cursor: z
      .string()
      .regex(/^\d{1,15}$/, { message: 'cursor must be the nextCursor of a previous page' })
      .transform(Number)
      .optional()
      .openapi({ param: { name: 'cursor', in: 'query' } }),
  });
}

type EventsQuery = z.infer<ReturnType<typeof eventsQuery>>;

/** `GET /v1/events`, its `limit` bounded by `api.maxPageSize` (made once per app). */
const eventsRoute = (maxPageSize: number) =>
  createRoute({
    method: 'get',
    path: '/v1/events',
    summary: 'Catalog events: new objects, launches, decays, manoeuvres',
    description:
      'Newest first. `nextCursor` of one page as `cursor` gives the next. See README "Catalog watch".',
    request: { query: eventsQuery(maxPageSize) },
    responses: {
      200: {
        description: 'One page of events, newest first',
        content: {
          'application/json': {
            schema: z.object({ items: z.array(WatchEventJson), nextCursor: z.string().nullable() }),
          },
        },
      },
      ...problemResponses,
    },
  });

const historyRoute = createRoute({
  method: 'get',
  path: '/v1/satellites/{noradId}/history',
  summary: "An object's element sets over time, with its events",
  description:
    'Oldest first, the current set last; each with perigee, apogee and period. Objects that left the catalog keep their history for `catalog.historyDays`.',
  request: { params: z.object({ noradId: noradIdPath }) },
  responses: {
    200: {
      description: 'The history and the events of the object',
      content: {
        'application/json': {
          schema: z.object({
            noradId: z.number().int(),
            name: z.string().nullable(),
            inCatalog: z.boolean(),
            elementSets: z.array(
              z.object({
                epoch: z.string(),
                current: z.boolean(),
                source: z.string().nullable(),
                perigeeKm: z.number(),
                apogeeKm: z.number(),
                periodMinutes: z.number(),
                inclinationDeg: z.number(),
                eccentricity: z.number(),
                meanMotionRevPerDay: z.number(),
              }),
            ),
            events: z.array(WatchEventJson),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

/** The event types of `type=a,b`, each checked. */
function eventTypes(list: string): WatchEventType[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .map((t) => {
      if (!(WATCH_EVENT_TYPES as readonly string[]).includes(t)) {
        throw ProblemError.parameter(
          'type',
          `type "${t}" is not an event type; use ${WATCH_EVENT_TYPES.join(', ')}`,
        );
      }
      return t as WatchEventType;
    });
}

/** One page of events, newest first. */
function eventsPage(watch: Watch, q: EventsQuery, defaultPageSize: number) {
  const sinceMs = q.since === undefined ? undefined : parseInstant(q.since, 'since');
  const limit = q.limit ?? defaultPageSize;
  const items = watch.events({
    ...(q.type !== undefined ? { types: eventTypes(q.type) } : {}),
    ...(sinceMs !== undefined ? { sinceMs } : {}),
    ...(q.group !== undefined ? { group: q.group } : {}),
    ...(q.sat !== undefined ? { noradId: q.sat } : {}),
    ...(q.cursor !== undefined ? { beforeId: q.cursor } : {}),
    limit: limit + 1,
  });
  const page = items.slice(0, limit);
  return {
    items: page.map(eventJson),
    nextCursor: items.length > limit ? String(page.at(-1)!.id) : null,
  };
}

/** An object's history and events, or a 404 when no element set of it is stored. */
function historyJson(ctx: ApiContext, watch: Watch, noradId: number) {
  const points = watch.history(noradId);
  if (points.length === 0) {
    throw new ProblemError(
      404,
      'unknown-satellite',
      `no element sets of NORAD id ${noradId} are stored; search with /v1/satellites?search=`,
      [{ parameter: 'noradId', detail: `${noradId} has no stored element sets` }],
    );
  }
  const last = points.at(-1)!;
  return {
    noradId,
    name: last.elements.name || null,
    inCatalog: ctx.deps.catalog.has(noradId),
    elementSets: points.map((p) => ({
      epoch: p.elements.epochIso,
      current: p.current,
      source: p.source,
      perigeeKm: round(p.perigeeKm, 2),
      apogeeKm: round(p.apogeeKm, 2),
      periodMinutes: round(p.periodMinutes, 3),
      inclinationDeg: p.elements.inclinationDeg,
      eccentricity: p.elements.eccentricity,
      meanMotionRevPerDay: p.elements.meanMotionRevPerDay,
    })),
    events: watch.events({ noradId, limit: 1000 }).map(eventJson),
  };
}

export function eventRoutes(ctx: ApiContext, watch: Watch): App {
  const { api } = ctx.deps.config;
  return featureApp()
    .openapi(eventsRoute(api.maxPageSize), (c) =>
      c.json(eventsPage(watch, c.req.valid('query'), api.defaultPageSize), 200),
    )
    .openapi(historyRoute, (c) =>
      c.json(historyJson(ctx, watch, c.req.valid('param').noradId), 200),
    );
}
