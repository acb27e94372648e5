/**
 * Stations through the API (admin): read one, create or replace one (`PUT`, the body checked
 * with the configuration's `stations` schema), delete one. Stations of the configuration file are
 * read-only here (409). The admin token of a write is checked before anything else (the admin
 * gate in `api/app.ts`, which knows these paths), then the body is read.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { bodyProblems } from '../../fields/index.js';
import { stationSettings } from '../../station/settings.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import { jsonBody } from '../middleware.js';
import { PROBLEM_JSON, ProblemError } from '../problem.js';
import { Problem } from '../schemas.js';
import { stationJson, stationPath, stationsOf } from './stations.js';

const problems = (description: string) => ({
  description,
  content: { [PROBLEM_JSON]: { schema: Problem } },
});

const Station = z.object({ name: z.string(), owner: z.enum(['config', 'api']) }).passthrough();

const params = z.object({ name: stationPath });

const getStation = createRoute({
  method: 'get',
  path: '/v1/stations/{name}',
  summary: 'One radio station (configured or stored)',
  request: { params },
  responses: {
    200: { description: 'The station', content: { 'application/json': { schema: Station } } },
    404: problems('No such station'),
  },
});

const putStation = createRoute({
  method: 'put',
  path: '/v1/stations/{name}',
  summary: 'Create or replace a radio station (admin)',
  description:
    "The body is a station as in the configuration's `stations` section: its site (`observer`: a configured observer's name, or its own `lat`, `lon` and optional `alt`, `minElevation`, `horizonMask`, `timezone`), an optional `rotator`, `turnaroundSeconds` and `satellites` (`noradId`, `priority`, `transmitter`, `downlinkHz`, `minPeakElevation`, `minDurationSeconds`). Transmitters must be in the SatNOGS list and belong to their satellite; satellites must be in the catalog. Stored in the data directory; stations of the configuration file answer 409.",
  security: [{ bearer: [] }],
  middleware: [jsonBody] as const,
  request: {
    params,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({})
            .passthrough()
            .openapi({
              example: {
                observer: 'home',
                rotator: { azimuthMaxDeg: 450, azimuthRateDegS: 6, elevationRateDegS: 6 },
                satellites: [{ noradId: 25544, priority: 5 }],
              },
            }),
        },
      },
    },
  },
  responses: {
    200: { description: 'Replaced', content: { 'application/json': { schema: Station } } },
    201: { description: 'Created', content: { 'application/json': { schema: Station } } },
    400: problems('Invalid station: `errors` names each field'),
    401: problems('Missing or wrong admin token'),
    403: problems('Admin routes are disabled (no admin token configured)'),
    409: problems('A station of the configuration file'),
  },
});

const deleteStation = createRoute({
  method: 'delete',
  path: '/v1/stations/{name}',
  summary: 'Delete a stored radio station (admin)',
  security: [{ bearer: [] }],
  request: { params },
  responses: {
    204: { description: 'Deleted' },
    401: problems('Missing or wrong admin token'),
    403: problems('Admin routes are disabled (no admin token configured)'),
    404: problems('No such station'),
    409: problems('A station of the configuration file'),
  },
});

/** One station, and creating, replacing and deleting stored ones (admin). */
export function stationAdminRoutes(ctx: ApiContext): App {
  const app = featureApp();
  app.openapi(getStation, (c) => {
    const { name } = c.req.valid('param');
    const entry = stationsOf(ctx).get(name);
    if (!entry) {
      const message = `no station "${name}"; see GET /v1/stations`;
      throw new ProblemError(404, 'unknown-station', message, [
        { parameter: 'name', detail: message },
      ]);
    }
    return c.json(stationJson(entry), 200);
  });

  app.openapi(putStation, async (c) => {
    const { name } = c.req.valid('param');
    const body: unknown = c.req.valid('json');
    const parsed = stationSettings.safeParse(body, { reportInput: true });
    if (!parsed.success) {
      throw ProblemError.fields(400, 'invalid-station', bodyProblems(parsed.error, 'phrases'));
    }
    const transmitters = ctx.deps.transmitters;
    const done = stationsOf(ctx).put(
      name,
      body,
      parsed.data,
      {
        ...(transmitters ? { transmitter: (uuid: string) => transmitters.get(uuid) } : {}),
        hasSatellite: (id) => ctx.deps.catalog.has(id),
      },
      ctx.deps.clock(),
    );
    ctx.deps.log({ event: 'station', action: done.created ? 'created' : 'replaced', name });
    return c.json(stationJson(done.entry), done.created ? 201 : 200, {
      location: `/v1/stations/${name}`,
    });
  });

  app.openapi(deleteStation, (c) => {
    const { name } = c.req.valid('param');
    stationsOf(ctx).delete(name);
    ctx.deps.log({ event: 'station', action: 'deleted', name });
    return c.body(null, 204);
  });
  return app;
}
