/** Response schemas, for the OpenAPI document. */
import { z } from '@hono/zod-openapi';

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(z.object({ parameter: z.string(), detail: z.string() }))
      .optional()
      .openapi({ description: 'The offending parameters, each with what to fix.' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json).' });

/** Where a standard magnitude comes from. */
export const MagnitudeSourceSchema = z
  .enum(['observed', 'catalog', 'estimated'])
  .nullable()
  .openapi({
    description:
      "Where the standard magnitude comes from: `observed` (MMT-9 photometry), `catalog` (McCants' quicksat table, shifted to MMT-9's convention) or `estimated` (radar cross section or a guess; can be a magnitude or more off); null without one.",
  });

export const PassPoint = z
  .object({
    time: z.string().openapi({ example: '2026-08-22T02:55:17.572Z' }),
    azimuth: z.number().openapi({ description: 'Degrees from north through east.' }),
    elevation: z.number().openapi({ description: 'Degrees above the horizon.' }),
    rangeKm: z.number(),
  })
  .openapi('PassPoint');

const NearStar = z
  .object({
    name: z.string().openapi({ example: 'Vega' }),
    separation: z.number().openapi({ description: 'Degrees from the star.' }),
    direction: z.enum(['at', 'above', 'below', 'left of', 'right of']).openapi({
      description: 'Seen facing the star; `at` within 1°.',
    }),
    text: z.string().openapi({ example: '5° below Vega' }),
  })
  .openapi('NearStar');

export const VisibleSegment = z
  .object({
    start: PassPoint,
    end: PassPoint,
    brightestMagnitude: z.number().nullable(),
    brightest: PassPoint.extend({ magnitude: z.number() }).nullable(),
    moon: z
      .object({
        closest: z
          .string()
          .openapi({ description: "When the satellite is closest to the Moon's centre." }),
        minSeparation: z.number().openapi({
          description: "Smallest angle between the satellite and the Moon's centre, degrees.",
        }),
        azimuth: z.number(),
        elevation: z
          .number()
          .openapi({ description: "The Moon's geometric elevation at `closest`." }),
        illuminatedFraction: z
          .number()
          .openapi({ description: "Lit fraction of the Moon's disc, 0-1." }),
        brightNearTrack: z.boolean().openapi({
          description:
            'The Moon is above the horizon, at least a quarter lit, and the track passes within 10 degrees of it.',
        }),
      })
      .nullable()
      .openapi({ description: 'The Moon during this visible part.' }),
    nearStars: z
      .object({
        start: NearStar.nullable(),
        end: NearStar.nullable(),
        text: z.string().nullable().openapi({ example: 'from 5° below Vega to Arcturus' }),
      })
      .openapi({
        description:
          'Where the visible part starts and ends among the stars: the nearest named star of magnitude 2.5 or brighter (about 90 stars people know) within 20°.',
      }),
  })
  .openapi('VisibleSegment');

export const PassObject = z
  .object({
    noradId: z.number().int(),
    name: z.string(),
    aos: PassPoint.nullable().openapi({
      description: 'Null when the pass is in progress at the window start.',
    }),
    tca: PassPoint,
    los: PassPoint.nullable().openapi({
      description: 'Null when the pass is still in progress at the window end.',
    }),
    maxElevation: z.number(),
    durationSeconds: z.number(),
    truncated: z.boolean(),
    culminations: z.array(PassPoint),
    visible: z.array(VisibleSegment),
    magnitudeSource: MagnitudeSourceSchema,
    elementsEpoch: z.string(),
    elementsAgeDays: z.number().openapi({
      description: 'Days from the element epoch to TCA.',
    }),
    stale: z.boolean().openapi({
      description: 'The elements are older than catalog.staleDays at TCA.',
    }),
    elementsWarning: z.string().nullable().openapi({
      description: 'For a stale pass: how far off it may be, from the measured drift.',
    }),
    revolution: z.number().int().nullable().openapi({ description: 'Revolution number at TCA.' }),
  })
  .openapi('Pass');

export const SatelliteSummary = z
  .object({
    noradId: z.number().int(),
    name: z.string(),
    intlDesignator: z.string().nullable(),
    groups: z.array(z.string()),
    stdMagnitude: z.number().nullable(),
    stdMagnitudeSource: MagnitudeSourceSchema,
    epoch: z.string(),
    ageDays: z.number(),
    stale: z.boolean(),
    source: z.string(),
  })
  .openapi('SatelliteSummary');

export const ObserverEcho = z
  .object({
    name: z.string().nullable(),
    lat: z.number(),
    lon: z.number(),
    alt: z.number(),
    horizonMask: z.array(z.object({ azimuth: z.number(), elevation: z.number() })).nullable(),
  })
  .openapi('Observer');

export const PassErrorObject = z
  .object({ noradId: z.number().int(), name: z.string(), message: z.string(), at: z.string() })
  .openapi('PassError', { description: 'An object SGP4 could not propagate through the window.' });

export const problemResponses = {
  400: {
    description: 'Invalid parameter',
    content: { 'application/problem+json': { schema: Problem } },
  },
  404: { description: 'Not found', content: { 'application/problem+json': { schema: Problem } } },
} as const;
