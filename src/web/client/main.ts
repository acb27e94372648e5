/**
 * The passwatch page: settings form (observer, what to list, days, time zone) kept in the address
 * and localStorage, and four views: passes with sky charts, what is up now, a world map (with the
 * satellite's transmitters), and a radio station's schedule.
 * Bundled by the server (esbuild) into /web/app.js; talks only to this server's /v1 API.
 * The satellite picker (sat-picker.ts), view tabs (tabs.ts) and theme (theme.ts) are their own modules.
 */
import {
  ApiError,
  type CatalogInfo,
  getJson,
  type NamedObserver,
  type PassesResponse,
  query,
} from './api.js';
import type { AppContext, ObserverInfo } from './context.js';
import { byId, h } from './dom.js';
import { browserZone, isZone, num } from './format.js';
import { MapView } from './map-view.js';
import { NowView } from './now-view.js';
import { PassesView } from './passes-view.js';
import { SatellitePicker } from './sat-picker.js';
import {
  DEFAULT_GROUP,
  DEFAULTS,
  fromParams,
  fromStored,
  hasSettings,
  type Mode,
  observerQuery,
  passesQuery,
  type Settings,
  toParams,
  toStored,
} from './state.js';
import { StationView } from './station-view.js';
import { safeStorage } from './storage.js';
import { Tabs } from './tabs.js';
import { startChartOrientation, startTheme } from './theme.js';
import { TransitView } from './transit-view.js';

const STORE_KEY = 'passwatch.settings';

const form = byId<HTMLFormElement>('settings');
const box = byId<HTMLDetailsElement>('settings-box');
const field = {
  named: byId<HTMLSelectElement>('obs-named'),
  namedRow: byId('named-row'),
  lat: byId<HTMLInputElement>('lat'),
  lon: byId<HTMLInputElement>('lon'),
  alt: byId<HTMLInputElement>('alt'),
  group: byId<HTMLSelectElement>('group'),
  mag: byId<HTMLInputElement>('mag'),
  minEl: byId<HTMLInputElement>('min-el'),
  minPeakEl: byId<HTMLInputElement>('min-peak-el'),
  days: byId<HTMLSelectElement>('days'),
  tz: byId<HTMLInputElement>('tz'),
  start: byId<HTMLInputElement>('start'),
  search: byId<HTMLInputElement>('sat-search'),
};
const message = byId('message');

let settings: Settings = DEFAULTS;
let observers: NamedObserver[] = [];
let catalog: CatalogInfo | null = null;
let passes: PassesResponse | null = null;
let serverClock: { ms: number; at: number } | null = null;
let passesAbort: AbortController | null = null;
let firstRender = true;

function zone(): string {
  return settings.tz || browserZone();
}

function observerInfo(): ObserverInfo | null {
  const o = settings.observer;
  if (!o) return null;
  if (o.kind === 'coords') return { lat: o.lat, lon: o.lon, label: 'you', mask: null };
  const named = observers.find((n) => n.name === o.name);
  return named
    ? { lat: named.lat, lon: named.lon, label: named.name, mask: named.horizonMask }
    : null;
}

const ctx: AppContext = {
  settings: () => settings,
  zone,
  observerParams: () => (settings.observer ? observerQuery(settings.observer) : null),
  observerInfo,
  catalog: () => catalog,
  observers: () => observers,
  passes: () => passes,
  showError,
  clearError,
  nowMs: () => (serverClock ? serverClock.ms + (performance.now() - serverClock.at) : Date.now()),
  noteServerTime: (ms) => {
    serverClock = { ms, at: performance.now() };
  },
  openMap: (noradId, focusMs) => {
    const name = passes?.passes.find((p) => p.noradId === noradId)?.name ?? null;
    mapView.show(noradId, name, focusMs);
    tabs.select('map', true);
  },
};

const passesView = new PassesView(ctx);
const nowView = new NowView(ctx);
const mapView = new MapView(ctx);
const stationView = new StationView(ctx);
const transitView = new TransitView(ctx);
const picker = new SatellitePicker(field.search, () => submit(), showError);
const tabs = new Tabs((view) => {
  if (view === 'now') nowView.start();
  else nowView.stop();
  mapView.activate(view === 'map');
  transitView.activate(view === 'transits');
  stationView.activate(view === 'station');
});

// ---- Errors -------------------------------------------------------------------------------

