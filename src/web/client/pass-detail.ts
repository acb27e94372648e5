/**
 * One pass opened in the pass table: its sky chart from the track API (`/track?pass=AOS`), with
 * the stars, Moon and planets of `/v1/sky` at the highest point, beside the pass's facts and links.
 */
import {
  ApiError,
  getJson,
  type Pass,
  type PassesResponse,
  query,
  type SkyResponse,
  type TrackResponse,
} from './api.js';
import type { AppContext } from './context.js';
import { apiLink, h } from './dom.js';
import { direction, duration, local, num } from './format.js';
import { passChart } from './sky-chart.js';

export class PassDetail {
  private trackAbort: AbortController | null = null;

  constructor(private readonly ctx: AppContext) {}

  /** The detail of `pass`: its chart (loaded now) beside its facts. */
  open(pass: Pass, resp: PassesResponse): HTMLElement {
    const chartBox = h(
      'div',
      { class: 'chart-box' },
      h('p', { class: 'loading' }, 'Loading the track…'),
    );
    void this.loadChart(pass, resp, chartBox);
    return h('div', { class: 'detail' }, chartBox, this.facts(pass, resp));
  }

  /** The detail is closed: drop its requests. */
  cancel(): void {
    this.trackAbort?.abort();
  }

  private trackUrl(pass: Pass, resp: PassesResponse): string {
    const params: Record<string, string | number | null> = {
      ...(this.ctx.observerParams() ?? {}),
      minElevation: resp.settings.minElevation,
      tz: this.ctx.zone(),
    };
    const span = pass.durationSeconds;
    if (pass.aos) {
      params.pass = pass.aos.time;
      params.step = Math.min(60, Math.max(1, Math.round(span / 150)));
    } else {
      params.start = resp.settings.start;
      params.end = pass.los?.time ?? resp.settings.end;
      const seconds = (Date.parse(params.end) - Date.parse(params.start)) / 1000;
      params.step = Math.min(3600, Math.max(1, Math.round(seconds / 300)));
    }
    return `/v1/satellites/${pass.noradId}/track${query(params)}`;
  }

  /** `/v1/sky` at the pass's highest point, with the stars to magnitude 4.5. */
  private skyUrl(pass: Pass): string {
    const params = { ...(this.ctx.observerParams() ?? {}), time: pass.tca.time, stars: 4.5 };
    return `/v1/sky${query(params)}`;
  }

  private facts(pass: Pass, resp: PassesResponse): HTMLElement {
    const zone = this.ctx.zone();
    const t = (iso: string) => local(iso, zone).time;
    const dl = h('dl', { class: 'facts' });
    const add = (k: string, v: string) => dl.append(h('dt', {}, k), h('dd', {}, v));
    const pt = (p: NonNullable<Pass['aos']>) =>
      `${t(p.time)} · ${direction(p.azimuth)} · ${num(p.elevation, 1)}° up · ${Math.round(p.rangeKm)} km`;
    add('Rise (AOS)', pass.aos ? pt(pass.aos) : 'in progress at the start');
    add('Highest (TCA)', pt(pass.tca));
    add('Set (LOS)', pass.los ? pt(pass.los) : 'after the window');
    add('Duration', duration(pass.durationSeconds));
    for (const v of pass.visible) {
      add(
        'Visible',
        `${t(v.start.time)}–${t(v.end.time)}` +
          (v.brightest
            ? ` · brightest mag ${pass.magnitudeSource === 'estimated' ? '≈' : ''}${num(v.brightest.magnitude, 1)} at ${t(v.brightest.time)}, ${num(v.brightest.elevation, 0)}° up ${direction(v.brightest.azimuth)}`
            : '') +
          (v.nearStars.text ? ` · ${v.nearStars.text}` : '') +
          (v.moon?.brightNearTrack
            ? ` · bright Moon (${Math.round(v.moon.illuminatedFraction * 100)}% lit) ${Math.round(v.moon.minSeparation)}° from the track`
            : ''),
      );
    }
    if (pass.visible.length === 0) add('Visible', 'no (in shadow, or the sky is too bright)');
    add(
      'Elements',
      `epoch ${pass.elementsEpoch.slice(0, 16).replace('T', ' ')} UTC, ${num(pass.elementsAgeDays, 1)} days before this pass`,
    );
    if (pass.revolution !== null) add('Revolution', String(pass.revolution));

    const observer = this.ctx.observerParams() ?? {};
    const ics = `/v1/satellites/${pass.noradId}/passes.ics${query({ ...observer, minElevation: resp.settings.minElevation, minPeakElevation: resp.settings.minPeakElevation, days: this.ctx.settings().days, tz: zone })}`;
    const mapButton = h(
      'button',
      { type: 'button', class: 'secondary' },
      `World map of ${pass.name}`,
    );
    mapButton.addEventListener('click', () =>
      this.ctx.openMap(pass.noradId, Date.parse(pass.tca.time)),
    );
    const legend = h(
      'ul',
      { class: 'legend', 'aria-label': 'Chart legend' },
      h('li', {}, h('span', { class: 'key key-visible' }), 'visible'),
      h('li', {}, h('span', { class: 'key key-sunlit' }), 'sunlit, sky too bright'),
      h('li', {}, h('span', { class: 'key key-eclipsed' }), 'in shadow'),
      resp.observer.horizonMask
        ? h('li', {}, h('span', { class: 'key key-mask' }), 'horizon mask')
        : null,
      h('li', {}, '○ rise, ▲ direction, ticks each minute'),
    );
    return h(
      'div',
      {},
      h(
        'h3',
        {},
        `${pass.name} · ${local(pass.tca.time, zone).weekday} ${local(pass.tca.time, zone).date}`,
      ),
      dl,
      legend,
      h('p', {}, mapButton),
      h(
        'p',
        { class: 'api-links' },
        apiLink('Track (API)', this.trackUrl(pass, resp)),
        apiLink('Calendar feed of this satellite (ICS)', ics),
      ),
    );
  }

  private async loadChart(pass: Pass, resp: PassesResponse, box: HTMLElement): Promise<void> {
    this.trackAbort?.abort();
    const abort = new AbortController();
    this.trackAbort = abort;
    try {
      // The stars, Moon and planets at the highest point; the chart is drawn without them if
      // that call fails.
      const [track, sky] = await Promise.all([
        getJson<TrackResponse>(this.trackUrl(pass, resp), abort.signal),
        getJson<SkyResponse>(this.skyUrl(pass), abort.signal).catch((error: unknown) => {
          if (abort.signal.aborted) throw error;
          return null;
        }),
      ]);
      const chart = passChart({
        pass,
        track: track.points,
        mask: resp.observer.horizonMask,
        minElevation: resp.settings.minElevation,
        zone: this.ctx.zone(),
        sky,
      });
      box.replaceChildren(chart);
    } catch (error) {
      if (abort.signal.aborted) return;
      box.replaceChildren(
        h(
          'p',
          { class: 'loading', role: 'alert' },
          error instanceof ApiError
            ? `The track could not be loaded: ${error.message}`
            : 'The track could not be loaded.',
        ),
      );
      this.ctx.showError(error);
    }
  }
}
