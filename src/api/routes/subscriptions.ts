/**
 * Alert subscriptions (admin): create, list, read, change, delete, test-fire, and the delivery
 * log. Registered only when the alerts service runs.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { type Alerts, SubscriptionInput, SubscriptionPatch } from '../../alerts/index.js';
import { bodyProblems } from '../../fields/index.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import { jsonBody } from '../middleware.js';
import { PROBLEM_JSON, ProblemError, problemResponse } from '../problem.js';
import { Problem } from '../schemas.js';
import { requireAdmin } from './catalog.js';

const idPath = z
  .string()
  .regex(/^(sub|cfg)_[A-Za-z0-9_-]{1,64}$/, { message: 'not a subscription id' })
  .openapi({ param: { name: 'id', in: 'path' }, example: 'sub_4kq3n0Zr5xYp2c8L' });

const Subscription = z.object({ id: z.string() }).passthrough().openapi('Subscription', {
  description:
    'A subscription as stored (never with its secret), with `upcoming`: the next planned events.',
});

const problems = (description: string) => ({
  description,
  content: { [PROBLEM_JSON]: { schema: Problem } },
});

const errorResponses = {
  400: problems('Invalid subscription: `errors` names each field'),
  401: problems('Missing or wrong admin token'),
  403: problems('Admin routes are disabled (no admin token configured)'),
  404: problems('No such subscription'),
} as const;

/**
 * Body validation failures, named field by field (`invalid-subscription`, as the alerts service
 * names its own checks). The body is parsed here, once: handlers pass the typed value on.
 */
