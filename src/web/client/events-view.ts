/**
 * The events view: the catalog watch's events (`GET /v1/events`: new objects and launches,
 * decays, manoeuvres, close approaches) newest first, filtered by type, a page at a time. Each
 * satellite named links to its passes (this page, chosen-satellites mode) and its map.
 */
import {
  ApiError,
  type EventsResponse,
  getJson,
  type LaunchVisibility,
  query,
  type WatchEventJson,
} from './api.js';
import type { AppContext, PageView } from './context.js';
import { apiLink, byId, type Child, h } from './dom.js';
import { local, num } from './format.js';
import { toParams } from './state.js';

const PAGE = 50;

export const EVENT_LABELS: Record<WatchEventJson['type'], string> = {
  'catalog.new': 'New object',
  'catalog.launch': 'Launch',
  'catalog.decay': 'Decay',
  'catalog.manoeuvre': 'Manoeuvre',
  'conjunction.upcoming': 'Close approach',
};

// `details` are open (see `WatchEventJson`): each field is checked before use.
type Details = WatchEventJson['details'];
const str = (d: Details, k: string): string | null => (typeof d[k] === 'string' ? d[k] : null);
const nbr = (d: Details, k: string): number | null => (typeof d[k] === 'number' ? d[k] : null);

export class EventsView implements PageView {
  readonly id = 'events';
  private readonly type = byId<HTMLSelectElement>('events-type');
  private readonly status = byId('events-status');
  private readonly list = byId<HTMLOListElement>('events-list');
  private readonly more = byId<HTMLButtonElement>('events-more');
  private readonly links = byId('events-links');
  private abort: AbortController | null = null;
  private cursor: string | null = null;
  private active = false;

  constructor(private readonly ctx: AppContext) {
    this.type.addEventListener('change', () => void this.load(false));
    this.more.addEventListener('click', () => void this.load(true));
  }

  activate(on: boolean): void {
    const was = this.active;
    this.active = on;
    if (on && !was) void this.load(false);
  }

  /** Settings changed (time zone, observer): redraw when shown. */
  refresh(): void {
    if (this.active) void this.load(false);
  }