const FIELD_OF: Record<string, HTMLElement> = {
  lat: field.lat,
  lon: field.lon,
  alt: field.alt,
  observer: field.named,
  group: field.group,
  maxMagnitude: field.mag,
  minElevation: field.minEl,
  minPeakElevation: field.minPeakEl,
  days: field.days,
  end: field.days,
  tz: field.tz,
  start: field.start,
  ids: field.search,
};

function showError(error: unknown): void {
  if (error instanceof DOMException && error.name === 'AbortError') return;
  const e =
    error instanceof ApiError
      ? error
      : new ApiError(
          0,
          'Something went wrong',
          error instanceof Error ? error.message : String(error),
          '',
        );
  const parts: Node[] = [
    h('p', {}, h('strong', {}, e.status ? `${e.title} (${e.status})` : e.title), ' ', e.message),
  ];
  if (e.errors.length > 1) {
    parts.push(
      h('ul', {}, ...e.errors.map((x) => h('li', {}, h('code', {}, x.parameter), `: ${x.detail}`))),
    );
  }
  if (e.url) parts.push(h('p', {}, 'Request: ', h('a', { href: e.url }, h('code', {}, e.url))));
  message.replaceChildren(...parts);
  message.hidden = false;
  for (const x of e.errors) FIELD_OF[x.parameter]?.setAttribute('aria-invalid', 'true');
}

