export { dopplerFactor, dopplerShiftedHz, uplinkHz } from './doppler.js';