  /** The first page (or, with `next`, the page after the last one shown). */
  private async load(next: boolean): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const url = `/v1/events${query({
      type: this.type.value,
      limit: PAGE,
      cursor: next ? this.cursor : null,
    })}`;
    this.status.textContent = 'Loading…';
    this.more.hidden = true;
    let page: EventsResponse;
    try {
      page = await getJson<EventsResponse>(url, abort.signal);
    } catch (error) {
      if (abort.signal.aborted) return;
      if (error instanceof ApiError && error.status === 404) {
        this.list.replaceChildren();
        this.status.textContent = 'The catalog watch is off on this server (watch.enabled).';
        return;
      }
      this.status.textContent = '';
      this.ctx.showError(error);
      return;
    }
    if (abort.signal.aborted) return;
    if (!next) this.list.replaceChildren();
    this.list.append(...page.items.map((e) => this.item(e)));
    this.cursor = page.nextCursor;
    this.more.hidden = page.nextCursor === null;
    const shown = this.list.children.length;
    this.status.textContent =
      shown === 0
        ? 'No events yet: they appear after catalog refreshes.'
        : `${shown} event${shown === 1 ? '' : 's'}, newest first${page.nextCursor ? '' : ' (all)'}`;
    this.links.replaceChildren(apiLink('API', url));
  }

  private when(iso: string): string {
    const p = local(iso, this.ctx.zone());
    return `${p.date} ${p.minute} ${p.offset}`;
  }

  /** A satellite's name linking to its passes on this page, with a button to its map. */
  private satellite(noradId: number, name: string | null, inCatalog = true): HTMLElement {
    const label = `${name || 'NORAD'} (${noradId})`;
    if (!inCatalog) return h('span', { class: 'event-sat' }, label);
    const params = toParams({ ...this.ctx.settings(), mode: 'chosen', ids: [noradId], start: '' });
    const map = h(
      'button',
      { type: 'button', class: 'link', 'aria-label': `${label} on the map` },
      'map',
    );
    map.addEventListener('click', () => this.ctx.openMap(noradId, null));
    return h(
      'span',
      { class: 'event-sat' },
      h('a', { href: `?${params}`, title: 'Its passes' }, label),
      ' ',
      map,
    );
  }

  private item(e: WatchEventJson): HTMLElement {
    const d = e.details;
    const children: Child[] = [];
    switch (e.type) {
      case 'catalog.new': {
        const group = str(d, 'group');
        children.push(
          this.satellite(e.noradId!, e.name),
          group ? ` joined the group ${group}` : ' is new in the catalog',
          h(
            'span',
            { class: 'event-extra' },
            ` ${str(d, 'intlDesignator') ?? ''} · ${num(nbr(d, 'perigeeKm') ?? 0)}–${num(nbr(d, 'apogeeKm') ?? 0)} km · ${num(nbr(d, 'inclinationDeg') ?? 0, 1)}°`,
          ),
        );
        break;
      }
      case 'catalog.launch': {
        const members = Array.isArray(d.members) ? (d.members as number[]) : [];
        children.push(
          `Launch ${e.launch ?? ''}: ${members.length} object${members.length === 1 ? '' : 's'}, first `,
          e.name ?? '',
        );
        const v = d.visibility as LaunchVisibility | undefined;
        if (v) children.push(this.launchVisibility(v));
        break;
      }
      case 'catalog.decay': {
        const reason = str(d, 'reason');
        const reentry = d.reentry as { earliest: string; latest: string } | null;
        children.push(
          this.satellite(e.noradId!, e.name, reason !== 'left-catalog'),
          reason === 'left-catalog'
            ? ' left the catalog (low perigee)'
            : reason === 'sgp4-decay'
              ? ' decays in SGP4 within days'
              : ` has its perigee at ${num(nbr(d, 'perigeeKm') ?? 0)} km`,
          reentry
            ? h(
                'span',
                { class: 'event-extra' },
                ` · re-entry between ${this.when(reentry.earliest)} and ${this.when(reentry.latest)}`,
              )
            : null,
        );
        break;
      }
      case 'catalog.manoeuvre':
        children.push(
          this.satellite(e.noradId!, e.name),
          ` manoeuvred: Δv ≈ ${num(nbr(d, 'deltaVMPerS') ?? 0, 1)} m/s, Δa ${num(nbr(d, 'deltaSemiMajorAxisKm') ?? 0, 1)} km`,
          e.window
            ? h(
                'span',
                { class: 'event-extra' },
                ` · between ${this.when(e.window.start)} and ${this.when(e.window.end)}`,
              )
            : null,
        );
        break;
      case 'conjunction.upcoming': {
        const stale = d.stale === true || d.otherStale === true;
        children.push(
          this.satellite(e.noradId!, e.name),
          ' and ',
          this.satellite(nbr(d, 'otherNoradId') ?? 0, str(d, 'otherName')),
          ` ${num(nbr(d, 'missKm') ?? 0, 2)} km apart at ${this.when(e.time)}, ${num(nbr(d, 'relativeSpeedKmS') ?? 0, 2)} km/s`,
          stale ? h('span', { class: 'stale' }, ' (stale elements)') : null,
        );
        break;
      }
    }
    return h(
      'li',
      { class: `event event-${e.type.replace('.', '-')}`, 'data-type': e.type },
      h('span', { class: 'event-type' }, EVENT_LABELS[e.type] ?? e.type),
      h('time', { datetime: e.detected, class: 'event-time' }, this.when(e.detected)),
      h('div', { class: 'event-body' }, ...children),
    );
  }

  /** "First visible from": one line per named observer. */
  private launchVisibility(v: LaunchVisibility): HTMLElement {
    const rows = Object.entries(v.firstVisible).map(([observer, first]) =>
      h(
        'li',
        { 'data-observer': observer },
        `${observer}: `,
        first
          ? h(
              'span',
              {},
              this.satellite(first.noradId, first.name),
              ` from ${this.when(first.start)}, ${first.brightestMagnitude === null ? '' : `mag ${num(first.brightestMagnitude, 1)}, `}up to ${num(first.maxElevationDeg)}°`,
              first.stale ? h('span', { class: 'stale' }, ' (stale elements)') : null,
            )
          : v.objects.every((o) => o.stdMagnitude === null)
            ? 'unknown brightness (no standard magnitude yet), so not called visible'
            : `not visible in the next ${v.days} days`,
      ),
    );
    return h(
      'div',
      { class: 'event-visibility' },
      `First visible (magnitude ≤ ${v.maxMagnitude}, dark sky):`,
      rows.length ? h('ul', {}, ...rows) : ' no named observers are configured.',
    );
  }
}
