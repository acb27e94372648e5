/**
 * Radio routes: a satellite's transmitters (SatNOGS DB), and the per-transmitter tuning the track
 * route adds to its points.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Transmitter, TransmitterSourceStatus } from '../../catalog/transmitters/index.js';
import { dopplerTuning, type NominalTuning, nominalTuning } from '../../core/radio/index.js';
import { planRotator, type RotatorSpec } from '../../core/station/rotator.js';
import { formatInstant } from '../../format/time.js';
import type { ApiContext, App } from '../app.js';
import { ProblemError } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { entryOr404, noradIdPath } from './satellites.js';
import { stationsOf } from './stations.js';

/** What the API needs of the transmitter list. */
export interface TransmitterLookup {
  forSatellite(noradId: number): readonly Transmitter[];
  get(uuid: string): Transmitter | undefined;
  status(): TransmitterSourceStatus;
}

const Range = z
  .object({ lowHz: z.number(), highHz: z.number() })
  .nullable()
  .openapi({ description: 'Hz; a single frequency has lowHz == highHz; null when there is none.' });

export const TransmitterSchema = z
  .object({
    uuid: z.string(),
    noradId: z.number(),
    description: z.string(),
    type: z.enum(['transmitter', 'transceiver', 'transponder']),
    mode: z.string().nullable(),
    uplinkMode: z.string().nullable(),
    downlink: Range,
    uplink: Range,
    invert: z.boolean(),
    baud: z.number().nullable(),
    status: z.string(),
    service: z.string(),
    updated: z.string(),
  })
  .openapi('Transmitter');

/** Where the transmitter list came from, for answers that use it. */
export function transmitterSourceJson(s: TransmitterSourceStatus) {
  return {
    name: s.name,
    origin: s.origin,
    dataAsOf: s.dataAsOf,
    transmitters: s.transmitters,
    satellites: s.satellites,
    lastSuccess: s.lastSuccessMs === null ? null : new Date(s.lastSuccessMs).toISOString(),
    lastOutcome: s.lastOutcome,
    lastReason: s.lastReason,
    failures: s.failures,
    nextAttempt: new Date(s.nextAttemptMs).toISOString(),
    licence: 'SatNOGS DB, CC BY-SA 4.0',
  };
}

function lookup(ctx: ApiContext): TransmitterLookup {
  const t = ctx.deps.transmitters;
  if (!t) {
    throw new ProblemError(503, 'no-transmitters', 'this server has no transmitter list');
  }
  return t;
}

/** A chosen transmitter with its nominal tuning. */
export interface ChosenTransmitter {
  transmitter: Transmitter;
  nominal: NominalTuning;
}

/**
 * The `transmitter` (+ `downlinkHz`) of a track query, checked against the satellite.
 *
 * @throws ProblemError (400) naming the parameter: unknown transmitter, one of another satellite,
 * `downlinkHz` outside the passband or without `transmitter`.
 */
export function resolveTransmitter(
  ctx: ApiContext,
  noradId: number,
  q: { transmitter?: string | undefined; downlinkHz?: number | undefined },
): ChosenTransmitter | null {
  if (q.transmitter === undefined) {
    if (q.downlinkHz !== undefined) {
      throw ProblemError.parameter('downlinkHz', 'downlinkHz needs transmitter=UUID');
    }
    return null;
  }
  const transmitter = lookup(ctx).get(q.transmitter);
  if (!transmitter) {
    throw ProblemError.parameter(
      'transmitter',
      `no transmitter ${q.transmitter}; list them with /v1/satellites/${noradId}/transmitters`,
    );
  }
  if (transmitter.noradId !== noradId) {
    throw ProblemError.parameter(
      'transmitter',
      `transmitter ${q.transmitter} belongs to NORAD ${transmitter.noradId}, not ${noradId}`,
    );
  }
  return { transmitter, nominal: nominalTuning(transmitter, q.downlinkHz) };
}

