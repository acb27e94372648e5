/**
 * A satellite as seen from a site, sample by sample, for the live stream: look angles, range and
 * range rate, the Doppler-corrected frequencies of a transmitter, and with a station's rotator the
 * plan's position for the pass under way (and, for a station driven through hamlib, what its
 * rotator reports). No I/O and no clock: the caller gives the time of each sample.
 */
import { type Observer, type Orbit, Site } from '../core/orbit/index.js';
import { findPasses, type HorizonMask } from '../core/passes/index.js';
import { type DopplerTuning, dopplerTuning, type NominalTuning } from '../core/radio/index.js';
import {
  planRotator,
  type RotatorPlan,
  type RotatorPosition,
  type RotatorSpec,
  rotatorPositionAt,
} from '../core/station/rotator.js';
import { skyTrack } from '../core/station/sky-track.js';

/** What a driven station tells the stream (a `StationController`'s status). */
export interface DrivenRotator {
  /** The NORAD id of the pass being tracked or prepared, if any. */
  noradId: number | null;
  /** The plan's position it aims at, and what the rotator last reported. */
  target: RotatorPosition | null;
  reported: RotatorPosition | null;
}

export interface LiveTrackOptions {
  orbit: Orbit;
  observer: Observer;
  /** A station's rotator: adds the plan's position during its passes. */
  rotator?: RotatorSpec | null;
  /** A station's AOS/LOS threshold and mask, for its passes. */
  minElevationDeg?: number;
  horizonMask?: HorizonMask | null;
  /** A transmitter's nominal frequencies: adds the Doppler-corrected ones. */
  tuning?: NominalTuning | null;
  /** The driven station's rotator, read at each sample (null while it is not driven). */
  driven?: (() => DrivenRotator | null) | null;
}

export interface LiveSample {
  timeMs: number;
  azimuthDeg: number;
  elevationDeg: number;
  rangeKm: number;
  rangeRateKmS: number;
  frequencies: DopplerTuning | null;
  /** Null without a rotator. */
  rotator: {
    /** The plan's position during a pass of the station (null between passes). */
    plan: RotatorPosition | null;
    /** What the driven station's rotator reports (null when it is not driven). */
    reported: RotatorPosition | null;
    /** Whether the driven station is working this satellite now. */
    tracking: boolean;
  } | null;
}

const SEARCH_MS = 30 * 60_000;

export class LiveTrack {
  private readonly site: Site;
  private pass: { aosMs: number; losMs: number; plan: RotatorPlan } | null = null;
  /** Below the station's horizon at the last look: no plan to search for. */
  private noPassUntilMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: LiveTrackOptions) {
    this.site = new Site(o.observer);
  }

  /**
   * The sample at `timeMs`.
   *
   * @throws PropagationError when SGP4 fails at that instant (decayed or nonsense elements).
   */
  at(timeMs: number): LiveSample {
    const look = this.o.orbit.look(timeMs, this.site);
    const frequencies = this.o.tuning ? dopplerTuning(this.o.tuning, look.rangeRateKmS) : null;
    let rotator: LiveSample['rotator'] = null;
    if (this.o.rotator) {
      const driven = this.o.driven?.() ?? null;
      const tracking = driven !== null && driven.noradId === this.o.orbit.noradId;
      rotator = {
        plan: tracking && driven.target ? driven.target : this.planAt(timeMs, look.elevationDeg),
        reported: driven?.reported ?? null,
        tracking,
      };
    }
    return {
      timeMs,
      azimuthDeg: look.azimuthDeg,
      elevationDeg: look.elevationDeg,
      rangeKm: look.rangeKm,
      rangeRateKmS: look.rangeRateKmS,
      frequencies,
      rotator,
    };
  }

  /** The rotator plan's position when `timeMs` is inside a pass of the station. */
  private planAt(timeMs: number, elevationDeg: number): RotatorPosition | null {
    const spec = this.o.rotator;
    if (!spec) return null;
    const p = this.pass;
    if (p && timeMs >= p.aosMs && timeMs <= p.losMs) return rotatorPositionAt(p.plan, timeMs);
    const min = this.o.minElevationDeg ?? 0;
    const lowest = Math.min(min, this.o.horizonMask?.minElevationDeg ?? min);
    if (elevationDeg < lowest || timeMs < this.noPassUntilMs) return null;
    const found = findPasses(this.o.orbit, this.site, {
      startMs: timeMs - SEARCH_MS,
      endMs: timeMs + SEARCH_MS,
      minElevationDeg: min,
      horizonMask: this.o.horizonMask ?? null,
    });
    const pass = found.passes.find(
      (x) =>
        (x.aos?.timeMs ?? timeMs - SEARCH_MS) <= timeMs &&
        timeMs <= (x.los?.timeMs ?? timeMs + SEARCH_MS),
    );
    if (!pass) {
      // Above the lowest mask point but not in a pass: look again in a while.
      this.noPassUntilMs = timeMs + 10_000;
      return null;
    }
    const aosMs = pass.aos?.timeMs ?? timeMs - SEARCH_MS;
    const losMs = pass.los?.timeMs ?? timeMs + SEARCH_MS;
    this.pass = {
      aosMs,
      losMs,
      plan: planRotator(spec, skyTrack(this.o.orbit, this.site, aosMs, losMs)),
    };
    return rotatorPositionAt(this.pass.plan, timeMs);
  }
}