function clearError(): void {
  message.hidden = true;
  message.replaceChildren();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// ---- Settings form ------------------------------------------------------------------------

function mode(): Mode {
  const checked = form.querySelector<HTMLInputElement>('input[name="mode"]:checked');
  return (checked?.value as Mode | undefined) ?? 'visible';
}

function showModeFields(m: Mode): void {
  for (const el of form.querySelectorAll<HTMLElement>('[data-modes]')) {
    el.hidden = !(el.dataset.modes ?? '').split(' ').includes(m);
  }
}

function setGroupOptions(names: string[], selected: string): void {
  const all = names.includes(selected) || !selected ? names : [selected, ...names];
  field.group.replaceChildren(...all.map((g) => h('option', { value: g }, g)));
  field.group.value = selected;
}

function writeForm(st: Settings): void {
  const o = st.observer;
  field.named.value = o?.kind === 'named' ? o.name : '';
  if (o?.kind === 'named' && field.named.value !== o.name) {
    field.named.append(h('option', { value: o.name }, o.name));
    field.named.value = o.name;
  }
  const coords =
    o?.kind === 'coords' ? o : observers.find((n) => o?.kind === 'named' && n.name === o.name);
  field.lat.value = coords ? String(coords.lat) : '';
  field.lon.value = coords ? String(coords.lon) : '';
  field.alt.value = coords ? String(coords.alt) : '';
  for (const r of form.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
    r.checked = r.value === st.mode;
  }
  showModeFields(st.mode);
  const groups = catalog?.groups.map((g) => g.name) ?? [...field.group.options].map((x) => x.value);
  if (st.mode !== 'chosen') setGroupOptions(groups, st.group);
  field.mag.value = String(st.maxMagnitude);
  field.minEl.value = st.minElevation === null ? '' : String(st.minElevation);
  field.minPeakEl.value = st.minPeakElevation === null ? '' : String(st.minPeakElevation);
  if (![...field.days.options].some((x) => x.value === String(st.days))) {
    field.days.append(h('option', { value: st.days }, String(st.days)));
  }
  field.days.value = String(st.days);
  field.tz.value = st.tz;
  field.tz.placeholder = `${browserZone()} (browser)`;
  field.start.value = st.start;
  picker.renderChips();
}

const numberOf = (input: HTMLInputElement): number | null => {
  const v = input.value.trim();
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : Number.NaN;
};

/** Settings from the form; `problem` says what keeps them from being used. */
function readForm(): { st: Settings; problem: string | null } {
  const m = mode();
  const named = field.named.value;
  const lat = numberOf(field.lat);
  const lon = numberOf(field.lon);
  const alt = numberOf(field.alt) ?? 0;
  let problem: string | null = null;
  let observer: Settings['observer'] = null;
  if (named) observer = { kind: 'named', name: named };
  else if (lat !== null || lon !== null) {
    if (
      lat === null ||
      lon === null ||
      Number.isNaN(lat) ||
      Number.isNaN(lon) ||
      Number.isNaN(alt)
    ) {
      problem = 'Give both latitude and longitude as decimal degrees (north and east positive).';
    } else observer = { kind: 'coords', lat, lon, alt };
  }
  const minEl = numberOf(field.minEl);
  const minPeakEl = numberOf(field.minPeakEl);
  const mag = numberOf(field.mag);
  const st: Settings = {
    observer,
    mode: m,
    group: m === 'chosen' ? '' : field.group.value || DEFAULT_GROUP[m],
    maxMagnitude: mag === null || Number.isNaN(mag) ? DEFAULTS.maxMagnitude : mag,
    minElevation: minEl === null || Number.isNaN(minEl) ? null : minEl,
    minPeakElevation: minPeakEl === null || Number.isNaN(minPeakEl) ? null : minPeakEl,
    ids: picker.chosen.map((c) => c.noradId),
    days: Number(field.days.value) || 1,
    tz: field.tz.value.trim(),
    start: field.start.value.trim(),
  };
  if (!problem && st.tz && !isZone(st.tz)) {
    problem = `"${st.tz}" is not a time zone this browser knows; use a name such as Europe/Amsterdam or UTC.`;
  }
  if (!problem && m === 'chosen' && st.ids.length === 0) {
    problem = 'Add at least one satellite (search by name or NORAD id).';
  }
  return { st, problem };
}

function summaryText(st: Settings): string {
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
  return `${where} · ${what} · ${st.days} day${st.days === 1 ? '' : 's'} · ${zone()}`;
}

/** Use these settings: remember them, put them in the address, and load the views. */
function apply(st: Settings, options: { store: boolean } = { store: true }): void {
  settings = st;
  clearError();
  const params = toParams(st).toString();
  const address = `/${params ? `?${params}` : ''}${location.hash}`;
  history.replaceState(null, '', address);
  byId<HTMLAnchorElement>('share').href = address;
  byId('settings-summary').textContent = summaryText(st);
  if (options.store && st.observer) safeStorage.set(STORE_KEY, toStored(st));
  void loadPasses();
  nowView.restart();
  mapView.refresh();
  transitView.refresh();
  stationView.refresh();
}

async function loadPasses(): Promise<void> {
  passesAbort?.abort();
  if (!settings.observer) {
    passesView.prompt(
      observers.length
        ? 'Choose an observer: a named site, coordinates, or your location.'
        : 'Choose an observer: type coordinates or use your location.',
    );
    return;
  }
  if (settings.mode === 'chosen' && settings.ids.length === 0) {
    passesView.prompt('Add satellites to list their passes.');
    return;
  }
  const abort = new AbortController();
  passesAbort = abort;
  const q = passesQuery(settings, zone());
  const json = `/v1/passes${query(q)}`;
  const ics = `/v1/passes.ics${query(q)}`;
  passesView.loading('Predicting passes…');
  try {
    const resp = await getJson<PassesResponse>(json, abort.signal);
    if (abort.signal.aborted) return;
    passes = resp;
    if (!settings.start) ctx.noteServerTime(Date.parse(resp.settings.start));
    passesView.render(resp, { json, ics });
    const seen = new Map<number, string>();
    for (const c of picker.chosen) seen.set(c.noradId, c.name);
    for (const p of resp.passes) if (!seen.has(p.noradId)) seen.set(p.noradId, p.name);
    mapView.offer([...seen].map(([noradId, name]) => ({ noradId, name })));
    if (firstRender) {
      firstRender = false;
      performance.mark('passwatch:passes-rendered');
    }
    if (matchMedia('(max-width: 760px)').matches) box.open = false;
  } catch (error) {
    if (abort.signal.aborted) return;
    passes = null;
    passesView.clear();
    showError(error);
  }
}

// ---- Observer -------------------------------------------------------------------------------

field.named.addEventListener('change', () => {
  const n = observers.find((o) => o.name === field.named.value);
  if (n) {
    field.lat.value = String(n.lat);
    field.lon.value = String(n.lon);
    field.alt.value = String(n.alt);
  }
  submit();
});
for (const input of [field.lat, field.lon, field.alt]) {
  input.addEventListener('input', () => {
    field.named.value = '';
  });
}

byId('locate').addEventListener('click', () => {
  if (!('geolocation' in navigator) || !window.isSecureContext) {
    showError(
      new ApiError(
        0,
        'Location not available',
        'Browsers share their location only with https:// pages or localhost; type the coordinates instead.',
        '',
      ),
    );
    return;
  }
  const button = byId<HTMLButtonElement>('locate');
  button.disabled = true;
  button.textContent = 'Locating…';
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      button.disabled = false;
      button.textContent = 'Use my location';
      field.named.value = '';
      field.lat.value = pos.coords.latitude.toFixed(4);
      field.lon.value = pos.coords.longitude.toFixed(4);
      field.alt.value = String(Math.round(pos.coords.altitude ?? 0));
      submit();
    },
    (err) => {
      button.disabled = false;
      button.textContent = 'Use my location';
      showError(new ApiError(0, 'Location not available', err.message || 'permission denied', ''));
    },
    { enableHighAccuracy: false, timeout: 15_000, maximumAge: 600_000 },
  );
});

