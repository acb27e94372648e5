import { createRoute, z } from '@hono/zod-openapi';
import { type CatalogEntry, stdMagnitudeSource } from '../../catalog/index.js';
import { formatTle, ommRecord } from '../../core/elements/index.js';
import type { ApiContext, App } from '../app.js';
import { stringParam } from '../params.js';
import { ProblemError } from '../problem.js';
import { cachedResponse, json } from '../respond.js';
import { problemResponses, SatelliteSummary } from '../schemas.js';

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** A catalog entry as the API's satellite summary. */
export function summaryJson(e: CatalogEntry) {
  return {
    noradId: e.noradId,
    name: e.name,
    intlDesignator: e.intlDesignator,
    groups: [...e.groups],
    stdMagnitude: e.stdMagnitude,
    stdMagnitudeSource: stdMagnitudeSource(e.noradId, e.stdMagnitude),
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

export function registerSatelliteRoutes(app: App, ctx: ApiContext): void {
  const { config } = ctx.deps;
  const list = createRoute({
    method: 'get',
    path: '/v1/satellites',
    summary: 'Search the catalog',
    description: 'By name (any part), NORAD id or international designator, optionally in a group.',
    request: {
      query: z.object({
        search: stringParam('search', 'Name, NORAD id or international designator.', 'ISS'),
        group: stringParam('group', 'Only objects in this group.', 'visual'),
        limit: z
          .string()
          .regex(/^\d+$/, {
            message: `limit must be a whole number from 1 to ${config.api.maxPageSize}`,
          })
          .transform(Number)
          .pipe(
            z
              .number()
              .min(1, { message: `limit must be from 1 to ${config.api.maxPageSize}` })
              .max(config.api.maxPageSize, {
                message: `limit must be from 1 to ${config.api.maxPageSize}`,
              }),
          )
          .optional()
          .openapi({ param: { name: 'limit', in: 'query' }, example: '50' }),
        cursor: stringParam('cursor', '`nextCursor` of the previous page.'),
      }),
    },
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
  app.openapi(list, (c) => {
    const q = c.req.valid('query');
    if (q.group !== undefined && !ctx.deps.catalog.hasGroup(q.group)) {
      throw ProblemError.parameter('group', unknownGroup(ctx, q.group));
    }
    return cachedResponse(c, ctx, () => {
      const page = ctx.deps.catalog.search(
        {
          ...(q.search !== undefined ? { text: q.search } : {}),
          ...(q.group !== undefined ? { group: q.group } : {}),
          limit: q.limit ?? config.api.defaultPageSize,
          cursor: q.cursor ?? null,
        },
        ctx.deps.clock(),
      );
      return json({
        items: page.items.map(summaryJson),
        nextCursor: page.nextCursor,
        total: page.total,
      });
    });
  });

  const one = createRoute({
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
  app.openapi(one, (c) => {
    const { noradId } = c.req.valid('param');
    const e = entryOr404(ctx, noradId);
    const el = e.elements;
    return cachedResponse(c, ctx, () =>
      json({
        ...summaryJson(e),
        staleAfterDays: ctx.deps.catalog.staleAfterDays,
        elements: {
          tle: el.tle ?? formatTle(el),
          omm: ommRecord(el),
        },
      }),
    );
  });
}

/** A 400 detail for an unknown group, listing the known ones. */
export function unknownGroup(ctx: ApiContext, group: string): string {
  const names = ctx.deps.catalog.groups().map((g) => g.name);
  return `no group named "${group}"; known groups: ${names.join(', ')}`;
}
