export {
  lambertSpherePhase,
  parseStdMagTable,
  phaseAngleDeg,
  STD_MAG_MAX,
  STD_MAG_MIN,
  type StdMagIssue,
  type StdMagTable,
  visualMagnitude,
} from './magnitude.js';
export {
  isSunlit,
  type ShadowState,
  SUN_RADIUS_KM,
  shadow,
  sunlitMarginKm,
} from './shadow.js';
export {
  equationOfEquinoxesDeg,
  SunTrack,
  sunEcfKm,
  sunElevationDeg,
  sunTemeKm,
} from './sun.js';
