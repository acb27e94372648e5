/**
 * The stepped transit scan (`scan.json`, made by `make_transits.py`): every transit and near miss
 * of the ISS and CSS over 7 days from four observers, by python-sgp4 + PyEphem.
 */
import { readFileSync } from 'node:fs';

export interface ScanEvent {
  satellite: string;
  observer: string;
  body: 'sun' | 'moon';
  expected: boolean;
  marginal: boolean;
  kind: 'transit' | 'near-miss';
  iso: string;
  timeMs: number;
  minSeparationDeg: number;
  centreLine: { timeMs: number; distanceKm: number; ecfKm: [number, number, number] } | null;
}

export interface TransitScan {
  satellites: Record<string, [string, string]>;
  observers: { name: string; latitudeDeg: number; longitudeDeg: number; altitudeM: number }[];
  startIso: string;
  days: number;
  radiusKm: number;
  nearMissDeg: number;
  events: ScanEvent[];
}

export const transitScan = JSON.parse(
  readFileSync(new URL('./scan.json', import.meta.url), 'utf8'),
) as TransitScan;
