/**
 * A subscription's observer resolved against the configuration: coordinates, AOS/LOS threshold
 * (horizon mask, else the named observer's minimum elevation, else 0), time zone, and a stable
 * key for MQTT topics.
 */
import { createHash } from 'node:crypto';
import type { Observer } from '../core/orbit/index.js';
import type { HorizonMask } from '../core/passes/index.js';
import { configuredObserver, horizonMaskOf, type ObserversSettings } from '../fields/index.js';
import type { SubscriptionSpec } from './spec.js';

export interface Site {
  /** Topic-safe key: the observer's name, or `loc-<hash of the coordinates>`. */
  key: string;
  /** Configured observer name, or null for coordinates. */
  name: string | null;
  observer: Observer;
  horizonMask: HorizonMask | null;
  /** AOS/LOS threshold without a mask, degrees. */
  thresholdDeg: number;
  zone: string | null;
  /** As the API echoes an observer. */
  echo: {
    name: string | null;
    lat: number;
    lon: number;
    alt: number;
    horizonMask: { azimuth: number; elevation: number }[] | null;
  };
}

/** Resolve; `error` names what is wrong (an observer missing from the configuration). */
export function resolveSite(
  spec: SubscriptionSpec,
  observers: ObserversSettings,
): Site | { error: string } {
  let name: string | null = null;
  let lat: number;
  let lon: number;
  let alt: number;
  let threshold = 0;
  let zone: string | null;
  let mask = spec.horizonMask;
  if (typeof spec.observer === 'string') {
    const named = configuredObserver(observers, spec.observer);
    if (!named) {
      const known = Object.keys(observers);
      return {
        error: `no observer named "${spec.observer}" in the configuration${known.length ? `; known: ${known.join(', ')}` : '; none are configured'}`,
      };
    }
    name = spec.observer;
    ({ lat, lon, alt } = named);
    threshold = named.minElevation;
    zone = named.timezone;
    mask ??= named.horizonMask;
  } else {
    ({ lat, lon, alt } = spec.observer);
    zone = spec.observer.timezone;
  }
  const key =
    name ??
    `loc-${createHash('sha256')
      .update(`${lat.toFixed(5)},${lon.toFixed(5)},${alt.toFixed(1)}`)
      .digest('hex')
      .slice(0, 10)}`;
  return {
    key,
    name,
    observer: { latitudeDeg: lat, longitudeDeg: lon, altitudeM: alt },
    horizonMask: horizonMaskOf(mask),
    thresholdDeg: threshold,
    zone,
    echo: { name, lat, lon, alt, horizonMask: mask ?? null },
  };
}

/** The query string that names this observer in API links. */
export function siteQuery(site: Site): string {
  if (site.name) return `observer=${encodeURIComponent(site.name)}`;
  const o = site.observer;
  return `lat=${o.latitudeDeg}&lon=${o.longitudeDeg}&alt=${o.altitudeM}&minElevation=${site.thresholdDeg}`;
}
