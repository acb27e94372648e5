/**
 * The Sun, the Moon and the bright planets as an observer sees them: direction, brightness, the
 * Moon's phase, rise and set, and the twilight state of the sky.
 *
 * Source: astronomy-engine (VSOP87 planets, a truncated ELP Moon, IAU 2006 precession, IAU 2000B
 * nutation, light time and aberration). Directions are topocentric and apparent (equator and
 * equinox of date), elevations geometric: no refraction, as every other angle passwatch gives
 * (the refracted horizon is used only for rise and set, as almanacs do).
 * Measured against PyEphem 4.1.4 (test/reference/bodies): see its README for the figures.
 */
import {
  Observer as AstroObserver,
  Body,
  Equator,
  Horizon,
  Illumination,
  KM_PER_AU,
  MoonPhase,
  SearchRiseSet,
} from 'astronomy-engine';
import { SUN_RADIUS_KM } from '../constants.js';
import type { Observer } from '../orbit/observer.js';
import { MS_PER_DAY } from '../units.js';
import { astroTime } from './sun.js';

/** 2000-01-01T12:00:00Z in epoch ms: astronomy-engine counts UT days from here. */
const J2000_MS = Date.UTC(2000, 0, 1, 12);

/** The bodies passwatch places on the sky. */
export const SKY_BODIES = ['sun', 'moon', 'mercury', 'venus', 'mars', 'jupiter', 'saturn'] as const;
export type SkyBody = (typeof SKY_BODIES)[number];
/** The bright planets, in order from the Sun. */
export const BRIGHT_PLANETS = ['mercury', 'venus', 'mars', 'jupiter', 'saturn'] as const;

const BODY: Record<SkyBody, Body> = {
  sun: Body.Sun,
  moon: Body.Moon,
  mercury: Body.Mercury,
  venus: Body.Venus,
  mars: Body.Mars,
  jupiter: Body.Jupiter,
  saturn: Body.Saturn,
};

/** Mean radius of the Moon, km (IAU). */
export const MOON_RADIUS_KM = 1737.4;

const RADIUS_KM: Record<SkyBody, number> = {
  sun: SUN_RADIUS_KM,
  moon: MOON_RADIUS_KM,
  mercury: 2439.7,
  venus: 6051.8,
  mars: 3389.5,
  jupiter: 69_911,
  saturn: 58_232,
};

/** Where a body is in an observer's sky, degrees and km. */
export interface BodyPosition {
  body: SkyBody;
  /** Azimuth from north through east, [0, 360). */
  azimuthDeg: number;
  /** Geometric elevation of the centre above the horizon (no refraction). */
  elevationDeg: number;
  /** Topocentric apparent right ascension and declination, equator and equinox of date. */
  raDeg: number;
  decDeg: number;
  /** Distance from the observer, km. */
  distanceKm: number;
  /** Apparent diameter of the disc, degrees. */
  angularDiameterDeg: number;
  /** Visual magnitude (astronomy-engine's models; the Sun -26.7). */
  magnitude: number;
}

/** The eight customary names of the Moon's phase. */
export type MoonPhaseName =
  | 'new moon'
  | 'waxing crescent'
  | 'first quarter'
  | 'waxing gibbous'
  | 'full moon'
  | 'waning gibbous'
  | 'last quarter'
  | 'waning crescent';

const PHASE_NAMES: MoonPhaseName[] = [
  'new moon',
  'waxing crescent',
  'first quarter',
  'waxing gibbous',
  'full moon',
  'waning gibbous',
  'last quarter',
  'waning crescent',
];

/** The Moon with its phase. */
export interface MoonInfo extends BodyPosition {
  body: 'moon';
  /** Illuminated fraction of the disc, 0 (new) to 1 (full). */
  illuminatedFraction: number;
  /** Sun-Moon-Earth angle, degrees: 180 new, 0 full. */
  phaseAngleDeg: number;
  /**
   * Phase as the Moon's geocentric ecliptic longitude minus the Sun's, [0, 360): 0 new, 90 first
   * quarter, 180 full, 270 last quarter.
   */
  elongationDeg: number;
  phaseName: MoonPhaseName;
}

/** How dark the sky is, from the Sun's geometric elevation (see `twilightOf`). */
export type Twilight = 'day' | 'civil' | 'nautical' | 'astronomical' | 'night';

/**
 * The twilight state for a Sun elevation (geometric, centre), degrees: `day` above -0.833 (the
 * Sun's upper limb on the refracted horizon, sunrise to sunset), `civil` down to -6, `nautical`
 * to -12, `astronomical` to -18, `night` below. Each boundary belongs to the darker state.
 */
export function twilightOf(sunElevationDeg: number): Twilight {
  if (sunElevationDeg > -0.833) return 'day';
  if (sunElevationDeg > -6) return 'civil';
  if (sunElevationDeg > -12) return 'nautical';
  if (sunElevationDeg > -18) return 'astronomical';
  return 'night';
}

function astroObserver(o: Observer): AstroObserver {
  return new AstroObserver(o.latitudeDeg, o.longitudeDeg, o.altitudeM);
}

/** A body's position and brightness from an observer at an instant (epoch ms). */
export function bodyPosition(body: SkyBody, observer: Observer, epochMs: number): BodyPosition {
  const time = astroTime(epochMs);
  const obs = astroObserver(observer);
  const eq = Equator(BODY[body], time, obs, true, true);
  const hor = Horizon(time, obs, eq.ra, eq.dec);
  const distanceKm = eq.dist * KM_PER_AU;
  const magnitude = body === 'sun' ? -26.74 : Illumination(BODY[body], time).mag;
  return {
    body,
    azimuthDeg: hor.azimuth,
    elevationDeg: hor.altitude,
    raDeg: eq.ra * 15,
    decDeg: eq.dec,
    distanceKm,
    angularDiameterDeg: (2 * Math.asin(RADIUS_KM[body] / distanceKm) * 180) / Math.PI,
    magnitude,
  };
}

/** The Moon from an observer at an instant: position, brightness and phase. */
export function moonInfo(observer: Observer, epochMs: number): MoonInfo {
  const position = bodyPosition('moon', observer, epochMs);
  const time = astroTime(epochMs);
  const ill = Illumination(Body.Moon, time);
  const elongationDeg = MoonPhase(time);
  return {
    ...position,
    body: 'moon',
    illuminatedFraction: ill.phase_fraction,
    phaseAngleDeg: ill.phase_angle,
    elongationDeg,
    phaseName: PHASE_NAMES[Math.floor(((elongationDeg + 22.5) % 360) / 45)]!,
  };
}

/**
 * The next rise and set of a body after `fromMs` within `limitDays` (epoch ms, null when none:
 * polar day or night), for the upper limb on the horizon with standard refraction (34'), as
 * almanacs give them.
 */
export function nextRiseSet(
  body: SkyBody,
  observer: Observer,
  fromMs: number,
  limitDays = 2,
): { riseMs: number | null; setMs: number | null } {
  const obs = astroObserver(observer);
  const start = astroTime(fromMs);
  const rise = SearchRiseSet(BODY[body], obs, +1, start, limitDays);
  const set = SearchRiseSet(BODY[body], obs, -1, start, limitDays);
  const ms = (t: typeof rise) => (t ? J2000_MS + t.ut * MS_PER_DAY : null);
  return { riseMs: ms(rise), setMs: ms(set) };
}
