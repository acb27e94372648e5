export { dopplerFactor, dopplerShiftedHz, uplinkHz } from './doppler.js';
export {
  type DopplerTuning,
  dopplerTuning,
  type FrequencyRangeHz,
  type NominalTuning,
  nominalTuning,
  type RadioLink,
  TuningError,
} from './tuning.js';