function bodyHook(
  result: { success: true } | { success: false; error: z.ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const found = bodyProblems(result.error, 'sentences');
  return problemResponse(c, ProblemError.fields(400, 'invalid-subscription', found));
}

const admin = { security: [{ bearer: [] }] };
const idParams = z.object({ id: idPath });

const createSubscription = createRoute({
  method: 'post',
  path: '/v1/subscriptions',
  summary: 'Create an alert subscription (admin)',
  description:
    'Events of passes matching the filters are planned ahead and delivered as signed webhooks (Standard Webhooks) and/or MQTT messages. The answer holds the signing secret: it is shown only here (rotate it with PATCH `{"rotateSecret": true}`). The webhook URL is checked: its host must resolve to an allowed address and accept connections (unless `checkReachable: false`).',
  middleware: [jsonBody] as const,
  ...admin,
  request: {
    body: { required: true, content: { 'application/json': { schema: SubscriptionInput } } },
  },
  responses: {
    201: {
      description: 'Created; `secret` is shown this once',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            secret: z.string().openapi({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
            subscription: Subscription,
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const listSubscriptions = createRoute({
  method: 'get',
  path: '/v1/subscriptions',
  summary: 'List alert subscriptions (admin)',
  ...admin,
  responses: {
    200: {
      description: 'Every subscription, API- and config-owned',
      content: { 'application/json': { schema: z.object({ items: z.array(Subscription) }) } },
    },
    ...errorResponses,
  },
});

const getSubscription = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}',
  summary: 'One alert subscription with its next planned events (admin)',
  ...admin,
  request: { params: idParams },
  responses: {
    200: {
      description: 'The subscription',
      content: { 'application/json': { schema: Subscription } },
    },
    ...errorResponses,
  },
});

const updateSubscription = createRoute({
  method: 'patch',
  path: '/v1/subscriptions/{id}',
  summary: 'Change an alert subscription (admin)',
  description:
    'Fields given replace the stored ones (lists replace whole); the plan is redone. `{"rotateSecret": true}` issues a new secret, returned once. Config-owned subscriptions answer 409.',
  middleware: [jsonBody] as const,
  ...admin,
  request: {
    params: idParams,
    body: { required: true, content: { 'application/json': { schema: SubscriptionPatch } } },
  },
  responses: {
    200: {
      description: 'Changed',
      content: {
        'application/json': {
          schema: z.object({ subscription: Subscription, secret: z.string().optional() }),
        },
      },
    },
    ...errorResponses,
    409: problems('Declared in the configuration: change it there'),
  },
});

const deleteSubscription = createRoute({
  method: 'delete',
  path: '/v1/subscriptions/{id}',
  summary: 'Delete an alert subscription with its plan and delivery log (admin)',
  ...admin,
  request: { params: idParams },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses,
    409: problems('Declared in the configuration: remove it there'),
  },
});

const testSubscription = createRoute({
  method: 'post',
  path: '/v1/subscriptions/{id}/test',
  summary: 'Send a signed test event to every target now (admin)',
  description:
    'One attempt per target, not retried; the answer tells how each went. The body is an event of type `test`, signed like every other.',
  ...admin,
  request: { params: idParams },
  responses: {
    200: {
      description: 'The outcome per target',
      content: {
        'application/json': {
          schema: z.object({
            deliveries: z.array(
              z.object({
                id: z.string(),
                kind: z.enum(['webhook', 'mqtt']),
                target: z.string(),
                delivered: z.boolean(),
                statusCode: z.number().nullable(),
                latencyMs: z.number().nullable(),
                error: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const listDeliveries = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/deliveries',
  summary: 'Delivery log of a subscription, newest first (admin)',
  description:
    'Each delivery (one event to one target, with its `webhook-id`) with its state and every attempt: status code, latency, error.',
  ...admin,
  request: {
    params: idParams,
    query: z.object({
      limit: z
        .string()
        .regex(/^\d{1,4}$/, { message: 'limit must be a whole number from 1 to 1000' })
        .transform(Number)
        .pipe(
          z
            .number()
            .min(1, { message: 'limit must be from 1 to 1000' })
            .max(1000, { message: 'limit must be from 1 to 1000' }),
        )
        .optional()
        .openapi({
          param: { name: 'limit', in: 'query' },
          description: 'Page size (default 50).',
        }),
      cursor: z
        .string()
        .max(200)
        .optional()
        .openapi({
          param: { name: 'cursor', in: 'query' },
          description: '`nextCursor` of the previous page.',
        }),
    }),
  },
  responses: {
    200: {
      description: 'Deliveries with their attempts',
      content: {
        'application/json': {
          schema: z.object({
            items: z.array(z.object({ id: z.string() }).passthrough()),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const listEvents = createRoute({
  method: 'get',
  path: '/v1/subscriptions/{id}/events',
  summary: 'Planned, fired, cancelled and missed events of a subscription (admin)',
  ...admin,
  request: {
    params: idParams,
    query: z.object({
      state: z
        .enum(['planned', 'fired', 'cancelled', 'missed'], {
          message: 'state is planned, fired, cancelled or missed',
        })
        .optional()
        .openapi({
          param: { name: 'state', in: 'query' },
          description: 'Only events in this state.',
        }),
    }),
  },
  responses: {
    200: {
      description: 'Events by due time',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(z.object({ type: z.string() }).passthrough()) }),
        },
      },
    },
    ...errorResponses,
  },
});

/**
 * Alert subscriptions (admin only: the token is checked before anything else). The alerts
 * service's errors (`AlertRequestError`) become problems at the app's one error boundary.
 */
export function subscriptionRoutes(ctx: ApiContext, alerts: Alerts): App {
  const app = featureApp();
  const requireToken: MiddlewareHandler = async (c, next) => {
    requireAdmin(c, ctx);
    await next();
  };
  app.use('/v1/subscriptions', requireToken);
  app.use('/v1/subscriptions/*', requireToken);

  app.openapi(
    createSubscription,
    async (c) => {
      const created = await alerts.create(c.req.valid('json'));
      return c.json(created, 201, { location: `/v1/subscriptions/${created.id}` });
    },
    bodyHook as never,
  );
  app.openapi(listSubscriptions, (c) => c.json({ items: alerts.list() }, 200));
  app.openapi(getSubscription, (c) => c.json(alerts.get(c.req.valid('param').id), 200));
  app.openapi(
    updateSubscription,
    async (c) => c.json(await alerts.update(c.req.valid('param').id, c.req.valid('json')), 200),
    bodyHook as never,
  );
  app.openapi(deleteSubscription, async (c) => {
    await alerts.remove(c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(testSubscription, async (c) =>
    c.json({ deliveries: await alerts.test(c.req.valid('param').id) }, 200),
  );
  app.openapi(listDeliveries, (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = alerts.deliveries(c.req.valid('param').id, {
      limit: limit ?? 50,
      cursor: cursor ?? null,
    });
    return c.json(page, 200);
  });
  app.openapi(listEvents, (c) => {
    const { state } = c.req.valid('query');
    return c.json(
      { items: alerts.events(c.req.valid('param').id, state ? [state] : undefined) },
      200,
    );
  });
  return app;
}
