/** The API wired to a real store holding the bundled snapshot, with a fixed clock. */
import { createApp } from '../../src/api/app.js';
import type { ApiDeps } from '../../src/api/context.js';
import {
  matchSources,
  type RefreshRequest,
  type SourceReport,
  sourcesFromConfig,
} from '../../src/catalog/index.js';
import type { Env } from '../../src/config/index.js';
import { type LogEvent, type ServingHandle, serveHttp, startPasswatch } from '../../src/main.js';
import { webApp } from '../../src/web/index.js';
import { TestClock, testConfig } from '../catalog/helpers.js';

/** One day after the snapshot's CelesTrak download: elements are fresh at this clock. */
export const NOW = Date.parse('2026-08-22T12:00:00Z');

export async function apiUnderTest(env: Env = {}, overrides: Partial<ApiDeps> = {}) {
  const clock = new TestClock(NOW);
  const logs: Record<string, unknown>[] = [];
  const refreshes: RefreshRequest[] = [];
  const handle = await startPasswatch({
    config: testConfig({
      PASSWATCH_ADMIN_TOKEN: 'secret-token-0123456789',
      PASSWATCH_OBSERVERS: JSON.stringify({
        home: {
          lat: 52,
          lon: 5,
          alt: 10,
          minElevation: 10,
          horizonMask: [
            { azimuth: 40, elevation: 0 },
            { azimuth: 45, elevation: 25 },
            { azimuth: 135, elevation: 25 },
            { azimuth: 140, elevation: 0 },
          ],
          timezone: 'Europe/Amsterdam',
        },
      }),
      ...env,
    }),
    clock: clock.now,
    log: () => {},
    schedule: false,
    refreshOnStart: false,
  });
  const { app, context } = createApp({
    config: handle.config,
    catalog: handle.catalog,
    clock: clock.now,
    sources: () => handle.refresher.status(),
    // Records refresh requests instead of fetching; unknown names still fail as in production.
    refresh: async (request): Promise<SourceReport[]> => {
      refreshes.push(request);
      const specs = sourcesFromConfig(handle.config.catalog);
      if (request.sources?.some((name) => matchSources(specs, name).length === 0)) {
        return handle.refresh(request);
      }
      return [];
    },
    ready: () => handle.catalog.size > 0,
    log: (e) => logs.push(e),
    transmitters: handle.transmitters,
    watch: handle.watch,
    stations: handle.stations,
    ...overrides,
  });
  // As the composition root does: the page beside the API.
  app.route('/', webApp());
  const get = async (path: string, init?: RequestInit) => {
    const res = await app.request(path, init);
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    // Tests read response JSON loosely.
    return { res, status: res.status, text, body: body as any };
  };
  return { app, context, handle, clock, logs, refreshes, get, stop: () => handle.stop() };
}

/**
 * passwatch serving over a real socket on 127.0.0.1 (port 0) with the test config, no refresh
 * and a fixed clock (or the given one); `base` is its URL. Log events go to `log` (none kept by
 * default).
 */
export async function servedUnderTest(
  env: Env = {},
  clock: TestClock = new TestClock(NOW),
  log: (event: LogEvent) => void = () => {},
): Promise<ServingHandle & { base: string }> {
  const handle = await serveHttp({
    config: testConfig(env),
    clock: clock.now,
    log,
    schedule: false,
    refreshOnStart: false,
    host: '127.0.0.1',
    port: 0,
  });
  return { ...handle, base: `http://127.0.0.1:${handle.server.port}` };
}
