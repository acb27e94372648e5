/**
 * The page's view of the passwatch API: response types (the pass objects mirror the server's
 * `PassJson`; test/web/client.test.ts holds them equal) and one fetch helper that turns
 * problem+json and network failures into `ApiError`.
 */
/** A point of a pass (the server's `PassPointJson`). */
export interface PassPoint {
  time: string;
  azimuth: number;
  elevation: number;
  rangeKm: number;
}

/** A pass as the API serves it (the server's `PassJson` plus `revolution`). */
export interface Pass {
  noradId: number;
  name: string;
  aos: PassPoint | null;
  tca: PassPoint;
  los: PassPoint | null;
  maxElevation: number;
  durationSeconds: number;
  truncated: boolean;
  culminations: PassPoint[];
  visible: {
    start: PassPoint;
    end: PassPoint;
    brightestMagnitude: number | null;
    brightest: (PassPoint & { magnitude: number }) | null;
  }[];
  elementsEpoch: string;
  elementsAgeDays: number;
  stale: boolean;
  elementsWarning: string | null;
  revolution: number | null;
}

export interface MaskPoint {
  azimuth: number;
  elevation: number;
}

export interface ObserverEcho {
  name: string | null;
  lat: number;
  lon: number;
  alt: number;
  horizonMask: MaskPoint[] | null;
}

export interface PassesResponse {
  observer: ObserverEcho;
  settings: {
    start: string;
    end: string;
    minElevation: number;
    minPeakElevation: number | null;
    tz: string | null;
  };
  satellites: number;
  /** One sentence per satellite whose elements are stale for some of these passes. */
  warnings: string[];
  passes: Pass[];
  truncatedAt: number | null;
  errors: { noradId: number; name: string; message: string; at: string }[];
}

export interface TrackPoint {
  time: string;
  azimuth: number;
  elevation: number;
  rangeKm: number;
  rangeRateKmS: number;
  latitude: number;
  longitude: number;
  altitudeKm: number;
  sunlit: boolean;
  magnitude: number | null;
}

export interface TrackResponse {
  noradId: number;
  name: string;
  points: TrackPoint[];
  errors: { message: string; at: string }[];
}

export interface AboveItem extends TrackPoint {
  noradId: number;
  name: string;
  compass: string;
  visible: boolean;
}

export interface AboveResponse {
  time: string;
  sunElevation: number;
  items: AboveItem[];
}

export interface NamedObserver {
  name: string;
  lat: number;
  lon: number;
  alt: number;
  minElevation: number;
  timezone: string | null;
  horizonMask: MaskPoint[] | null;
}

export interface CatalogInfo {
  objects: number;
  stale: number;
  staleAfterDays: number;
  groups: { name: string; count: number }[];
}

export interface SatelliteSummary {
  noradId: number;
  name: string;
  groups: string[];
  stdMagnitude: number | null;
  epoch: string;
  ageDays: number;
  stale: boolean;
}

export interface SatelliteDetail extends SatelliteSummary {
  elements: { omm: { MEAN_MOTION?: number | string } };
}

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
