import { DEG, RAD, type Vec3, WGS84_A_KM, WGS84_E2 } from '../units.js';

/** A place on the WGS84 ellipsoid. Degrees and metres at the boundary. */
export interface Observer {
  latitudeDeg: number;
  longitudeDeg: number;
  /** Height above the WGS84 ellipsoid, metres. */
  altitudeM: number;
}

/**
 * An observer with its Earth-fixed position and local east/north/up unit vectors precomputed,
 * so that look angles cost a handful of multiplications.
 */
export class Site {
  readonly observer: Observer;
  /** Earth-fixed position, km. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Unit vectors of the local horizon frame, Earth-fixed components. */
  readonly eastX: number;
  readonly eastY: number;
  readonly northX: number;
  readonly northY: number;
  readonly northZ: number;
  readonly upX: number;
  readonly upY: number;
  readonly upZ: number;
  readonly latitudeRad: number;
  readonly longitudeRad: number;

  constructor(observer: Observer) {
    this.observer = { ...observer };
    const lat = observer.latitudeDeg * DEG;
    const lon = observer.longitudeDeg * DEG;
    const h = observer.altitudeM / 1000;
    this.latitudeRad = lat;
    this.longitudeRad = lon;
    const sLat = Math.sin(lat);
    const cLat = Math.cos(lat);
    const sLon = Math.sin(lon);
    const cLon = Math.cos(lon);
    const n = WGS84_A_KM / Math.sqrt(1 - WGS84_E2 * sLat * sLat);
    this.x = (n + h) * cLat * cLon;
    this.y = (n + h) * cLat * sLon;
    this.z = (n * (1 - WGS84_E2) + h) * sLat;
    this.eastX = -sLon;
    this.eastY = cLon;
    this.northX = -sLat * cLon;
    this.northY = -sLat * sLon;
    this.northZ = cLat;
    this.upX = cLat * cLon;
    this.upY = cLat * sLon;
    this.upZ = sLat;
  }

  /** Earth-fixed position, km. */
  get positionEcfKm(): Vec3 {
    return { x: this.x, y: this.y, z: this.z };
  }
}

/** Geodetic coordinates of an Earth-fixed point (WGS84), degrees and km. */
export interface Geodetic {
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeKm: number;
}

/** Earth-fixed (km) to WGS84 geodetic, iterating to sub-millimetre convergence. */
export function ecfToGeodetic(x: number, y: number, z: number): Geodetic {
  const p = Math.hypot(x, y);
  const lon = Math.atan2(y, x);
  let lat = Math.atan2(z, p * (1 - WGS84_E2));
  let n = WGS84_A_KM;
  let h = 0;
  for (let i = 0; i < 10; i++) {
    const s = Math.sin(lat);
    n = WGS84_A_KM / Math.sqrt(1 - WGS84_E2 * s * s);
    const c = Math.cos(lat);
    h = Math.abs(c) > 1e-10 ? p / c - n : Math.abs(z) - n * (1 - WGS84_E2);
    const next = Math.atan2(z, p * (1 - (WGS84_E2 * n) / (n + h)));
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { latitudeDeg: lat * RAD, longitudeDeg: lon * RAD, altitudeKm: h };
}

/** The site's position in the TEME frame at Greenwich sidereal angle `theta` (rad), km. */
export function siteTeme(site: Site, theta: number): Vec3 {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return { x: c * site.x - s * site.y, y: s * site.x + c * site.y, z: site.z };
}
