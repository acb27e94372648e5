/**
 * Doppler correction for satellite radio links, classical first order in v/c (as Gpredict and
 * most amateur tools do). The relativistic terms are of order
 * (v/c)^2 ~ 6e-10 for LEO: 0.1 Hz at 145 MHz, 1.4 Hz at 2.4 GHz, below any receiver's tuning step.
 *
 * Range rate is positive when the satellite moves away from the observer (as `Topocentric`).
 */
import { SPEED_OF_LIGHT_KM_S } from '../units.js';

/**
 * Ratio received / transmitted frequency for a link whose range changes at `rangeRateKmS`:
 * 1 - v/c. Above 1 while the satellite approaches (negative range rate).
 */
export function dopplerFactor(rangeRateKmS: number): number {
  return 1 - rangeRateKmS / SPEED_OF_LIGHT_KM_S;
}

/**
 * Frequency a ground receiver hears, Hz, from a satellite transmitting on `frequencyHz` (downlink):
 * f (1 - v/c). Example: 145.800 MHz at -7 km/s (approaching) is heard about 3.4 kHz high.
 */
export function dopplerShiftedHz(frequencyHz: number, rangeRateKmS: number): number {
  return frequencyHz * dopplerFactor(rangeRateKmS);
}

/**
 * Frequency to transmit from the ground, Hz, so that the satellite receives `frequencyHz`
 * (uplink): f / (1 - v/c), the exact inverse of `dopplerShiftedHz`. Lower than nominal while the
 * satellite approaches.
 */
export function uplinkHz(frequencyHz: number, rangeRateKmS: number): number {
  return frequencyHz / dopplerFactor(rangeRateKmS);
}
