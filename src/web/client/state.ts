/**
 * The page's settings: read from and written to the address (`/?lat=52&lon=5&alt=0` opens on
 * that observer's passes) and remembered in localStorage. Pure functions over URLSearchParams;
 * safe to import in Node tests.
 */
import { num } from './format.js';

export type Mode = 'visible' | 'radio' | 'chosen';

export type ObserverChoice =
  | { kind: 'named'; name: string }
  | { kind: 'coords'; lat: number; lon: number; alt: number };

export interface Settings {
  observer: ObserverChoice | null;
  mode: Mode;
  /** Group listed in `visible` and `radio` mode. */
  group: string;
  /** Faintest magnitude listed in `visible` mode. */
  maxMagnitude: number;
  /** AOS/LOS threshold in `chosen` mode, degrees (null: the observer's). */
  minElevation: number | null;
  /**
   * `radio` mode: only passes whose highest point reaches this, degrees (null: any). AOS and
   * LOS stay at the observer's horizon or mask, as Gpredict and N2YO list them.
   */
  minPeakElevation: number | null;
  /** NORAD ids in `chosen` mode. */
  ids: number[];
  days: number;
  /** IANA zone; empty for the browser's. */
  tz: string;
  /** Window start (ISO 8601 with offset); empty for now. */
  start: string;
}

export const DEFAULT_GROUP: Record<Mode, string> = {
  visible: 'visual',
  radio: 'amateur',
  chosen: '',
};

export const DEFAULTS: Settings = {
  observer: null,
  mode: 'visible',
  group: 'visual',
  maxMagnitude: 4,
  minElevation: null,
  minPeakElevation: null,
  ids: [],
  days: 1,
  tz: '',
  start: '',
};

/** Keys the address may carry. */
const KEYS = [
  'observer',
  'lat',
  'lon',
  'alt',
  'mode',
  'group',
  'mag',
  'minEl',
  'minPeakEl',
  'ids',
  'days',
  'tz',
  'start',
];

const number = (v: string | null): number | null => {
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/**
 * Whether the address says what to show. A shared address is the whole view: what it leaves out
 * takes the defaults, not the settings this browser remembers.
 */
export function hasSettings(params: URLSearchParams): boolean {
  return KEYS.some((k) => params.has(k));
}

/**
 * Settings from the address over `base`. Numbers are taken as given (the API validates them and
 * names what is wrong); `problems` lists values that are not numbers at all.
 */
export function fromParams(
  params: URLSearchParams,
  base: Settings = DEFAULTS,
): { settings: Settings; problems: string[] } {
  const out: Settings = { ...base, ids: [...base.ids] };
  const problems: string[] = [];
  const named = params.get('observer');
  if (named) {
    out.observer = { kind: 'named', name: named };
  } else if (params.has('lat') || params.has('lon')) {
    const lat = number(params.get('lat'));
    const lon = number(params.get('lon'));
    const alt = number(params.get('alt')) ?? 0;
    if (lat === null) problems.push('lat in the address is not a number');
    if (lon === null) problems.push('lon in the address is not a number');
    out.observer = lat !== null && lon !== null ? { kind: 'coords', lat, lon, alt } : null;
  }
  const mode = params.get('mode');
  if (mode === 'visible' || mode === 'radio' || mode === 'chosen') {
    if (mode !== out.mode) out.group = DEFAULT_GROUP[mode];
    out.mode = mode;
  }
  const group = params.get('group');
  if (group !== null) out.group = group;
  const mag = number(params.get('mag'));
  if (mag !== null) out.maxMagnitude = mag;
  if (params.has('minEl')) out.minElevation = number(params.get('minEl'));
  if (params.has('minPeakEl')) out.minPeakElevation = number(params.get('minPeakEl'));
  const ids = params.get('ids');
  if (ids !== null) {
    out.ids = ids
      .split(',')
      .map((x) => Number(x.trim()))
      .filter((x) => Number.isInteger(x) && x > 0);
    if (!params.has('mode')) out.mode = 'chosen';
  }
  const days = number(params.get('days'));
  if (days !== null) out.days = days;
  const tz = params.get('tz');
  if (tz !== null) out.tz = tz;
  const start = params.get('start');
  if (start !== null) out.start = start;
  return { settings: out, problems };
}

/** The address of a view: only what differs from the defaults. */
export function toParams(st: Settings): URLSearchParams {
  const p = new URLSearchParams();
  if (st.observer?.kind === 'named') p.set('observer', st.observer.name);
  if (st.observer?.kind === 'coords') {
    p.set('lat', String(st.observer.lat));
    p.set('lon', String(st.observer.lon));
    p.set('alt', String(st.observer.alt));
  }
  if (st.mode !== DEFAULTS.mode) p.set('mode', st.mode);
  if (st.mode !== 'chosen' && st.group !== DEFAULT_GROUP[st.mode]) p.set('group', st.group);
  if (st.mode === 'visible' && st.maxMagnitude !== DEFAULTS.maxMagnitude) {
    p.set('mag', String(st.maxMagnitude));
  }
  if (st.mode === 'chosen' && st.minElevation !== null) p.set('minEl', String(st.minElevation));
  if (st.mode === 'radio' && st.minPeakElevation !== null) {
    p.set('minPeakEl', String(st.minPeakElevation));
  }
  if (st.mode === 'chosen' && st.ids.length) p.set('ids', st.ids.join(','));
  if (st.days !== DEFAULTS.days) p.set('days', String(st.days));
  if (st.tz) p.set('tz', st.tz);
  if (st.start) p.set('start', st.start);
  return p;
}

/** Settings remembered in localStorage (JSON of the address form). */
export function fromStored(text: string | null): Settings | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'string') return null;
    return fromParams(new URLSearchParams(value)).settings;
  } catch {
    return null;
  }
}

