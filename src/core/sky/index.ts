export {
  type BodyPosition,
  BRIGHT_PLANETS,
  bodyPosition,
  MOON_RADIUS_KM,
  type MoonInfo,
  type MoonPhaseName,
  moonInfo,
  nextRiseSet,
  SKY_BODIES,
  type SkyBody,
  type Twilight,
  twilightOf,
} from './bodies.js';
export {
  lambertSpherePhase,
  parseStdMagTable,
  phaseAngleDeg,
  STD_MAG_MAX,
  STD_MAG_MIN,
  type StdMagIssue,
  type StdMagTable,
  stdMagTableFromObject,
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
  NEAR_STAR_MAX_MAGNITUDE,
  type NearStar,
  nearestNamedStar,
  nearStarsText,
  parseStarCatalogue,
  type Star,
  StarField,
  type StarPlace,
  separationDeg,
} from './stars.js';
export {
  compareStdMagnitudes,
  FAR_MEAN_MOTION_REV_PER_DAY,
  type MagnitudeSource,
  type MmtRow,
  mergeStdMagnitudes,
  mmtStdMag,
  parseMmtCatalogue,
  parseQuicksatMagnitudes,
  type StdMagComparison,
  type StdMagEntry,
} from './stdmag-sources.js';
export {
  equationOfEquinoxesDeg,
  MoonTrack,
  SunTrack,
  sunEcfKm,
  sunElevationDeg,
  sunTemeKm,
  TemeTrack,
} from './sun.js';
