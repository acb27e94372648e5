/**
 * `GET /v1/satellites/{noradId}/live`: Server-Sent Events, once a second, of where a satellite is
 * for an observer or a station — azimuth, elevation, range, range rate, the Doppler-corrected
 * frequencies of a transmitter, the station rotator's planned (and, when driven, reported)
 * position — with the element age in every event. At most `api.maxLiveStreams` are open at once;
 * more are refused with 503.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { HorizonMask } from '../../core/passes/index.js';
import { elementsAge } from '../../format/drift.js';
import type { LivePositionEvent, LiveSatelliteEvent } from '../../format/wire.js';
import { type DrivenRotator, type LiveSample, LiveTrack } from '../../station/live.js';
import { stationSite } from '../../station/service.js';
import type { StationSettings } from '../../station/settings.js';
import { type ApiContext, type App, featureApp } from '../context.js';
import {
  numberParam,
  observerQuery,
  type ResolvedObserver,
  resolveObserver,
  stringParam,
} from '../params.js';
import { ProblemError } from '../problem.js';
import { problemResponses } from '../schemas.js';
import { chosenJson, resolveTransmitter } from './radio.js';
import { entryOr404, noradIdPath } from './satellites.js';
import { stationsOf } from './stations.js';

const open = new WeakMap<ApiContext, { count: number }>();

/** Live streams open now (for /metrics). */
export function liveStreamsOpen(ctx: ApiContext): number {
  return open.get(ctx)?.count ?? 0;
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const position = (p: { azimuthDeg: number; elevationDeg: number } | null) =>
  p && { azimuth: r2(p.azimuthDeg), elevation: r2(p.elevationDeg) };

function sampleJson(s: LiveSample): Omit<LivePositionEvent, 'elements'> {
  return {
    time: new Date(s.timeMs).toISOString(),
    azimuth: r2(s.azimuthDeg),
    elevation: r2(s.elevationDeg),
    rangeKm: Math.round(s.rangeKm * 1000) / 1000,
    rangeRateKmS: Math.round(s.rangeRateKmS * 1e6) / 1e6,
    ...(s.frequencies?.downlinkHz != null
      ? { downlinkHz: Math.round(s.frequencies.downlinkHz) }
      : {}),
    ...(s.frequencies?.uplinkHz != null ? { uplinkHz: Math.round(s.frequencies.uplinkHz) } : {}),
    rotator: s.rotator && {
      plan: position(s.rotator.plan),
      reported: position(s.rotator.reported),
      tracking: s.rotator.tracking,
    },
  };
}

const liveRoute = createRoute({
  method: 'get',
  path: '/v1/satellites/{noradId}/live',
  summary: 'A satellite live, once a second (Server-Sent Events)',
  description:
    'A `satellite` event first (name, where from, the transmitter), then every second a `position` event: `time`, `azimuth`, `elevation`, `rangeKm`, `rangeRateKmS`, `downlinkHz`/`uplinkHz` (Doppler-corrected, with a transmitter), `rotator` (with `station=`: the plan’s position during a pass of the station, what a driven station’s rotator reports, and whether it is working this satellite) and `elements` (epoch, age, `stale`). Ends when the client goes away; an `error` event ends it when the elements fail. At most `api.maxLiveStreams` at once: more get 503.',
  request: {
    params: z.object({ noradId: noradIdPath }),
    query: z.object({
      ...observerQuery,
      station: stringParam(
        'station',
        'A station (configured, or stored through the API) instead of observer/lat/lon: its site, its rotator plan and, when it is driven, its rotator’s reported position; its transmitter for this satellite unless `transmitter` is given.',
        'shack',
      ),
      transmitter: stringParam(
        'transmitter',
        'SatNOGS transmitter uuid: adds the Doppler-corrected downlinkHz and uplinkHz.',
      ),
      downlinkHz: numberParam(
        'downlinkHz',
        1,
        300e9,
        'With a linear transponder: the nominal downlink to work, Hz (default: its centre).',
      ),
    }),
  },
  responses: {
    200: {
      description: 'An event stream',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...problemResponses,
  },
});

export function liveRoutes(ctx: ApiContext): App {
  const app = featureApp();
  const streams = { count: 0 };
  open.set(ctx, streams);
  const { config } = ctx.deps;
  const intervalMs = ctx.deps.liveIntervalMs ?? 1000;

  app.openapi(liveRoute, (c) => {
    const q = c.req.valid('query');
    const entry = entryOr404(ctx, c.req.valid('param').noradId);
    let observerName: string | undefined = q.observer;
    const station = q.station === undefined ? null : stationOf(ctx, q.station);
    if (station) {
      if (q.observer !== undefined || q.lat !== undefined || q.lon !== undefined) {
        throw ProblemError.parameter('station', 'give one of station, observer or lat/lon');
      }
      observerName = station.settings.observer;
    }
    const where =
      station && station.settings.observer === undefined
        ? ownSite(station.settings)
        : resolveObserver({ ...q, observer: observerName }, config.observers);
    const uuid =
      q.transmitter ??
      station?.settings.satellites.find((s) => s.noradId === entry.noradId)?.transmitter ??
      undefined;
    const chosen = resolveTransmitter(ctx, entry.noradId, {
      transmitter: uuid,
      downlinkHz:
        q.downlinkHz ??
        (q.transmitter === undefined
          ? (station?.settings.satellites.find((s) => s.noradId === entry.noradId)?.downlinkHz ??
            undefined)
          : undefined),
    });
    const orbit = ctx.deps.catalog.orbit(entry.noradId);
    if (!orbit) {
      throw new ProblemError(
        422,
        'bad-elements',
        `the elements of ${entry.noradId} cannot be used`,
      );
    }
    if (streams.count >= config.api.maxLiveStreams) {
      throw new ProblemError(
        503,
        'too-many-streams',
        `this server has ${config.api.maxLiveStreams} live streams open, its limit (api.maxLiveStreams); try again later`,
        [],
        {},
        { 'retry-after': '30' },
      );
    }
    // Looked up at each event: a stored station's runtime is replaced when its settings change.
    const control = ctx.deps.stationControl;
    const driven =
      station && control
        ? (): DrivenRotator | null => {
            const runtime = control.get(station.name);
            if (!runtime) return null;
            const st = runtime.controller.status();
            return {
              noradId: st.pass?.noradId ?? null,
              target: st.target,
              reported: st.rotator?.reported ?? null,
            };
          }
        : null;
    const track = new LiveTrack({
      orbit,
      observer: where.observer,
      rotator: station?.settings.rotator ?? null,
      minElevationDeg: where.minElevationDeg,
      horizonMask: where.horizonMask,
      tuning: chosen?.nominal ?? null,
      driven,
    });
    const staleDays = ctx.deps.catalog.staleAfterDays;
    streams.count++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      streams.count--;
    };
    return streamLive(c, async (stream) => {
      let gone = false;
      const abort = () => {
        gone = true;
        wake?.();
      };
      let wake: (() => void) | null = null;
      stream.onAbort(abort);
      c.req.raw.signal.addEventListener('abort', abort);
      try {
        const first: LiveSatelliteEvent = {
          noradId: entry.noradId,
          name: entry.name,
          observer: where.name,
          station: station?.name ?? null,
          location: {
            lat: where.observer.latitudeDeg,
            lon: where.observer.longitudeDeg,
            alt: where.observer.altitudeM,
          },
          driven: station !== null && control?.get(station.name) !== undefined,
          transmitter: chosen ? chosenJson(chosen) : null,
          intervalSeconds: intervalMs / 1000,
          staleAfterDays: staleDays,
        };
        await stream.writeSSE({ event: 'satellite', data: JSON.stringify(first) });
        let seq = 0;
        while (!gone) {
          const nowMs = ctx.deps.clock();
          let sample: LiveSample;
          try {
            sample = track.at(nowMs);
          } catch (error) {
            await stream.writeSSE({
              event: 'error',
              data: JSON.stringify({
                message: error instanceof Error ? error.message : String(error),
              }),
            });
            break;
          }
          const age = elementsAge(entry.elements, nowMs, staleDays);
          const data: LivePositionEvent = {
            ...sampleJson(sample),
            elements: { epoch: age.epoch, ageDays: age.ageDays, stale: age.stale },
          };
          await stream.writeSSE({
            event: 'position',
            id: String(++seq),
            data: JSON.stringify(data),
          });
          if (gone) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, intervalMs).unref();
          });
          wake = null;
        }
      } finally {
        c.req.raw.signal.removeEventListener('abort', abort);
        release();
      }
    });
  });
  return app;
}

/** `streamSSE`, typed for an OpenAPI handler. */
function streamLive(c: Context, run: Parameters<typeof streamSSE>[1]): never {
  return streamSSE(c, run) as never;
}

/** A station, configured or stored through the API. @throws ProblemError naming `station`. */
function stationOf(ctx: ApiContext, name: string) {
  const stations = stationsOf(ctx);
  const entry = stations.get(name);
  if (!entry) {
    const known = stations.list().map((e) => e.name);
    throw ProblemError.parameter(
      'station',
      `no station "${name}"; known: ${known.join(', ') || 'none'}`,
    );
  }
  return { name, settings: entry.settings };
}

/** The site of a station that gives its own lat/lon, with its threshold and mask. */
function ownSite(s: StationSettings): ResolvedObserver {
  const o = stationSite({ observers: {} }, s);
  return {
    observer: { latitudeDeg: o.lat, longitudeDeg: o.lon, altitudeM: o.alt },
    name: null,
    horizonMask: o.horizonMask
      ? new HorizonMask(
          o.horizonMask.map((p) => ({ azimuthDeg: p.azimuth, elevationDeg: p.elevation })),
        )
      : null,
    minElevationDeg: o.minElevation,
    zone: o.timezone,
  };
}