export function toStored(st: Settings): string {
  return JSON.stringify(toParams(st).toString());
}

/** The `/v1/passes` query of the settings (observer first, then what, then when). */
export function passesQuery(st: Settings, zone: string): Record<string, string | number | null> {
  const o = st.observer;
  return {
    ...(o?.kind === 'named' ? { observer: o.name } : {}),
    ...(o?.kind === 'coords' ? { lat: o.lat, lon: o.lon, alt: o.alt } : {}),
    ...(st.mode === 'chosen' ? { ids: st.ids.join(',') } : { group: st.group }),
    ...(st.mode === 'visible' ? { visibleOnly: 'true', maxMagnitude: st.maxMagnitude } : {}),
    ...(st.mode === 'radio' ? { minPeakElevation: st.minPeakElevation } : {}),
    ...(st.mode === 'chosen' ? { minElevation: st.minElevation } : {}),
    start: st.start || null,
    days: st.days,
    tz: zone,
  };
}

/** One line saying what the settings show (the settings box's summary). */
export function summaryText(st: Settings, zone: string): string {
  const o = st.observer;
  const where = !o
    ? 'no observer yet'
    : o.kind === 'named'
      ? o.name
      : `${num(Math.abs(o.lat), 3)}°${o.lat >= 0 ? 'N' : 'S'} ${num(Math.abs(o.lon), 3)}°${o.lon >= 0 ? 'E' : 'W'}`;
  const what =
    st.mode === 'visible'
      ? `visible ≤ mag ${st.maxMagnitude} (${st.group})`
      : st.mode === 'radio'
        ? `radio, ${st.group}${st.minPeakElevation !== null ? `, peak ≥ ${st.minPeakElevation}°` : ''}`
        : `${st.ids.length} chosen`;
  return `${where} · ${what} · ${st.days} day${st.days === 1 ? '' : 's'} · ${zone}`;
}

/** The observer part of a query. */
export function observerQuery(o: ObserverChoice): Record<string, string | number> {
  return o.kind === 'named' ? { observer: o.name } : { lat: o.lat, lon: o.lon, alt: o.alt };
}
