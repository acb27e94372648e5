/**
 * The page's view of the passwatch API: the response types (imported, type-only, from the one
 * module the server uses too: `src/format/wire.ts`) and one fetch helper that turns problem+json
 * and network failures into `ApiError`.
 */
export type {
  AboveItem,
  AboveResponse,
  CatalogInfo,
  EventsResponse,
  FirstVisible,
  LaunchVisibility,
  LivePositionEvent,
  LiveSatelliteEvent,
  MaskPoint,
  NamedObserver,
  ObserverEcho,
  ObserversResponse,
  PassesResponse,
  PassItemJson as Pass,
  PassPointJson as PassPoint,
  RadioTrackPoint,
  RadioTrackResponse,
  RotatorPlanJson,
  SatelliteDetail,
  SatelliteSummary,
  SatellitesPage,
  SkyResponse,
  StationJson,
  StationPassJson,
  StationScheduleJson,
  StationsResponse,
  TrackPoint,
  TrackResponse,
  TransitJson,
  TransitsResponse,
  TransmitterJson,
  TransmittersResponse,
  WatchEventJson,
} from '../../format/wire.js';

/** A failed API call: the server's problem details, or a network failure (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly url: string,
    readonly errors: { parameter: string; detail: string }[] = [],
  ) {
    super(detail);
  }
}

/** Query string from defined values, in the order given. */
export function query(params: Record<string, string | number | boolean | null | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** GET a JSON document from this server. */
export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: signal ?? null });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'passwatch did not answer',
      'The request failed before an answer arrived: is the server running and reachable?',
      url,
    );
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: reported below.
  }
  if (!res.ok) {
    const p = (body ?? {}) as {
      title?: string;
      detail?: string;
      errors?: { parameter: string; detail: string }[];
    };
    throw new ApiError(
      res.status,
      p.title ?? `HTTP ${res.status}`,
      p.detail ?? (text.slice(0, 200) || res.statusText),
      url,
      p.errors ?? [],
    );
  }
  if (body === null) throw new ApiError(res.status, 'Unexpected answer', 'not JSON', url);
  return body as T;
}
