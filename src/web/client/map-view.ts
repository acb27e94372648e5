/** The world map of one satellite: next orbits, footprint at a chosen time, day and night. */
import { getJson, query, type SatelliteDetail, type TrackResponse } from './api.js';
import type { AppContext, PageView } from './context.js';
import { apiLink, byId, h } from './dom.js';
import { local, num } from './format.js';
import { showTransmitters } from './radio.js';
import { type WorldMap, worldMap } from './world-map.js';

let land: Promise<string | null> | null = null;
/** The bundled world outline (loaded once, when a map is first shown). */
export function loadLand(): Promise<string | null> {
  land ??= getJson<{ d: string }>('/web/land.json')
    .then((j) => j.d)
    .catch(() => {
      land = null;
      return null;
    });
  return land;
}

const periods = new Map<number, Promise<number>>();
/** Orbital period in minutes, from the satellite's mean motion. */
function periodMinutes(noradId: number): Promise<number> {
  let p = periods.get(noradId);
  if (!p) {
    p = getJson<SatelliteDetail>(`/v1/satellites/${noradId}`).then((s) => {
      const n = Number(s.elements.omm.MEAN_MOTION);
      return n > 0 ? 1440 / n : 100;
    });
    p.catch(() => periods.delete(noradId));
    periods.set(noradId, p);
  }
  return p;
}

export class MapView implements PageView {
  readonly id = 'map';
  private readonly box = byId('map-box');
  private readonly select = byId<HTMLSelectElement>('map-sat');
  private readonly orbits = byId<HTMLSelectElement>('map-orbits');
  private readonly slider = byId<HTMLInputElement>('map-time');
  private readonly label = byId('map-time-label');
  private readonly links = byId('map-links');
  private readonly transmitters = byId('map-transmitters');
  /** Whose transmitters are shown. */
  private transmittersOf: number | null = null;
  private map: WorldMap | null = null;
  private track: TrackResponse | null = null;
  private focusMs: number | null = null;
  private names = new Map<number, string>();
  private abort: AbortController | null = null;
  /** Whether the view is shown (maps load only then). */
  private active = false;

  constructor(private readonly ctx: AppContext) {
    this.select.addEventListener('change', () => {
      this.focusMs = null;
      void this.load();
    });
    this.orbits.addEventListener('change', () => void this.load());
    this.slider.addEventListener('input', () => this.moveTo(Number(this.slider.value)));
  }

  /** Satellites offered in the picker (from the pass list and the chosen ones). */
  offer(satellites: { noradId: number; name: string }[]): void {
    for (const s of satellites) if (!this.names.has(s.noradId)) this.names.set(s.noradId, s.name);
    const current = this.select.value;
    this.select.replaceChildren(
      ...[...this.names].map(([id, name]) => h('option', { value: id }, `${name} (#${id})`)),
    );
    if (current && this.names.has(Number(current))) this.select.value = current;
  }

  selected(): number | null {
    return this.select.value ? Number(this.select.value) : null;
  }

  /** Show satellite `noradId`, with the footprint at `focusMs` (or now). */
  show(noradId: number, name: string | null, focusMs: number | null): void {
    if (!this.names.has(noradId)) this.offer([{ noradId, name: name ?? `#${noradId}` }]);
    this.select.value = String(noradId);
    this.focusMs = focusMs;
    if (this.active) void this.load();
  }

  activate(on: boolean): void {
    const was = this.active;
    this.active = on;
    if (on && (!was || !this.map)) void this.load();
  }

  /** Settings changed: redraw when shown. */
  refresh(): void {
    if (this.active) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.selected();
    const observer = this.ctx.observerParams();
    if (id === null || !observer) {
      this.box.replaceChildren(
        h(
          'p',
          { class: 'empty' },
          'List some passes first, then pick a satellite here (or use "World map" in a sky chart).',
        ),
      );
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.box.setAttribute('aria-busy', 'true');
    try {
      const [period, outline] = await Promise.all([periodMinutes(id), loadLand()]);
      const orbits = Number(this.orbits.value) || 3;
      const spanMs = Math.min(orbits * period * 60_000, 7 * 86_400_000);
      const startMs =
        this.focusMs !== null ? this.focusMs - (period * 60_000) / 2 : this.ctx.nowMs();
      const step = Math.max(10, Math.round(spanMs / 1000 / 720));
      const url = `/v1/satellites/${id}/track${query({
        ...observer,
        start: new Date(Math.floor(startMs / 1000) * 1000).toISOString(),
        end: new Date(Math.floor((startMs + spanMs) / 1000) * 1000).toISOString(),
        step,
        tz: this.ctx.zone(),
      })}`;
      const track = await getJson<TrackResponse>(url, abort.signal);
      if (abort.signal.aborted) return;
      this.track = track;
      const focus = this.focusMs ?? this.ctx.nowMs();
      let index = 0;
      let best = Number.POSITIVE_INFINITY;
      for (const [i, p] of track.points.entries()) {
        const d = Math.abs(Date.parse(p.time) - focus);
        if (d < best) {
          best = d;
          index = i;
        }
      }
      const where = this.ctx.observerInfo();
      this.map = worldMap({
        land: outline,
        name: track.name,
        track: track.points,
        observer: where,
        zone: this.ctx.zone(),
        index,
      });
      this.box.replaceChildren(this.map.svg);
      this.slider.max = String(Math.max(0, track.points.length - 1));
      this.slider.value = String(index);
      this.slider.disabled = track.points.length < 2;
      this.moveTo(index);
      this.links.replaceChildren(
        apiLink('Track (API)', url),
        apiLink('Satellite (API)', `/v1/satellites/${id}`),
        apiLink('Transmitters (API)', `/v1/satellites/${id}/transmitters`),
      );
      if (this.transmittersOf !== id) {
        this.transmittersOf = id;
        void showTransmitters(this.transmitters, id, abort.signal).then(() => {
          if (abort.signal.aborted && this.transmittersOf === id) this.transmittersOf = null;
        });
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.box.replaceChildren(h('p', { class: 'empty' }, 'The map could not be loaded.'));
      this.ctx.showError(error);
    } finally {
      if (this.abort === abort) this.box.removeAttribute('aria-busy');
    }
  }

  private moveTo(index: number): void {
    const p = this.track?.points[index];
    if (!p || !this.map) return;
    this.map.setIndex(index);
    const t = local(p.time, this.ctx.zone());
    const text =
      `${t.weekday} ${t.date} ${t.time} · ${num(Math.abs(p.latitude), 1)}°${p.latitude >= 0 ? 'N' : 'S'} ` +
      `${num(Math.abs(p.longitude), 1)}°${p.longitude >= 0 ? 'E' : 'W'} · ${Math.round(p.altitudeKm)} km · ` +
      `${p.elevation >= 0 ? `${num(p.elevation, 0)}° up from you` : 'below your horizon'} · ${p.sunlit ? 'sunlit' : 'in shadow'}`;
    this.label.textContent = text;
    this.slider.setAttribute('aria-valuetext', text);
  }
}