/** The per-point fields of a chosen transmitter: `downlinkHz`, and `uplinkHz` where it has one. */
export function tuningJson(
  chosen: ChosenTransmitter | null,
  rangeRateKmS: number,
): { downlinkHz?: number; uplinkHz?: number } {
  if (!chosen) return {};
  const t = dopplerTuning(chosen.nominal, rangeRateKmS);
  return {
    ...(t.downlinkHz === null ? {} : { downlinkHz: Math.round(t.downlinkHz) }),
    ...(t.uplinkHz === null ? {} : { uplinkHz: Math.round(t.uplinkHz) }),
  };
}

/** The top-level `transmitter` object of a track answer. */
export function chosenJson(chosen: ChosenTransmitter) {
  return {
    ...chosen.transmitter,
    nominalDownlinkHz: chosen.nominal.downlinkHz,
    nominalUplinkHz: chosen.nominal.uplinkHz,
  };
}

export function registerRadioRoutes(app: App, ctx: ApiContext): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/satellites/{noradId}/transmitters',
      summary: "A satellite's transmitters (SatNOGS DB)",
      description:
        'From the SatNOGS DB transmitter list (CC BY-SA 4.0), refreshed on a schedule; the bundled list of 2026-08-08 until the first download. Use a `uuid` as `transmitter=` on the track route for Doppler-corrected downlink and uplink frequencies.',
      request: { params: z.object({ noradId: noradIdPath }) },
      responses: {
        200: {
          description: 'The transmitters, lowest frequency first (empty when SatNOGS lists none)',
          content: {
            'application/json': {
              schema: z.object({
                noradId: z.number(),
                name: z.string(),
                transmitters: z.array(TransmitterSchema),
                source: z.object({}).passthrough(),
              }),
            },
          },
        },
        ...problemResponses,
      },
    }),
    (c) => {
      const entry = entryOr404(ctx, c.req.valid('param').noradId);
      const list = lookup(ctx);
      return c.json({
        noradId: entry.noradId,
        name: entry.name,
        transmitters: [...list.forSatellite(entry.noradId)],
        source: transmitterSourceJson(list.status()),
      });
    },
  );
}

/**
 * The rotator of `station=NAME` on the track route.
 *
 * @throws ProblemError (400) naming `station`: unknown, or without a rotator.
 */
export function stationRotator(ctx: ApiContext, station: string | undefined): RotatorSpec | null {
  if (station === undefined) return null;
  const stations = stationsOf(ctx).view().stations ?? {};
  const s = Object.hasOwn(stations, station) ? stations[station] : undefined;
  if (!s) {
    throw ProblemError.parameter(
      'station',
      `no station "${station}"; known: ${Object.keys(stations).join(', ') || 'none'}`,
    );
  }
  if (!s.rotator) throw ProblemError.parameter('station', `station "${station}" has no rotator`);
  return s.rotator;
}

/**
 * Track points, with the rotator plan over them and `rotator` {azimuth, elevation} per point
 * when a station's rotator is given.
 */
export function rotatorTrack<
  P extends { timeMs: number; azimuthDeg: number; elevationDeg: number },
  J,
>(
  rotator: RotatorSpec | null,
  points: readonly P[],
  zone: string | null,
  toJson: (p: P, i: number, extra: (i: number) => object) => J,
): { points: J[]; rotatorPlan?: object } {
  if (!rotator || points.length === 0)
    return { points: points.map((p, i) => toJson(p, i, () => ({}))) };
  const plan = planRotator(rotator, points);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    rotatorPlan: {
      mode: plan.mode,
      overTheTop: plan.overTheTop,
      start: { azimuth: r2(plan.start.azimuthDeg), elevation: r2(plan.start.elevationDeg) },
      end: { azimuth: r2(plan.end.azimuthDeg), elevation: r2(plan.end.elevationDeg) },
      moveFromPark: formatInstant(plan.moveFromParkMs, zone),
      travelFromParkSeconds: r2(plan.travelFromParkSeconds),
      warnings: plan.warnings.map((w) => ({
        kind: w.kind,
        from: formatInstant(w.fromMs, zone),
        to: formatInstant(w.toMs, zone),
        message: w.message,
      })),
    },
    points: points.map((p, i) =>
      toJson(p, i, (k) => ({
        rotator: {
          azimuth: r2(plan.points[k]!.azimuthDeg),
          elevation: r2(plan.points[k]!.elevationDeg),
        },
      })),
    ),
  };
}
