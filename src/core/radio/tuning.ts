/**
 * Doppler-corrected tuning for one transmitter: what to tune the receiver to, and what to
 * transmit so that the satellite hears its nominal uplink, from the range rate. For a linear
 * transponder, a chosen point in the downlink passband fixes the matching uplink (inverting or
 * not). Pure.
 */
import { dopplerShiftedHz, uplinkHz } from './doppler.js';

/** A frequency range, Hz (a single frequency has `lowHz === highHz`). */
export interface FrequencyRangeHz {
  lowHz: number;
  highHz: number;
}

/** The part of a transmitter the tuning needs (a SatNOGS transmitter has these fields). */
export interface RadioLink {
  type: 'transmitter' | 'transceiver' | 'transponder';
  downlink: FrequencyRangeHz | null;
  uplink: FrequencyRangeHz | null;
  /** An inverting transponder: uplink low edge comes out at the downlink high edge. */
  invert: boolean;
}

/** The nominal (satellite-frame) frequencies worked on a link, Hz. */
export interface NominalTuning {
  downlinkHz: number | null;
  uplinkHz: number | null;
}

/** The frequencies to use at the ground at one instant, Hz. */
export interface DopplerTuning {
  /** Tune the receiver here (the nominal downlink as heard). */
  downlinkHz: number | null;
  /** Transmit here so that the satellite hears the nominal uplink. */
  uplinkHz: number | null;
}

/** A chosen downlink frequency that the transmitter does not have. */
export class TuningError extends Error {
  override readonly name = 'TuningError';
}

function isPassband(link: RadioLink): boolean {
  return (
    link.type === 'transponder' &&
    link.downlink !== null &&
    link.uplink !== null &&
    link.downlink.highHz > link.downlink.lowHz
  );
}

/**
 * The nominal downlink and uplink of a link. For a linear transponder the downlink is
 * `downlinkHz` (default: the passband centre) and the uplink the matching point of the uplink
 * passband: `uplinkLow + (d - downlinkLow) * k` non-inverting, `uplinkLow + (downlinkHigh - d) * k`
 * inverting, with k the ratio of the passband widths (1 for nearly every transponder). Any other
 * link has fixed frequencies: its lower edge (SatNOGS gives a single frequency as `low`).
 *
 * @throws TuningError when `downlinkHz` is given for a link without a downlink passband, or lies
 * outside it.
 */
export function nominalTuning(link: RadioLink, downlinkHz?: number): NominalTuning {
  if (isPassband(link)) {
    const down = link.downlink!;
    const up = link.uplink!;
    const d = downlinkHz ?? (down.lowHz + down.highHz) / 2;
    if (!(d >= down.lowHz && d <= down.highHz)) {
      throw new TuningError(
        `downlinkHz ${d} is outside the transponder's downlink passband ${down.lowHz}-${down.highHz} Hz`,
      );
    }
    const k = (up.highHz - up.lowHz) / (down.highHz - down.lowHz);
    const offset = link.invert ? down.highHz - d : d - down.lowHz;
    return { downlinkHz: d, uplinkHz: up.lowHz + offset * k };
  }
  if (downlinkHz !== undefined) {
    const down = link.downlink;
    if (down === null) throw new TuningError('the transmitter has no downlink');
    if (!(downlinkHz >= down.lowHz && downlinkHz <= down.highHz)) {
      throw new TuningError(
        `downlinkHz ${downlinkHz} is not the transmitter's downlink (${down.lowHz === down.highHz ? `${down.lowHz}` : `${down.lowHz}-${down.highHz}`} Hz)`,
      );
    }
    return { downlinkHz, uplinkHz: link.uplink?.lowHz ?? null };
  }
  return { downlinkHz: link.downlink?.lowHz ?? null, uplinkHz: link.uplink?.lowHz ?? null };
}

/**
 * Ground frequencies at range rate `rangeRateKmS` (positive receding): the downlink as heard,
 * f (1 - v/c), and the uplink to send, f / (1 - v/c).
 */
export function dopplerTuning(nominal: NominalTuning, rangeRateKmS: number): DopplerTuning {
  return {
    downlinkHz:
      nominal.downlinkHz === null ? null : dopplerShiftedHz(nominal.downlinkHz, rangeRateKmS),
    uplinkHz: nominal.uplinkHz === null ? null : uplinkHz(nominal.uplinkHz, rangeRateKmS),
  };
}