// ---- What to list -------------------------------------------------------------------------

for (const r of form.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
  r.addEventListener('change', () => {
    const m = mode();
    showModeFields(m);
    if (m !== 'chosen') {
      const groups = [...field.group.options].map((x) => x.value);
      setGroupOptions(groups, m === settings.mode ? settings.group : DEFAULT_GROUP[m]);
    }
    if (m === 'chosen' && picker.chosen.length === 0) {
      field.search.focus();
      return;
    }
    submit();
  });
}
for (const el of [field.group, field.days]) el.addEventListener('change', () => submit());

// ---- Time zone ------------------------------------------------------------------------------

field.tz.addEventListener(
  'focus',
  () => {
    const list = byId('zones');
    if (list.childElementCount) return;
    const zones = (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.(
      'timeZone',
    ) ?? ['UTC'];
    list.replaceChildren(...['UTC', ...zones].map((z) => h('option', { value: z })));
  },
  { once: true },
);

// ---- Submit -----------------------------------------------------------------------------------

function submit(): void {
  const { st, problem } = readForm();
  if (problem) {
    showError(new ApiError(0, 'Check the settings', problem, ''));
    return;
  }
  apply(st);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});

// ---- Start ------------------------------------------------------------------------------------

function start(): void {
  startTheme();
  startChartOrientation(() => {
    passesView.redrawChart();
    nowView.restart();
  });
  const params = new URLSearchParams(location.search);
  const fromAddress = hasSettings(params);
  const read = fromAddress
    ? fromParams(params)
    : { settings: fromStored(safeStorage.get(STORE_KEY)) ?? DEFAULTS, problems: [] };
  picker.set(read.settings.ids);
  writeForm(read.settings);
  tabs.select(Tabs.fromHash());
  apply(read.settings, { store: fromAddress });
  if (read.problems.length) {
    showError(new ApiError(0, 'The address has a problem', read.problems.join('; '), ''));
  }

  // Names of chosen satellites from the address.
  picker.fetchNames();

  getJson<{ observers: NamedObserver[] }>('/v1/observers')
    .then((r) => {
      observers = r.observers;
      field.namedRow.hidden = observers.length === 0;
      const current = field.named.value;
      field.named.replaceChildren(
        h('option', { value: '' }, 'Coordinates below'),
        ...observers.map((o) => h('option', { value: o.name }, o.name)),
      );
      field.named.value = current;
      if (!settings.observer && observers.length === 1) {
        // One configured site: that is where this server's users are.
        field.named.value = observers[0]!.name;
        field.named.dispatchEvent(new Event('change'));
      } else if (settings.observer?.kind === 'named') {
        writeForm(settings);
      }
    })
    .catch(showError);

  getJson<CatalogInfo>('/v1/catalog')
    .then((c) => {
      catalog = c;
      const names = c.groups.map((g) => g.name);
      if (mode() !== 'chosen') setGroupOptions(names, field.group.value || settings.group);
      else setGroupOptions(names, DEFAULT_GROUP.visible);
      nowView.setGroups(names, settings.mode === 'chosen' ? '' : settings.group);
      if (passes && c.staleAfterDays !== 14) passesView.render(passes, passLinks());
    })
    .catch(showError);
}

function passLinks(): { json: string; ics: string } {
  const q = passesQuery(settings, zone());
  return { json: `/v1/passes${query(q)}`, ics: `/v1/passes.ics${query(q)}` };
}

start();
