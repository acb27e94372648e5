/**
 * Geometry for the world map (equirectangular: x = longitude, y = -latitude, degrees) and the
 * sky chart (polar: azimuth clockwise from north at the top, zenith at the centre). Pure
 * functions; safe to import in Node tests.
 */

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;
/** Mean Earth radius, km (footprints are drawn on a sphere). */
export const EARTH_RADIUS_KM = 6371;

export type LonLat = [lon: number, lat: number];

/** Longitude in [-180, 180). */
export function wrapLon(lon: number): number {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/**
 * The point where the Sun is at the zenith (low-precision formulas of the Astronomical Almanac,
 * good to about 0.01 deg from 1950 to 2050; plenty for drawing the terminator).
 */
export function subsolarPoint(epochMs: number): { lat: number; lon: number } {
  const n = epochMs / 86_400_000 + 2440587.5 - 2451545.0;
  const L = 280.46 + 0.9856474 * n;
  const g = (357.528 + 0.9856003 * n) * D2R;
  const lambda = (L + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * D2R;
  const eps = (23.439 - 0.0000004 * n) * D2R;
  const ra = Math.atan2(Math.cos(eps) * Math.sin(lambda), Math.cos(lambda)) * R2D;
  const dec = Math.asin(Math.sin(eps) * Math.sin(lambda)) * R2D;
  const gmst = 280.46061837 + 360.98564736629 * n;
  return { lat: dec, lon: wrapLon(ra - gmst) };
}

/** Point at `distanceDeg` along the great circle from (lat, lon) with `bearingDeg`. */
export function destination(
  lat: number,
  lon: number,
  distanceDeg: number,
  bearingDeg: number,
): LonLat {
  const p1 = lat * D2R;
  const d = distanceDeg * D2R;
  const b = bearingDeg * D2R;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
  const l2 =
    lon * D2R +
    Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [l2 * R2D, p2 * R2D];
}

/**
 * A spherical cap (all points within `radiusDeg` of a centre) as a closed polygon in continuous
 * longitudes: a cap around a pole is closed along that pole's edge of the map. Drawn at -360, 0
 * and +360 degrees and clipped to the map, it fills the map correctly wherever it wraps.
 */
export function capPolygon(lat: number, lon: number, radiusDeg: number, steps = 180): LonLat[] {
  const ring: LonLat[] = [];
  let prev: number | null = null;
  for (let i = 0; i <= steps; i++) {
    const [l, p] = destination(lat, lon, radiusDeg, (360 * i) / steps);
    let x = l;
    if (prev !== null) {
      while (x - prev > 180) x -= 360;
      while (x - prev < -180) x += 360;
    }
    ring.push([x, p]);
    prev = x;
  }
  const span = ring.at(-1)![0] - ring[0]![0];
  if (Math.abs(span) > 180) {
    // The cap holds a pole: the outline runs once around the globe.
    const poleLat = lat + radiusDeg > 90 ? 90 : -90;
    const last = ring.at(-1)!;
    const first = ring[0]!;
    ring.push([last[0], poleLat], [first[0], poleLat]);
  } else {
    ring.pop();
  }
  return ring;
}

/** SVG path of a polygon in continuous longitudes, repeated at -360/0/+360 (clip to the map). */
export function wrappedPath(ring: LonLat[], decimals = 2): string {
  const f = (v: number) => Number(v.toFixed(decimals));
  let d = '';
  for (const shift of [-360, 0, 360]) {
    d += `M${ring.map(([x, y]) => `${f(x + shift)},${f(-y)}`).join('L')}Z`;
  }
  return d;
}

/** Radius of the region from which a satellite at `altitudeKm` is above the horizon, degrees. */
export function footprintRadiusDeg(altitudeKm: number): number {
  return Math.acos(EARTH_RADIUS_KM / (EARTH_RADIUS_KM + Math.max(0, altitudeKm))) * R2D;
}

/**
 * Where the Sun is below `sunElevationDeg` (0 = night; -18 = astronomical darkness): a cap around
 * the antisolar point.
 */
export function nightCap(epochMs: number, sunElevationDeg = 0): LonLat[] {
  const s = subsolarPoint(epochMs);
  return capPolygon(-s.lat, wrapLon(s.lon + 180), 90 + sunElevationDeg);
}

/** Split a ground track where it crosses the antimeridian (to draw each piece as one line). */
export function splitAtAntimeridian<T extends { longitude: number }>(points: T[]): T[][] {
  const pieces: T[][] = [];
  let current: T[] = [];
  for (const p of points) {
    const last = current.at(-1);
    if (last && Math.abs(p.longitude - last.longitude) > 180) {
      pieces.push(current);
      current = [];
    }
    current.push(p);
  }
  if (current.length) pieces.push(current);
  return pieces;
}

/** Polar chart radius of an elevation: 0 at the zenith, `radius` on the horizon. */
export function polarRadius(elevationDeg: number, radius: number): number {
  return (radius * (90 - elevationDeg)) / 90;
}

/**
 * Chart coordinates of (azimuth, elevation): zenith at (0, 0), north up; east to the right as on a
 * map, or with `eastLeft` to the left as on a star chart (the sky seen looking up).
 */
export function polarXY(
  azimuthDeg: number,
  elevationDeg: number,
  radius: number,
  eastLeft = false,
): [number, number] {
  const r = polarRadius(elevationDeg, radius);
  const x = r * Math.sin(azimuthDeg * D2R);
  return [eastLeft ? -x : x, -r * Math.cos(azimuthDeg * D2R)];
}

/** The inverse of `polarXY`: azimuth [0, 360) and elevation of a chart point. */
export function polarToAzEl(
  x: number,
  y: number,
  radius: number,
  eastLeft = false,
): [number, number] {
  const az = (((Math.atan2(eastLeft ? -x : x, -y) * R2D) % 360) + 360) % 360;
  return [az, 90 - (Math.hypot(x, y) * 90) / radius];
}

/** Horizon mask elevation at an azimuth (linear between points, wrapping through north). */
export function maskElevation(
  mask: { azimuth: number; elevation: number }[],
  azimuthDeg: number,
): number {
  if (mask.length === 0) return 0;
  const pts = [...mask].sort((a, b) => a.azimuth - b.azimuth);
  const az = ((azimuthDeg % 360) + 360) % 360;
  if (pts.length === 1) return pts[0]!.elevation;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    const start = a.azimuth;
    let end = b.azimuth;
    if (end <= start) end += 360;
    let x = az;
    if (x < start) x += 360;
    if (x >= start && x <= end) {
      const t = end === start ? 0 : (x - start) / (end - start);
      return a.elevation + t * (b.elevation - a.elevation);
    }
  }
  return pts[0]!.elevation;
}
