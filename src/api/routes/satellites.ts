import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type CatalogEntry, stdMagnitudeSource } from '../../catalog/index.js';
import { formatTle, ommRecord } from '../../core/elements/index.js';
import type {
  SatelliteSummary as SatelliteSummaryJson,
  SatellitesPage,
} from '../../format/wire.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import { stringParam } from '../params.js';
import { ProblemError } from '../problem.js';
import { cachedResponse, json } from '../respond.js';
import { problemResponses, SatelliteSummary } from '../schemas.js';

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** A catalog entry as the API's satellite summary. */
export function summaryJson(e: CatalogEntry): SatelliteSummaryJson {
  return {
    noradId: e.noradId,
    name: e.name,
    intlDesignator: e.intlDesignator,
    groups: [...e.groups],
    stdMagnitude: e.stdMagnitude,
    stdMagnitudeSource: stdMagnitudeSource(e),
    epoch: e.elements.epochIso,
    ageDays: round(e.ageDays, 3),
    stale: e.stale,
    source: e.source,
  };
}

export const noradIdPath = z
  .string()
  .regex(/^\d{1,9}$/, { message: 'noradId must be a NORAD catalogue number (1 to 9 digits)' })
  .transform(Number)
  .openapi({ param: { name: 'noradId', in: 'path' }, example: '25544' });

/** The catalog entry of a path's NORAD id, or a 404 problem. */
export function entryOr404(ctx: ApiContext, noradId: number): CatalogEntry {
  const entry = ctx.deps.catalog.get(noradId, ctx.deps.clock());
  if (!entry) {
    throw new ProblemError(
      404,
      'unknown-satellite',
      `no satellite with NORAD id ${noradId} in the catalog; search with /v1/satellites?search=`,
      [{ parameter: 'noradId', detail: `${noradId} is not in the catalog` }],
    );
  }
  return entry;
}

/** `limit` of the search, bounded by `api.maxPageSize` (so made once per app). */
export function pageLimit(maxPageSize: number) {
  const range = `from 1 to ${maxPageSize}`;
  return z
    .string()
    .regex(/^\d+$/, { message: `limit must be a whole number ${range}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, { message: `limit must be ${range}` })
        .max(maxPageSize, { message: `limit must be ${range}` }),
    )
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, example: '50' });
}

function searchQuery(maxPageSize: number) {
  return z.object({
    search: stringParam('search', 'Name, NORAD id or international designator.', 'ISS'),
    group: stringParam('group', 'Only objects in this group.', 'visual'),
    limit: pageLimit(maxPageSize),
    cursor: stringParam('cursor', '`nextCursor` of the previous page.'),
  });
}

/** `GET /v1/satellites`, its `limit` bounded by `api.maxPageSize` (made once per app). */
const searchRoute = (maxPageSize: number) =>
  createRoute({
    method: 'get',
    path: '/v1/satellites',
    summary: 'Search the catalog',
    description: 'By name (any part), NORAD id or international designator, optionally in a group.',
    request: { query: searchQuery(maxPageSize) },
    responses: {
      200: {
        description: 'One page of matches',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(SatelliteSummary),
              nextCursor: z.string().nullable(),
              total: z.number().int(),
            }),
          },
        },
      },
      ...problemResponses,
    },
  });

const oneRoute = createRoute({
  method: 'get',
  path: '/v1/satellites/{noradId}',
  summary: 'One satellite and its current elements',
  request: { params: z.object({ noradId: noradIdPath }) },
  responses: {
    200: {
      description:
        'The object, its element set (TLE lines where they fit, OMM fields always), source, age',
      content: {
        'application/json': {
          schema: SatelliteSummary.extend({
            elements: z.object({
              tle: z.object({ line1: z.string(), line2: z.string() }).nullable(),
              omm: z.record(z.string(), z.union([z.string(), z.number()])),
            }),
            staleAfterDays: z.number(),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

/** A page of the catalog search. */
function search(c: Context, ctx: ApiContext, q: z.infer<ReturnType<typeof searchQuery>>) {
  const { catalog, clock, config } = ctx.deps;
  if (q.group !== undefined && !catalog.hasGroup(q.group)) {
    throw ProblemError.parameter('group', unknownGroup(ctx, q.group));
  }
  return cachedResponse(c, ctx, () => {
    const page = catalog.search(
      {
        ...(q.search !== undefined ? { text: q.search } : {}),
        ...(q.group !== undefined ? { group: q.group } : {}),
        limit: q.limit ?? config.api.defaultPageSize,
        cursor: q.cursor ?? null,
      },
      clock(),
    );
    return json<SatellitesPage>({
      items: page.items.map(summaryJson),
      nextCursor: page.nextCursor,
      total: page.total,
    });
  });
}

/** One satellite with its element set as TLE lines (where they fit) and OMM fields. */
function one(c: Context, ctx: ApiContext, noradId: number) {
  const e = entryOr404(ctx, noradId);
  const el = e.elements;
  return cachedResponse(c, ctx, () =>
    json({
      ...summaryJson(e),
      staleAfterDays: ctx.deps.catalog.staleAfterDays,
      elements: { tle: el.tle ?? formatTle(el), omm: ommRecord(el) },
    }),
  );
}

/** The catalog search and one satellite's elements. */
export function satelliteRoutes(ctx: ApiContext): App {
  const app = featureApp();
  app.openapi(searchRoute(ctx.deps.config.api.maxPageSize), (c) =>
    search(c, ctx, c.req.valid('query')),
  );
  app.openapi(oneRoute, (c) => one(c, ctx, c.req.valid('param').noradId));
  return app;
}

/** A 400 detail for an unknown group, listing the known ones. */
export function unknownGroup(ctx: ApiContext, group: string): string {
  const names = ctx.deps.catalog.groups().map((g) => g.name);
  return `no group named "${group}"; known groups: ${names.join(', ')}`;
}
