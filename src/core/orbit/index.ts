export { DEEP_SPACE_PERIOD_MINUTES, isDeepSpace, sgp4PeriodMinutes } from './deep-space.js';
export { errorKindFromCode, PropagationError, type PropagationErrorKind } from './errors.js';
export { ecfToGeodetic, type Geodetic, type Observer, Site, siteTeme } from './observer.js';
export { Orbit, type StateVector, type Topocentric } from './propagate.js';
export { revolutionNumber } from './revolution.js';
export {
  type Sgp4Coefficients,
  Sgp4RecordError,
  sgp4Coefficients,
} from './sgp4-record.js';
export {
  Look,
  lookFromTeme,
  sinElevationFromEcf,
  sinElevationFromTeme,
  temeToEcf,
} from './topocentric.js';
