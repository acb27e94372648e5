/**
 * The pass table from `/v1/passes` for the settings; a pass opens its sky chart and facts
 * (pass-detail.ts) below its row.
 */
import { getJson, type Pass, type PassesResponse, query } from './api.js';
import type { AppContext, PageView } from './context.js';
import { apiLink, byId, h } from './dom.js';
import { direction, duration, local, num } from './format.js';
import { PassDetail } from './pass-detail.js';
import { passesQuery } from './state.js';

const COLUMNS = 8;

function brightest(p: Pass): number | null {
  const mags = p.visible.map((v) => v.brightestMagnitude).filter((m): m is number => m !== null);
  return mags.length ? Math.min(...mags) : null;
}

const passKey = (p: Pass) => `${p.noradId}@${p.aos?.time ?? p.tca.time}`;

export class PassesView implements PageView {
  readonly id = 'passes';
  private readonly body = byId<HTMLTableElement>('passes');
  private readonly summary = byId('summary');
  private readonly banner = byId('stale-banner');
  private readonly links = byId('passes-links');
  private openKey: string | null = null;
  private response: PassesResponse | null = null;
  private urls: { json: string; ics: string } | null = null;
  private readonly detail: PassDetail;
  private loadAbort: AbortController | null = null;
  /** The query of the request under way, if any. */
  private pendingUrl: string | null = null;
  private rendered = false;

  /** `onLoaded` runs after each answer is shown. */
  constructor(
    private readonly ctx: AppContext,
    private readonly onLoaded: (resp: PassesResponse) => void,
  ) {
    this.detail = new PassDetail(ctx);
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

  /** The passes load whatever view is shown (the other views use them). */
  activate(): void {}

  /** Settings changed: ask for the passes again (a request still under way is dropped). */
  refresh(): void {
    void this.load();
  }

  /** The passes shown, if any. */
  current(): PassesResponse | null {
    return this.response;
  }

  /** Draw the same answer again (the catalog's stale threshold arrived). */
  redraw(): void {
    if (this.response && this.urls) this.render(this.response, this.urls);
  }

  private async load(): Promise<void> {
    const st = this.ctx.settings();
    const q = st.observer ? passesQuery(st, this.ctx.zone()) : null;
    const json = q ? `/v1/passes${query(q)}` : '';
    // The same question already under way (a change event and the button both ask): wait for it.
    if (json && json === this.pendingUrl) return;
    this.loadAbort?.abort();
    this.pendingUrl = null;
    if (!st.observer) {
      this.prompt(
        this.ctx.observers().length
          ? 'Choose an observer: a named site, coordinates, or your location.'
          : 'Choose an observer: type coordinates or use your location.',
      );
      return;
    }
    if (st.mode === 'chosen' && st.ids.length === 0) {
      this.prompt('Add satellites to list their passes.');
      return;
    }
    const abort = new AbortController();
    this.loadAbort = abort;
    this.pendingUrl = json;
    const ics = `/v1/passes.ics${query(q ?? {})}`;
    this.loading('Predicting passes…');
    try {
      const resp = await getJson<PassesResponse>(json, abort.signal);
      if (abort.signal.aborted) return;
      if (!st.start) this.ctx.noteServerTime(Date.parse(resp.settings.start));
      this.render(resp, { json, ics });
      this.onLoaded(resp);
      if (!this.rendered) {
        this.rendered = true;
        performance.mark('passwatch:passes-rendered');
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      this.clear();
      this.ctx.showError(error);
    } finally {
      if (this.loadAbort === abort) this.pendingUrl = null;
    }
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
    this.response = null;
    this.body.removeAttribute('aria-busy');
    for (const old of this.body.querySelectorAll('tbody')) old.remove();
    this.links.replaceChildren();
    this.summary.textContent = 'No passes to show (see the message above).';
    this.banner.hidden = true;
  }

  render(resp: PassesResponse, urls: { json: string; ics: string }): void {
    this.response = resp;
    this.urls = urls;
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
    this.detail.cancel();
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
    const detail = h(
      'tr',
      { class: 'detail-row', id: `detail-${index}` },
      h('td', { colspan: COLUMNS }),
    );
    row.after(detail);
    detail.firstElementChild!.append(this.detail.open(pass, resp));
  }
}
