/**
 * A station's plan for a window: every pass of its satellites (above its horizon mask), each with
 * a rotator plan and the satellite's transmitter with its nominal tuning, then the exact
 * maximum-priority schedule. No I/O: orbits and transmitters come in as lookups.
 */
import { type SliceOptions, Slices } from '../compute/slices.js';
import { type Observer, type Orbit, Site } from '../core/orbit/index.js';
import { findPasses, HorizonMask, type HorizonMaskPoint, type Pass } from '../core/passes/index.js';
import { type NominalTuning, nominalTuning, type RadioLink } from '../core/radio/index.js';
import { planRotator, type RotatorPlan, type RotatorSpec } from '../core/station/rotator.js';
import {
  type RejectReason,
  type ScheduleCandidate,
  schedulePasses,
} from '../core/station/schedule.js';
import { skyTrack } from '../core/station/sky-track.js';

/** A satellite the station works, with its weight and filters. */
export interface StationSatellite {
  noradId: number;
  /** Positive weight: the schedule maximises the sum over the passes worked. */
  priority: number;
  /** SatNOGS transmitter uuid to work (its Doppler and modes), or null. */
  transmitter: string | null;
  /** For a linear transponder: the nominal downlink to work (default: the passband centre). */
  downlinkHz: number | null;
  minPeakElevationDeg: number | null;
  minDurationSeconds: number | null;
}

export interface StationSpec {
  name: string;
  observer: Observer;
  /** AOS/LOS threshold, degrees. */
  minElevationDeg: number;
  horizonMask: readonly HorizonMaskPoint[] | null;
  rotator: RotatorSpec | null;
  /** Setup time between two passes, s (added to the rotator's travel). */
  turnaroundSeconds: number;
  satellites: readonly StationSatellite[];
}

/** A transmitter as the plan needs it (SatNOGS transmitters have these fields). */
export interface PlanTransmitter extends RadioLink {
  uuid: string;
  noradId: number;
  description: string;
  mode: string | null;
}

export interface PlanInput<T extends PlanTransmitter> {
  station: StationSpec;
  startMs: number;
  endMs: number;
  orbit: (noradId: number) => Orbit | undefined;
  transmitter: (uuid: string) => T | undefined;
}

/** One pass of the station, as planned. */
export interface StationPass<T extends PlanTransmitter> {
  key: string;
  noradId: number;
  priority: number;
  pass: Pass;
  /** Null for a station without rotator. */
  rotator: RotatorPlan | null;
  transmitter: T | null;
  tuning: NominalTuning | null;
}

export interface StationSchedule<T extends PlanTransmitter> {
  station: string;
  startMs: number;
  endMs: number;
  scheduled: StationPass<T>[];
  rejected: { pass: StationPass<T>; reason: RejectReason }[];
  totalPriority: number;
  /** Satellites that could not be planned (unknown NORAD id, SGP4 failure), with why. */
  problems: { noradId: number; message: string }[];
}

/** Plan a station over a window. */
export function planStation<T extends PlanTransmitter>(input: PlanInput<T>): StationSchedule<T> {
  const steps = planSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `planStation` in slices: the same plan, yielding to the event loop between satellites once a
 * slice's time is up (a 30-satellite week is about a third of a second of work), stopping when
 * `options.signal` aborts.
 */
export async function planStationInSlices<T extends PlanTransmitter>(
  input: PlanInput<T>,
  options: SliceOptions = {},
): Promise<StationSchedule<T>> {
  const slices = new Slices(options);
  const steps = planSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slices.due()) await slices.pause();
  }
}

/** The plan, one satellite a step. */
function* planSteps<T extends PlanTransmitter>(
  input: PlanInput<T>,
): Generator<void, StationSchedule<T>> {
  const { station, startMs, endMs } = input;
  const site = new Site(station.observer);
  const mask =
    station.horizonMask && station.horizonMask.length > 0
      ? new HorizonMask(station.horizonMask)
      : null;
  const problems: StationSchedule<T>['problems'] = [];
  const candidates: ScheduleCandidate<StationPass<T>>[] = [];
  for (const sat of station.satellites) {
    const orbit = input.orbit(sat.noradId);
    if (!orbit) {
      problems.push({ noradId: sat.noradId, message: 'not in the catalog' });
      continue;
    }
    let transmitter: T | null = null;
    let tuning: NominalTuning | null = null;
    if (sat.transmitter !== null) {
      transmitter = input.transmitter(sat.transmitter) ?? null;
      if (transmitter === null || transmitter.noradId !== sat.noradId) {
        problems.push({
          noradId: sat.noradId,
          message: `unknown transmitter ${sat.transmitter} for this satellite`,
        });
        transmitter = null;
      } else {
        try {
          tuning = nominalTuning(transmitter, sat.downlinkHz ?? undefined);
        } catch (error) {
          problems.push({
            noradId: sat.noradId,
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
    const found = findPasses(orbit, site, {
      startMs,
      endMs,
      minElevationDeg: station.minElevationDeg,
      horizonMask: mask,
    });
    if (found.error) problems.push({ noradId: sat.noradId, message: found.error.message });
    for (const pass of found.passes) {
      // A pass cut by the window counts from the window's start or to its end.
      const aosMs = pass.aos?.timeMs ?? startMs;
      const losMs = pass.los?.timeMs ?? endMs;
      const tcaIso = new Date(pass.tca.timeMs).toISOString();
      // Passes the filters drop need no rotator plan.
      const eligible =
        (sat.minPeakElevationDeg === null || pass.maxElevationDeg >= sat.minPeakElevationDeg) &&
        (sat.minDurationSeconds === null || (losMs - aosMs) / 1000 >= sat.minDurationSeconds);
      let rotator: RotatorPlan | null = null;
      if (station.rotator && eligible) {
        try {
          rotator = planRotator(station.rotator, skyTrack(orbit, site, aosMs, losMs));
        } catch (error) {
          problems.push({
            noradId: sat.noradId,
            message: error instanceof Error ? error.message : String(error),
          });
          continue;
        }
      }
      const item: StationPass<T> = {
        key: `${sat.noradId}@${tcaIso}`,
        noradId: sat.noradId,
        priority: sat.priority,
        pass,
        rotator,
        transmitter,
        tuning,
      };
      candidates.push({
        key: item.key,
        priority: sat.priority,
        aosMs,
        losMs,
        maxElevationDeg: pass.maxElevationDeg,
        startPosition: rotator?.start ?? null,
        endPosition: rotator?.end ?? null,
        ...(sat.minPeakElevationDeg !== null
          ? { minPeakElevationDeg: sat.minPeakElevationDeg }
          : {}),
        ...(sat.minDurationSeconds !== null ? { minDurationSeconds: sat.minDurationSeconds } : {}),
        item,
      });
    }
    yield;
  }
  const result = schedulePasses(candidates, {
    turnaroundSeconds: station.turnaroundSeconds,
    rotator: station.rotator,
  });
  return {
    station: station.name,
    startMs,
    endMs,
    scheduled: result.scheduled.map((c) => c.item),
    rejected: result.rejected.map((r) => ({ pass: r.candidate.item, reason: r.reason })),
    totalPriority: result.totalPriority,
    problems,
  };
}
