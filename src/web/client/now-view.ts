/**
 * "Now": what is above the observer, refreshed from `/v1/above` every 2 s while shown; the
 * satellite chosen in the list is followed live, once a second, from its event stream
 * (`LivePanel`).
 */
import { type AboveResponse, getJson, query, type SkyResponse } from './api.js';
import type { AppContext, PageView } from './context.js';
import { apiLink, byId, h } from './dom.js';
import { direction, local, num } from './format.js';
import { LivePanel } from './live-panel.js';
import { nowChart } from './sky-chart.js';

const PERIOD_MS = 2000;
const RETRY_MS = 5000;
const ROWS = 40;

export class NowView implements PageView {
  readonly id = 'now';
  private sky: SkyResponse | null = null;
  private skyAt = Number.NEGATIVE_INFINITY;
  private readonly chart = byId('now-chart');
  private readonly body = byId<HTMLTableSectionElement>('now-body');
  private readonly status = byId('now-status');
  private readonly links = byId('now-links');
  private readonly group = byId<HTMLSelectElement>('now-group');
  private readonly pause = byId<HTMLButtonElement>('now-pause');
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private paused = false;
  private inFlight: AbortController | null = null;
  /** Requests answered since the view opened (the page tests watch it tick). */
  updates = 0;
  readonly live: LivePanel;

  constructor(private readonly ctx: AppContext) {
    this.live = new LivePanel(ctx);
    this.body.addEventListener('click', (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('button[data-norad]');
      if (!button) return;
      this.live.choose(Number(button.dataset.norad), button.textContent ?? '');
      this.markSelected();
    });
    this.group.addEventListener('change', () => this.restart());
    this.pause.addEventListener('click', () => {
      this.paused = !this.paused;
      this.pause.setAttribute('aria-pressed', String(this.paused));
      this.pause.textContent = this.paused ? 'Resume' : 'Pause';
      if (this.paused) this.stopTimer();
      else this.restart();
      this.live.setActive(this.running && !this.paused);
    });
    document.addEventListener('visibilitychange', () => {
      if (document.hidden) this.stopTimer();
      else if (this.running) this.restart();
      this.live.setActive(this.running && !this.paused && !document.hidden);
    });
  }

  /** Groups for the picker; `preferred` is selected unless the user chose already. */
  setGroups(groups: string[], preferred: string): void {
    const current = this.group.value;
    this.group.replaceChildren(
      h('option', { value: '' }, 'whole catalog'),
      ...groups.map((g) => h('option', { value: g }, g)),
    );
    this.group.value = groups.includes(current)
      ? current
      : groups.includes(preferred)
        ? preferred
        : '';
  }

  activate(on: boolean): void {
    if (on) this.start();
    else this.stop();
  }

  /** Settings changed: ask again now when shown. */
  refresh(): void {
    this.restart();
  }

  start(): void {
    this.running = true;
    this.restart();
    this.live.setActive(!this.paused);
  }

  stop(): void {
    this.running = false;
    this.stopTimer();
    this.live.setActive(false);
  }

  private markSelected(): void {
    const id = String(this.live.selected ?? '');
    for (const tr of this.body.querySelectorAll<HTMLTableRowElement>('tr[data-norad]')) {
      tr.classList.toggle('selected', tr.dataset.norad === id);
    }
  }

  restart(): void {
    this.stopTimer();
    if (this.running && !this.paused) void this.tick();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight?.abort();
    this.inFlight = null;
  }

  private url(): string | null {
    const observer = this.ctx.observerParams();
    if (!observer) return null;
    return `/v1/above${query({ ...observer, minElevation: 0, group: this.group.value || null, tz: this.ctx.zone() })}`;
  }

  private async tick(): Promise<void> {
    const url = this.url();
    if (!url) {
      this.status.textContent = 'Choose an observer first.';
      return;
    }
    this.links.replaceChildren(apiLink('API', url));
    const abort = new AbortController();
    this.inFlight = abort;
    let next = PERIOD_MS;
    try {
      const started = performance.now();
      const resp = await getJson<AboveResponse>(url, abort.signal);
      await this.refreshSky(abort.signal);
      this.ctx.noteServerTime(Date.parse(resp.time) + (performance.now() - started) / 2);
      this.render(resp);
      this.updates++;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.status.textContent = 'Update failed; retrying…';
      this.ctx.showError(error);
      next = RETRY_MS;
    }
    if (this.inFlight === abort && this.running && !this.paused) {
      this.timer = setTimeout(() => void this.tick(), next);
    }
  }

  /** The stars, Moon and planets for the chart, fetched again once a minute (kept on failure). */
  private async refreshSky(signal: AbortSignal): Promise<void> {
    const observer = this.ctx.observerParams();
    if (!observer || performance.now() - this.skyAt < 60_000) return;
    try {
      this.sky = await getJson<SkyResponse>(`/v1/sky${query({ ...observer, stars: 4 })}`, signal);
      this.skyAt = performance.now();
    } catch (error) {
      if (signal.aborted) throw error;
    }
  }

  private render(resp: AboveResponse): void {
    const zone = this.ctx.zone();
    const ids = this.ctx.settings().mode === 'chosen' ? new Set(this.ctx.settings().ids) : null;
    const items =
      ids && !this.group.value ? resp.items.filter((i) => ids.has(i.noradId)) : resp.items;
    const t = local(resp.time, zone);
    const sky =
      resp.sunElevation > -0.833
        ? 'day'
        : resp.sunElevation > -6
          ? 'civil twilight'
          : resp.sunElevation > -12
            ? 'nautical twilight'
            : resp.sunElevation > -18
              ? 'astronomical twilight'
              : 'dark';
    const visible = items.filter((i) => i.visible).length;
    this.status.textContent =
      `${t.time} ${zone} · Sun ${num(resp.sunElevation, 0)}° (${sky}) · ` +
      `${items.length} above the horizon, ${visible} visible`;
    this.status.dataset.time = resp.time;
    const observer = this.ctx.observerInfo();
    this.chart.replaceChildren(
      nowChart({
        items,
        mask: observer?.mask ?? null,
        title: `Sky now (${t.time})`,
        labelled: 10,
        sky: this.sky,
      }),
    );
    this.body.replaceChildren(
      ...items.slice(0, ROWS).map((i) =>
        h(
          'tr',
          { 'data-norad': i.noradId },
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                'data-norad': i.noradId,
                title: 'Follow it live',
              },
              i.name || String(i.noradId),
            ),
          ),
          h('td', {}, direction(i.azimuth)),
          h('td', {}, `${num(i.elevation, 1)}°`),
          h('td', {}, `${Math.round(i.rangeKm)} km`),
          h(
            'td',
            { class: i.visible ? 'vis' : i.sunlit ? '' : 'none' },
            i.visible ? 'visible' : i.sunlit ? 'sunlit' : 'shadow',
          ),
          h(
            'td',
            {},
            i.magnitude === null || !i.visible
              ? '—'
              : `${i.magnitudeSource === 'estimated' ? '≈' : ''}${num(i.magnitude, 1)}`,
          ),
        ),
      ),
    );
    this.markSelected();
    if (items.length > ROWS) {
      this.body.append(
        h(
          'tr',
          {},
          h('td', { colspan: 6, class: 'none' }, `and ${items.length - ROWS} more lower down`),
        ),
      );
    }
  }
}
