export { errorKindFromCode, PropagationError, type PropagationErrorKind } from './errors.js';
export { ecfToGeodetic, type Geodetic, type Observer, Site, siteTeme } from './observer.js';
export {
  LOOK_SIZE,
  lookFromTeme,
  Orbit,
  type StateVector,
  type Topocentric,
} from './propagate.js';
export { revolutionNumber } from './revolution.js';
