/**
 * The pass table and, per pass, a sky chart from the track API (`/track?pass=AOS`).
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
import { byId, h } from './dom.js';
import { direction, duration, local, num } from './format.js';
import { passChart } from './sky-chart.js';

const COLUMNS = 8;

/** Link to an API call (shown as its path, so the call behind the view can be copied). */
export function apiLink(label: string, url: string): HTMLElement {
  return h('span', {}, `${label}: `, h('a', { href: url, rel: 'nofollow' }, url));
}

function brightest(p: Pass): number | null {
  const mags = p.visible.map((v) => v.brightestMagnitude).filter((m): m is number => m !== null);
  return mags.length ? Math.min(...mags) : null;
}

const passKey = (p: Pass) => `${p.noradId}@${p.aos?.time ?? p.tca.time}`;

export class PassesView {
  private readonly body = byId<HTMLTableElement>('passes');
  private readonly summary = byId('summary');
  private readonly banner = byId('stale-banner');
  private readonly links = byId('passes-links');
  private openKey: string | null = null;
  private response: PassesResponse | null = null;
  private trackAbort: AbortController | null = null;

  constructor(private readonly ctx: AppContext) {
    this.body.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      if (target.closest('a, .detail-row')) return;
      const row = target.closest<HTMLTableRowElement>('tr.pass-row');
      if (row?.dataset.index) this.toggle(Number(row.dataset.index));
    });
    this.body.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || this.openKey === null) return;
      const row = this.body.querySelector<HTMLTableRowElement>('tr.pass-row.open');
      this.close();
      row?.querySelector<HTMLButtonElement>('.chart-btn')?.focus();
    });
  }

  loading(text: string): void {
    this.summary.textContent = text;
    this.banner.hidden = true;
    this.body.setAttribute('aria-busy', 'true');
  }

  prompt(text: string): void {
    this.summary.textContent = text;
    this.banner.hidden = true;
    for (const old of this.body.querySelectorAll('tbody')) old.remove();
    this.links.replaceChildren();
    this.response = null;
  }

  clear(): void {
    this.body.removeAttribute('aria-busy');
    for (const old of this.body.querySelectorAll('tbody')) old.remove();
    this.summary.textContent = 'No passes to show (see the message above).';
    this.banner.hidden = true;
  }

  render(resp: PassesResponse, urls: { json: string; ics: string }): void {
    this.response = resp;
    const zone = this.ctx.zone();
    const st = this.ctx.settings();
    const stale = this.ctx.catalog()?.staleAfterDays ?? 14;
    this.body.removeAttribute('aria-busy');

    const from = local(resp.settings.start, zone);
    const to = local(resp.settings.end, zone);
    const what =
      st.mode === 'visible'
        ? `visible passes brighter than magnitude ${num(st.maxMagnitude, 1)} (${st.group})`
        : st.mode === 'radio'
          ? `radio passes${resp.settings.minPeakElevation !== null ? ` peaking at ${num(resp.settings.minPeakElevation, 0)}° or more` : ''}, AOS/LOS at ${num(resp.settings.minElevation, 0)}° (${st.group})`
          : `passes above ${num(resp.settings.minElevation, 0)}°`;
    this.summary.replaceChildren(
      h('strong', {}, `${resp.passes.length} ${what}`),
      ` of ${resp.satellites} satellite${resp.satellites === 1 ? '' : 's'}, ` +
        `${from.date} ${from.minute} to ${to.date} ${to.minute} ${zone} (${from.offset}).`,
      resp.truncatedAt !== null ? ` Only the first ${resp.truncatedAt} are listed.` : '',
      resp.errors.length
        ? ` Could not predict ${resp.errors.map((e) => `${e.name} (${e.message})`).join(', ')}.`
        : '',
    );
    const staleCount = resp.passes.filter((p) => p.stale).length;
    this.banner.replaceChildren();
    this.banner.hidden = staleCount === 0;
    if (staleCount) {
      const shown = resp.warnings.slice(0, 3);
      this.banner.append(
        h(
          'strong',
          {},
          `⚠ ${staleCount === resp.passes.length ? 'All' : staleCount} of these passes use elements more than ${stale} days old (stale).`,
        ),
        ' ',
        ...shown.map((w) => h('p', {}, w)),
        resp.warnings.length > shown.length
          ? h(
              'p',
              {},
              `…and ${resp.warnings.length - shown.length} more satellites with stale elements.`,
            )
          : '',
      );
    }

    const groups: HTMLTableSectionElement[] = [];
    let day: HTMLTableSectionElement | null = null;
    let lastDate = '';
    for (const [i, p] of resp.passes.entries()) {
      const tca = local(p.tca.time, zone);
      const date = local(p.aos?.time ?? p.tca.time, zone);
      if (!day || date.date !== lastDate) {
        day = h(
          'tbody',
          { class: 'day' },
          h(
            'tr',
            { class: 'day-row' },
            h('th', { scope: 'rowgroup', colspan: COLUMNS }, `${date.weekday} ${date.date}`),
          ),
        );
        groups.push(day);
        lastDate = date.date;
      }
      const mag = brightest(p);
      const vis = p.visible;
      const point = (pt: Pass['aos'], what: string) =>
        pt
          ? [
              h('span', { class: 't' }, local(pt.time, zone).time),
              h('span', { class: 'd' }, direction(pt.azimuth)),
            ]
          : [h('span', { class: 't none' }, what)];
      const heightClass = p.maxElevation >= 45 ? 'high' : p.maxElevation < 15 ? 'low' : '';
      const staleBadge = p.stale
        ? h(
            'span',
            {
              class: 'badge warn',
              title:
                p.elementsWarning ??
                `The elements are ${num(p.elementsAgeDays, 1)} days older than this pass`,
            },
            `⚠ elements ${Math.round(p.elementsAgeDays)} d old`,
          )
        : null;
      const button = h(
        'button',
        {
          type: 'button',
          class: 'chart-btn',
          'aria-expanded': 'false',
          'aria-controls': `detail-${i}`,
          'aria-label': `Sky chart of ${p.name} at ${tca.time}`,
        },
        'Sky chart',
      );
      day.append(
        h(
          'tr',
          { class: 'pass-row', 'data-index': i, 'data-norad': p.noradId, 'data-key': passKey(p) },
          h(
            'td',
            { class: 'sat', 'data-label': 'Satellite' },
            h('span', { class: 'sat-name' }, p.name),
            h('span', { class: 'd' }, `#${p.noradId}`),
            staleBadge,
          ),
          h('td', { class: 'aos', 'data-label': 'Rise' }, ...point(p.aos, 'up at start')),
          h(
            'td',
            { class: 'tca-cell', 'data-label': 'Highest' },
            h('span', { class: 't' }, tca.time),
            h('span', { class: 'd' }, direction(p.tca.azimuth)),
          ),
          h(
            'td',
            { class: 'maxel-cell', 'data-label': 'Max el' },
            h('span', { class: `t maxel ${heightClass}` }, `${num(p.maxElevation, 0)}°`),
            h('span', { class: 'd', title: 'duration' }, duration(p.durationSeconds)),
          ),
          h('td', { class: 'los', 'data-label': 'Set' }, ...point(p.los, 'up at end')),
          h(
            'td',
            { class: 'visible', 'data-label': 'Visible' },
            vis.length
              ? h(
                  'span',
                  { class: 't vis' },
                  `${local(vis[0]!.start.time, zone).time}–${local(vis.at(-1)!.end.time, zone).time}`,
                )
              : h('span', { class: 'none' }, '—'),
            vis.length
              ? h(
                  'span',
                  { class: 'd' },
                  `${direction(vis[0]!.start.azimuth)} → ${direction(vis.at(-1)!.end.azimuth)}`,
                )
              : null,
          ),
          h(
            'td',
            { class: 'mag', 'data-label': 'Mag' },
            mag === null
              ? h('span', { class: 'none' }, '—')
              : p.magnitudeSource === 'estimated'
                ? h(
                    'span',
                    {
                      class: 't vis est',
                      title:
                        'Estimated: no measured standard magnitude for this object (radar size or a guess); can be a magnitude or more off',
                    },
                    `≈${num(mag, 1)}`,
                  )
                : h(
                    'span',
                    { class: 't vis', title: `standard magnitude: ${p.magnitudeSource}` },
                    num(mag, 1),
                  ),
          ),
          h('td', { class: 'action' }, button),
        ),
      );
    }
    if (groups.length === 0) {
      const hint =
        st.mode === 'visible'
          ? 'None tonight: try more days, a fainter magnitude limit, or another group.'
          : 'None in this window: try more days or a lower minimum elevation.';
      groups.push(h('tbody', {}, h('tr', {}, h('td', { class: 'empty', colspan: COLUMNS }, hint))));
    }
    for (const old of this.body.querySelectorAll('tbody')) old.remove();
    this.body.append(...groups);
    this.links.replaceChildren(apiLink('API', urls.json), apiLink('Calendar feed (ICS)', urls.ics));

    const keep = this.openKey;
    this.openKey = null;
    const again = keep === null ? -1 : resp.passes.findIndex((p) => passKey(p) === keep);
    if (again >= 0) this.toggle(again);
  }

  private close(): void {
    this.trackAbort?.abort();
    this.body.querySelector('tr.detail-row')?.remove();
    for (const row of this.body.querySelectorAll('tr.pass-row.open')) {
      row.classList.remove('open');
      row.querySelector('.chart-btn')?.setAttribute('aria-expanded', 'false');
    }
    this.openKey = null;
  }

  /** Draw the open chart again (after the chart orientation changed). */
  redrawChart(): void {
    const keep = this.openKey;
    if (keep === null || !this.response) return;
    const i = this.response.passes.findIndex((p) => passKey(p) === keep);
    this.close();
    if (i >= 0) this.toggle(i);
  }

  /** Open (or close) the sky chart of pass `index`. */
  toggle(index: number): void {
    const resp = this.response;
    const pass = resp?.passes[index];
    if (!resp || !pass) return;
    const key = passKey(pass);
    const wasOpen = this.openKey === key;
    this.close();
    if (wasOpen) return;
    const row = this.body.querySelector<HTMLTableRowElement>(`tr.pass-row[data-index="${index}"]`);
    if (!row) return;
    this.openKey = key;
    row.classList.add('open');
    row.querySelector('.chart-btn')?.setAttribute('aria-expanded', 'true');
    const chartBox = h(
      'div',
      { class: 'chart-box' },
      h('p', { class: 'loading' }, 'Loading the track…'),
    );
    const detail = h(
      'tr',
      { class: 'detail-row', id: `detail-${index}` },
      h('td', { colspan: COLUMNS }),
    );
    row.after(detail);
    detail.firstElementChild!.append(
      h('div', { class: 'detail' }, chartBox, this.facts(pass, resp)),
    );
    void this.loadChart(pass, resp, chartBox);
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
