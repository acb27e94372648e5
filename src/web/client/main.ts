/**
 * The passwatch page, wired: the settings (settings-form.ts, kept in the address and localStorage
 * by state.ts) and the views, one tab each. Bundled by the server (esbuild) into /web/app.js;
 * talks only to this server's /v1 API.
 *
 * To add a view: write `x-view.ts` with a class implementing `PageView` (context.ts), add its
 * `tab-<id>` button and `view-<id>` panel to static/index.html, and add it to `views` below.
 */
import {
  ApiError,
  type CatalogInfo,
  getJson,
  type NamedObserver,
  type ObserversResponse,
} from './api.js';
import type { AppContext, ObserverInfo, PageView } from './context.js';
import { byId } from './dom.js';
import { EventsView } from './events-view.js';
import { browserZone } from './format.js';
import { MapView } from './map-view.js';
import { MessageBox } from './message.js';
import { NowView } from './now-view.js';
import { PassesView } from './passes-view.js';
import { SettingsForm } from './settings-form.js';
import {
  DEFAULTS,
  fromParams,
  fromStored,
  hasSettings,
  observerQuery,
  type Settings,
  summaryText,
  toParams,
  toStored,
} from './state.js';
import { StationView } from './station-view.js';
import { safeStorage } from './storage.js';
import { Tabs } from './tabs.js';
import { startChartOrientation, startTheme } from './theme.js';
import { TransitView } from './transit-view.js';

const STORE_KEY = 'passwatch.settings';

let settings: Settings = DEFAULTS;
let observers: NamedObserver[] = [];
let catalog: CatalogInfo | null = null;
let serverClock: { ms: number; at: number } | null = null;

const zone = (): string => settings.tz || browserZone();

function observerInfo(): ObserverInfo | null {
  const o = settings.observer;
  if (!o) return null;
  if (o.kind === 'coords') return { lat: o.lat, lon: o.lon, label: 'you', mask: null };
  const named = observers.find((n) => n.name === o.name);
  return named
    ? { lat: named.lat, lon: named.lon, label: named.name, mask: named.horizonMask }
    : null;
}

const message = new MessageBox(
  (parameter) => form.markInvalid(parameter),
  () => form.clearInvalid(),
);
const showError = (error: unknown) => message.showError(error);

const ctx: AppContext = {
  settings: () => settings,
  zone,
  observerParams: () => (settings.observer ? observerQuery(settings.observer) : null),
  observerInfo,
  catalog: () => catalog,
  observers: () => observers,
  passes: () => passesView.current(),
  showError,
  clearError: () => message.clear(),
  nowMs: () => (serverClock ? serverClock.ms + (performance.now() - serverClock.at) : Date.now()),
  noteServerTime: (ms) => {
    serverClock = { ms, at: performance.now() };
  },
  openMap: (noradId, focusMs) => {
    const name = passesView.current()?.passes.find((p) => p.noradId === noradId)?.name ?? null;
    mapView.show(noradId, name, focusMs);
    tabs.select(mapView.id, true);
  },
};

const form = new SettingsForm({
  current: () => settings,
  observers: () => observers,
  catalog: () => catalog,
  use: (st) => apply(st),
  showError,
});

const passesView = new PassesView(ctx, (resp) => {
  // The map offers the listed and the chosen satellites.
  const seen = new Map<number, string>();
  for (const c of form.picker.chosen) seen.set(c.noradId, c.name);
  for (const p of resp.passes) if (!seen.has(p.noradId)) seen.set(p.noradId, p.name);
  mapView.offer([...seen].map(([noradId, name]) => ({ noradId, name })));
  form.foldOnNarrowScreen();
});
const nowView = new NowView(ctx);
const mapView = new MapView(ctx);

/** The page's views in tab order; the first is shown when the address names none. */
const views: PageView[] = [
  passesView,
  nowView,
  mapView,
  new TransitView(ctx),
  new StationView(ctx),
  new EventsView(ctx),
];

const tabs = new Tabs(
  views.map((v) => v.id),
  (shown) => {
    for (const v of views) v.activate(v.id === shown);
  },
);

/** Use these settings: remember them, put them in the address, and load the views. */
function apply(st: Settings, options: { store: boolean } = { store: true }): void {
  settings = st;
  message.clear();
  const params = toParams(st).toString();
  const address = `/${params ? `?${params}` : ''}${location.hash}`;
  history.replaceState(null, '', address);
  byId<HTMLAnchorElement>('share').href = address;
  byId('settings-summary').textContent = summaryText(st, zone());
  if (options.store && st.observer) safeStorage.set(STORE_KEY, toStored(st));
  for (const v of views) v.refresh();
}

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
  form.picker.set(read.settings.ids);
  form.write(read.settings);
  tabs.select(tabs.fromHash());
  apply(read.settings, { store: fromAddress });
  if (read.problems.length) {
    showError(new ApiError(0, 'The address has a problem', read.problems.join('; '), ''));
  }

  // Names of chosen satellites from the address.
  form.picker.fetchNames();

  getJson<ObserversResponse>('/v1/observers')
    .then((r) => {
      observers = r.observers;
      form.setObservers(observers);
    })
    .catch(showError);

  getJson<CatalogInfo>('/v1/catalog')
    .then((c) => {
      catalog = c;
      const names = c.groups.map((g) => g.name);
      form.setGroups(names);
      nowView.setGroups(names, settings.mode === 'chosen' ? '' : settings.group);
      if (c.staleAfterDays !== 14) passesView.redraw();
    })
    .catch(showError);
}

start();
