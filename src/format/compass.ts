const POINTS = [
  'N',
  'NNE',
  'NE',
  'ENE',
  'E',
  'ESE',
  'SE',
  'SSE',
  'S',
  'SSW',
  'SW',
  'WSW',
  'W',
  'WNW',
  'NW',
  'NNW',
] as const;

export type CompassPoint = (typeof POINTS)[number];

/** The 16-point compass direction of an azimuth in degrees (N = 0, E = 90). */
export function compassPoint(azimuthDeg: number): CompassPoint {
  const i = Math.round((((azimuthDeg % 360) + 360) % 360) / 22.5) % 16;
  return POINTS[i]!;
}
