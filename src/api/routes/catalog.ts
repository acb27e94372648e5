import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { formatInstant } from '../../format/time.js';
import type { ApiContext, App } from '../app.js';
import { freshness } from '../freshness.js';
import { ProblemError } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { transmitterSourceJson } from './radio.js';

const DAY_MS = 86_400_000;
const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms));

/** Throw 401/403 unless the request carries the configured admin token as a Bearer token. */
export function requireAdmin(c: Context, ctx: ApiContext): void {
  const token = ctx.deps.config.adminToken;
  if (!token) {
    throw new ProblemError(
      403,
      'admin-disabled',
      'admin routes are disabled: set PASSWATCH_ADMIN_TOKEN to enable them',
    );
  }
  const header = c.req.header('authorization') ?? '';
  // The auth scheme is case-insensitive (RFC 9110 11.1); the token is not.
  const match = /^bearer +(\S+)\s*$/i.exec(header);
  const given = match?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (!(a.length === b.length && timingSafeEqual(a, b))) {
    throw new ProblemError(
      401,
      'unauthorized',
      'send the admin token as "Authorization: Bearer <token>"',
      [{ parameter: 'Authorization', detail: given ? 'the token does not match' : 'missing' }],
    );
  }
}

export function registerCatalogRoutes(app: App, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/catalog',
      summary: 'Sources, their last refresh, object counts and element ages',
      responses: {
        200: {
          description: 'Catalog status',
          content: { 'application/json': { schema: z.object({}).passthrough() } },
        },
      },
    }),
    (c) => {
      const now = ctx.deps.clock();
      const s = ctx.deps.catalog.summary(now);
      const status = ctx.deps.sources();
      const f = freshness(s, status, now);
      return c.json({
        status: f.status,
        freshness: f,
        objects: s.objects,
        stale: s.stale,
        staleAfterDays: s.staleAfterDays,
        oldestEpoch: iso(s.oldestEpochMs),
        newestEpoch: iso(s.newestEpochMs),
        oldestAgeDays:
          s.oldestEpochMs === null
            ? null
            : Math.round(((now - s.oldestEpochMs) / DAY_MS) * 1000) / 1000,
        medianAgeDays: s.medianAgeDays,
        groups: ctx.deps.catalog.groups(),
        sources: status.map(({ spec, state, nextAttemptMs }) => ({
          name: spec.name,
          kind: spec.kind,
          groups: spec.groups,
          objects: state?.objectCount ?? 0,
          origin: state?.origin ?? null,
          lastAttempt: iso(state?.lastAttemptMs ?? null),
          lastSuccess: iso(state?.lastSuccessMs ?? null),
          lastOutcome: state?.lastOutcome ?? null,
          lastReason: state?.lastReason ?? null,
          failures: state?.failures ?? 0,
          nextAttempt: Number.isFinite(nextAttemptMs) ? iso(nextAttemptMs) : null,
        })),
        transmitters: ctx.deps.transmitters
          ? transmitterSourceJson(ctx.deps.transmitters.status())
          : null,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/catalog/refresh',
      summary: 'Refresh the catalog now (admin)',
      description:
        'Needs `Authorization: Bearer <PASSWATCH_ADMIN_TOKEN>`. CelesTrak sources still respect their 2-hour minimum interval and backoff.',
      request: {
        query: z.object({
          source: z
            .string()
            .optional()
            .openapi({
              param: { name: 'source', in: 'query' },
              description: 'Refresh only this source.',
            }),
        }),
      },
      security: [{ bearer: [] }],
      responses: {
        200: {
          description: 'One report per source',
          content: { 'application/json': { schema: z.object({}).passthrough() } },
        },
        ...problemResponses,
        401: {
          description: 'Missing or wrong token',
          content: { 'application/problem+json': { schema: z.object({}).passthrough() } },
        },
      },
    }),
    async (c) => {
      requireAdmin(c, ctx);
      const refresh = ctx.deps.refresh;
      if (!refresh)
        throw new ProblemError(503, 'no-refresher', 'this server does not refresh its catalog');
      const { source } = c.req.valid('query');
      const reports = await refresh(source ? { sources: [source] } : {});
      for (const r of reports) ctx.metrics.refresh(r.source, r.outcome);
      return c.json({
        reports: reports.map((r) => ({
          source: r.source,
          outcome: r.outcome,
          reason: r.reason,
          started: formatInstant(r.startedMs),
          finished: formatInstant(r.finishedMs),
          httpStatus: r.httpStatus,
          bytes: r.bytes,
          objects: r.objects,
          issues: r.issues.length,
          nextAttempt: formatInstant(r.nextAttemptMs),
        })),
      });
    },
  );
}
