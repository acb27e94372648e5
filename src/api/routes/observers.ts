import { createRoute, z } from '@hono/zod-openapi';
import type { NamedObserver as NamedObserverJson } from '../../format/wire.js';
import { type ApiContext, type App, featureApp } from '../context.js';

const NamedObserver = z
  .object({
    name: z.string().openapi({ example: 'home' }),
    lat: z.number(),
    lon: z.number(),
    alt: z.number().openapi({ description: 'Metres above the WGS84 ellipsoid.' }),
    minElevation: z.number().openapi({ description: 'Default minimum elevation, degrees.' }),
    timezone: z.string().nullable(),
    horizonMask: z.array(z.object({ azimuth: z.number(), elevation: z.number() })).nullable(),
  })
  .openapi('NamedObserver');

const observersRoute = createRoute({
  method: 'get',
  path: '/v1/observers',
  summary: 'Named observers from the configuration',
  description:
    'Each is usable as `?observer=NAME` wherever coordinates are accepted; empty when none are configured.',
  responses: {
    200: {
      description: 'The named observers, in configuration order',
      content: {
        'application/json': { schema: z.object({ observers: z.array(NamedObserver) }) },
      },
    },
  },
});

/** `GET /v1/observers`: the named observers of the configuration (for pickers such as the page). */
export function observerRoutes(ctx: ApiContext): App {
  const app = featureApp();
  app.openapi(observersRoute, (c) => {
    const observers: NamedObserverJson[] = Object.entries(ctx.deps.config.observers).map(
      ([name, o]) => ({
        name,
        lat: o.lat,
        lon: o.lon,
        alt: o.alt,
        minElevation: o.minElevation,
        timezone: o.timezone,
        horizonMask: o.horizonMask,
      }),
    );
    return c.json({ observers });
  });
  return app;
}
