/**
 * The selected satellite of the "Now" view, live: its position, range rate and Doppler-corrected
 * frequencies once a second from the server's event stream (`/v1/satellites/{id}/live`), with the
 * age of its elements.
 */
import {
  getJson,
  type LivePositionEvent,
  type LiveSatelliteEvent,
  query,
  type TransmittersResponse,
} from './api.js';
import type { AppContext } from './context.js';
import { apiLink, byId, h } from './dom.js';
import { direction, local, num } from './format.js';

const mhz = (hz: number | undefined) => (hz === undefined ? '—' : `${(hz / 1e6).toFixed(6)} MHz`);

export class LivePanel {
  private readonly box = byId('now-live');
  private readonly title = byId('now-live-title');
  private readonly fields = byId('now-live-fields');
  private readonly select = byId<HTMLSelectElement>('now-live-transmitter');
  private readonly link = byId('now-live-link');
  private source: EventSource | null = null;
  private noradId: number | null = null;
  private name = '';
  private active = false;
  /** Events received since the panel opened (the page tests watch it). */
  updates = 0;

  constructor(private readonly ctx: AppContext) {
    this.select.addEventListener('change', () => this.connect());
    byId('now-live-close').addEventListener('click', () => this.choose(null, ''));
  }

  get selected(): number | null {
    return this.noradId;
  }

  /** Follow `noradId` (null: none), e.g. when its row is clicked. */
  choose(noradId: number | null, name: string): void {
    this.noradId = noradId;
    this.name = name;
    this.select.replaceChildren(h('option', { value: '' }, 'no transmitter'));
    this.box.hidden = noradId === null;
    this.box.dataset.norad = noradId === null ? '' : String(noradId);
    this.fields.replaceChildren();
    this.connect();
    if (noradId !== null) void this.loadTransmitters(noradId);
  }

  /** Stream while the view is shown and not paused. */
  setActive(active: boolean): void {
    if (active === this.active) return;
    this.active = active;
    this.connect();
  }

  private async loadTransmitters(noradId: number): Promise<void> {
    try {
      const r = await getJson<TransmittersResponse>(`/v1/satellites/${noradId}/transmitters`);
      if (this.noradId !== noradId) return;
      const usable = r.transmitters.filter((t) => t.downlink !== null);
      this.select.append(
        ...usable.map((t) =>
          h(
            'option',
            { value: t.uuid },
            `${t.description}${t.mode ? ` (${t.mode})` : ''} ${(t.downlink!.lowHz / 1e6).toFixed(3)} MHz`,
          ),
        ),
      );
    } catch {
      // No transmitter list on this server: positions only.
    }
  }

  private url(): string | null {
    const observer = this.ctx.observerParams();
    if (this.noradId === null || !observer) return null;
    return `/v1/satellites/${this.noradId}/live${query({ ...observer, transmitter: this.select.value || null })}`;
  }

  private connect(): void {
    this.source?.close();
    this.source = null;
    const url = this.url();
    if (!url) return;
    this.link.replaceChildren(apiLink('Live stream (SSE)', url));
    if (!this.active) return;
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener('satellite', (e) => {
      const info = JSON.parse((e as MessageEvent<string>).data) as LiveSatelliteEvent;
      this.name = info.name || this.name;
      this.title.textContent = `${this.name} (${info.noradId}) live`;
    });
    source.addEventListener('position', (e) => {
      this.render(JSON.parse((e as MessageEvent<string>).data) as LivePositionEvent);
      this.updates++;
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) this.box.dataset.state = 'closed';
    });
  }

  private render(p: LivePositionEvent): void {
    const zone = this.ctx.zone();
    this.box.dataset.time = p.time;
    this.box.dataset.azimuth = String(p.azimuth);
    this.box.dataset.elevation = String(p.elevation);
    if (p.downlinkHz !== undefined) this.box.dataset.downlinkHz = String(p.downlinkHz);
    else delete this.box.dataset.downlinkHz;
    const row = (label: string, value: string, cls = '') =>
      [h('dt', {}, label), h('dd', cls ? { class: cls } : {}, value)] as const;
    const age = `${num(p.elements.ageDays, 1)} days${p.elements.stale ? ' (stale)' : ''}`;
    this.fields.replaceChildren(
      ...row('Time', `${local(p.time, zone).time} ${zone}`),
      ...row('Azimuth', `${num(p.azimuth, 1)}° (${direction(p.azimuth)})`),
      ...row('Elevation', `${num(p.elevation, 1)}°`, p.elevation < 0 ? 'none' : ''),
      ...row('Range', `${Math.round(p.rangeKm)} km`),
      ...row('Range rate', `${num(p.rangeRateKmS, 3)} km/s`),
      ...(p.downlinkHz !== undefined ? row('Downlink', mhz(p.downlinkHz)) : []),
      ...(p.uplinkHz !== undefined ? row('Uplink', mhz(p.uplinkHz)) : []),
      ...row('Elements', age, p.elements.stale ? 'stale' : ''),
    );
  }
}
