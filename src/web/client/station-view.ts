/**
 * The station view: a radio station's schedule (`GET /v1/stations/{name}/schedule`) as a
 * timeline per local day, the passes to work and those left out told apart (why on hover and in
 * the details); each pass opens its frequencies (transmitter, nominal and Doppler-shifted range),
 * its rotator plan and a sky chart.
 */
import {
  getJson,
  query,
  type RadioTrackResponse,
  type StationJson,
  type StationPassJson,
  type StationScheduleJson,
  type StationsResponse,
} from './api.js';
import type { AppContext, PageView } from './context.js';
import { apiLink, byId, h } from './dom.js';
import { direction, duration, local, num } from './format.js';
import { mhz } from './radio.js';
import { passChart } from './sky-chart.js';

type Rejected = StationScheduleJson['rejected'][number];
type AnyPass = { pass: StationPassJson; reason: Rejected['reason'] | null };

const DAY_MS = 86_400_000;

/** Offset of `zone` from UTC at `ms`, ms (positive east). */
function zoneOffsetMs(ms: number, zone: string): number {
  const p = local(ms, zone);
  const asUtc = Date.parse(`${p.date}T${p.time}Z`);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Local midnight (as epoch ms) of the local day holding `ms`. */
function dayStart(ms: number, zone: string): number {
  const p = local(ms, zone);
  const guess = Date.parse(`${p.date}T00:00:00Z`);
  return guess - zoneOffsetMs(guess, zone);
}

/** The track query of one pass at the station's site (observer name, or its own coordinates). */
function siteParams(station: StationJson): Record<string, string | number> {
  if (station.observer) return { observer: station.observer };
  return {
    lat: station.lat ?? 0,
    lon: station.lon ?? 0,
    alt: station.alt ?? 0,
    minElevation: station.minElevation ?? 0,
  };
}

export class StationView implements PageView {
  readonly id = 'station';
  private readonly select = byId<HTMLSelectElement>('station-name');
  private readonly days = byId<HTMLSelectElement>('station-days');
  private readonly status = byId('station-status');
  private readonly body = byId('station-body');
  private readonly links = byId('station-links');
  private stations: StationJson[] | null = null;
  private abort: AbortController | null = null;
  private trackAbort: AbortController | null = null;
  private active = false;

  constructor(private readonly ctx: AppContext) {
    this.select.addEventListener('change', () => void this.load());
    this.days.addEventListener('change', () => void this.load());
  }

  activate(on: boolean): void {
    const was = this.active;
    this.active = on;
    if (on && !was) void this.load();
  }

  /** Settings changed (time zone, start): redraw when shown. */
  refresh(): void {
    if (this.active) void this.load();
  }

  private station(): StationJson | null {
    return this.stations?.find((s) => s.name === this.select.value) ?? null;
  }

  private async load(): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    try {
      if (this.stations === null) {
        const list = await getJson<StationsResponse>('/v1/stations', abort.signal);
        this.stations = list.stations;
        this.select.replaceChildren(
          ...list.stations.map((s) => h('option', { value: s.name }, s.name)),
        );
      }
      const station = this.station();
      if (!station) {
        this.body.replaceChildren(
          h(
            'p',
            { class: 'empty' },
            'No radio stations yet: add one under "stations" in the configuration, or with PUT /v1/stations/{name} (see the README, "Radio").',
          ),
        );
        this.links.replaceChildren();
        return;
      }
      const zone = this.ctx.zone();
      const start = this.ctx.settings().start;
      const url = `/v1/stations/${encodeURIComponent(station.name)}/schedule${query({
        start: start || null,
        days: Number(this.days.value) || 2,
        tz: zone,
      })}`;
      this.body.setAttribute('aria-busy', 'true');
      this.status.textContent = 'Planning…';
      const schedule = await getJson<StationScheduleJson>(url, abort.signal);
      if (abort.signal.aborted) return;
      this.render(station, schedule, zone);
      this.links.replaceChildren(
        apiLink('Schedule (API)', url),
        apiLink(
          'Calendar of the passes to work (ICS)',
          url.replace('/schedule?', '/schedule.ics?'),
        ),
      );
    } catch (error) {
      if (abort.signal.aborted) return;
      this.body.replaceChildren(h('p', { class: 'empty' }, 'The schedule could not be loaded.'));
      this.status.textContent = '';
      this.ctx.showError(error);
    } finally {
      if (this.abort === abort) this.body.removeAttribute('aria-busy');
    }
  }

  private render(station: StationJson, s: StationScheduleJson, zone: string): void {
    const all: AnyPass[] = [
      ...s.scheduled.map((pass) => ({ pass, reason: null })),
      ...s.rejected.map(({ reason, ...pass }) => ({ pass, reason })),
    ];
    const at = (p: StationPassJson) => Date.parse((p.aos ?? p.tca).time);
    all.sort((a, b) => at(a.pass) - at(b.pass));
    this.status.textContent = `${s.scheduled.length} passes to work (total priority ${s.totalPriority}), ${s.rejected.length} left out`;

    const startMs = Date.parse(s.start);
    const endMs = Date.parse(s.end);
    const days: number[] = [];
    for (let d = dayStart(startMs, zone); d < endMs; d = dayStart(d + DAY_MS + 3_600_000, zone)) {
      days.push(d);
    }
    const parts: Node[] = [];
    if (s.problems.length > 0) {
      parts.push(
        h(
          'ul',
          { class: 'station-problems', role: 'alert' },
          ...s.problems.map((p) => h('li', {}, `NORAD ${p.noradId}: ${p.message}`)),
        ),
      );
    }
    parts.push(
      h(
        'ul',
        { class: 'legend', 'aria-label': 'Timeline legend' },
        h('li', {}, h('span', { class: 'key key-scheduled' }), 'to work (scheduled)'),
        h('li', {}, h('span', { class: 'key key-rejected' }), 'left out (hover or open for why)'),
      ),
    );
    for (const d of days) {
      const next = dayStart(d + DAY_MS + 3_600_000, zone);
      const passes = all.filter((x) => {
        const a = at(x.pass);
        const b = Date.parse((x.pass.los ?? x.pass.tca).time);
        return b > d && a < next;
      });
      parts.push(this.day(station, d, next, passes, zone));
    }
    this.body.replaceChildren(...parts);
  }

  /** One local day: an hour scale and two lanes (to work, left out). */
  private day(
    station: StationJson,
    from: number,
    to: number,
    passes: AnyPass[],
    zone: string,
  ): HTMLElement {
    const t = local(from, zone);
    const span = to - from;
    const pct = (ms: number) =>
      `${((Math.min(Math.max(ms - from, 0), span) / span) * 100).toFixed(3)}%`;
    const scale = h('div', { class: 'st-scale', 'aria-hidden': 'true' });
    for (let hour = 0; hour <= 24; hour += 3) {
      const mark = h('span', {}, `${String(hour).padStart(2, '0')}`);
      // CSSOM, not a style attribute: the page's Content-Security-Policy refuses inline styles.
      mark.style.left = `${(hour / 24) * 100}%`;
      scale.append(mark);
    }
    const detail = h('div', { class: 'st-detail', hidden: true });
    const lane = (worked: boolean) => {
      const box = h('div', {
        class: `st-lane ${worked ? 'st-lane-worked' : 'st-lane-rejected'}`,
        role: 'list',
        'aria-label': worked ? 'Passes to work' : 'Passes left out',
      });
      for (const x of passes) {
        if ((x.reason === null) !== worked) continue;
        const p = x.pass;
        const a = Date.parse((p.aos ?? p.tca).time);
        const b = Date.parse((p.los ?? p.tca).time);
        const when = `${local(a, zone).minute}–${local(b, zone).minute}`;
        const why = x.reason ? ` · left out: ${x.reason.message}` : ' · to work';
        const button = h(
          'button',
          {
            type: 'button',
            class: `st-pass ${worked ? 'scheduled' : 'rejected'}`,
            title: `${p.name || `NORAD ${p.noradId}`} ${when}, max ${num(p.maxElevation, 0)}°, priority ${p.priority}${why}`,
            'aria-expanded': 'false',
            'data-key': p.key,
            role: 'listitem',
          },
          h('span', { class: 'st-label' }, p.name || `#${p.noradId}`),
        );
        button.style.left = pct(a);
        button.style.width = `max(0.6%, calc(${pct(b)} - ${pct(a)}))`;
        button.addEventListener('click', () => {
          const open = button.getAttribute('aria-expanded') === 'true';
          for (const other of box.parentElement?.querySelectorAll('.st-pass') ?? []) {
            other.setAttribute('aria-expanded', 'false');
          }
          if (open) {
            detail.hidden = true;
            return;
          }
          button.setAttribute('aria-expanded', 'true');
          this.open(station, x, detail, zone);
        });
        box.append(button);
      }
      return box;
    };
    const worked = passes.filter((x) => x.reason === null).length;
    return h(
      'section',
      { class: 'st-day', 'data-date': t.date },
      h(
        'h3',
        {},
        `${t.weekday} ${t.date}`,
        h('small', {}, ` · ${worked} to work, ${passes.length - worked} left out`),
      ),
      h('div', { class: 'st-timeline' }, scale, lane(true), lane(false)),
      detail,
    );
  }

  /** The details of one pass: facts, frequencies, rotator plan, and its sky chart. */
  private open(station: StationJson, x: AnyPass, box: HTMLElement, zone: string): void {
    const p = x.pass;
    const tm = (iso: string) => local(iso, zone).time;
    const dl = h('dl', { class: 'facts' });
    const add = (k: string, ...v: (Node | string)[]) =>
      dl.append(h('dt', {}, k), h('dd', {}, ...v));
    const pt = (q: StationPassJson['aos']) =>
      q ? `${tm(q.time)} · ${direction(q.azimuth)} · ${num(q.elevation, 1)}°` : '–';
    add('Plan', x.reason ? `left out: ${x.reason.message}` : 'to work');
    add('Rise (AOS)', pt(p.aos));
    add('Highest (TCA)', pt(p.tca));
    add('Set (LOS)', pt(p.los));
    add('Duration', duration(p.durationSeconds));
    add('Priority', String(p.priority));
    const doppler = h('span', { class: 'doppler' }, p.transmitter ? ' · Doppler: loading…' : '');
    if (p.transmitter) {
      const tx = p.transmitter;
      add(
        'Transmitter',
        `${tx.description} (${tx.type}${tx.mode ? `, ${tx.mode}` : ''}${tx.type === 'transponder' ? (tx.invert ? ', inverting' : ', non-inverting') : ''})`,
      );
      add(
        'Frequencies',
        `down ${mhz(tx.nominalDownlinkHz)}${tx.nominalUplinkHz !== null ? ` · up ${mhz(tx.nominalUplinkHz)}` : ''} (nominal)`,
        doppler,
      );
    } else {
      add('Transmitter', 'none chosen for this satellite');
    }
    const r = p.rotator;
    if (r) {
      add(
        'Rotator',
        `${r.mode}${r.overTheTop ? ' (over the top)' : ''} · start az ${num(r.start.azimuth, 1)}° el ${num(r.start.elevation, 1)}° · leave park at ${tm(r.moveFromPark)} (${num(r.travelFromParkSeconds, 0)} s travel)`,
      );
      add(
        'Warnings',
        r.warnings.length
          ? h(
              'ul',
              { class: 'warnings' },
              ...r.warnings.map((w) => h('li', {}, `${tm(w.from)}–${tm(w.to)}: ${w.message}`)),
            )
          : 'none',
      );
    } else if (station.rotator === null) {
      add('Rotator', 'the station has none');
    } else {
      add('Rotator', 'not planned (the pass is filtered out)');
    }
    add(
      'Elements',
      p.elementsEpoch
        ? `epoch ${p.elementsEpoch.slice(0, 16).replace('T', ' ')} UTC, ${num(p.elementsAgeDays ?? 0, 1)} days old${p.stale ? ' (stale)' : ''}`
        : 'unknown',
    );
    const chartBox = h(
      'div',
      { class: 'chart-box' },
      h('p', { class: 'loading' }, 'Loading the sky chart…'),
    );
    const url = p.aos ? this.trackUrl(station, p, zone) : null;
    box.replaceChildren(
      h(
        'div',
        { class: 'detail' },
        chartBox,
        h(
          'div',
          {},
          h(
            'h4',
            {},
            `${p.name || `NORAD ${p.noradId}`} · ${local(p.tca.time, zone).weekday} ${local(p.tca.time, zone).date}`,
          ),
          dl,
          url ? h('p', { class: 'api-links' }, apiLink('Track (API)', url)) : null,
        ),
      ),
    );
    box.hidden = false;
    if (url) void this.loadChart(station, p, url, chartBox, doppler, zone);
    else
      chartBox.replaceChildren(h('p', { class: 'empty' }, 'In progress at the start: no chart.'));
  }

  private trackUrl(station: StationJson, p: StationPassJson, zone: string): string {
    return `/v1/satellites/${p.noradId}/track${query({
      ...siteParams(station),
      pass: p.aos!.time,
      step: Math.min(30, Math.max(1, Math.round(p.durationSeconds / 150))),
      transmitter: p.transmitter?.uuid ?? null,
      downlinkHz: p.transmitter?.type === 'transponder' ? p.transmitter.nominalDownlinkHz : null,
      station: p.rotator ? station.name : null,
      tz: zone,
    })}`;
  }

  private async loadChart(
    station: StationJson,
    p: StationPassJson,
    url: string,
    box: HTMLElement,
    doppler: HTMLElement,
    zone: string,
  ): Promise<void> {
    this.trackAbort?.abort();
    const abort = new AbortController();
    this.trackAbort = abort;
    try {
      const track = await getJson<RadioTrackResponse>(url, abort.signal);
      if (abort.signal.aborted) return;
      const named = this.ctx.observers().find((o) => o.name === station.observer);
      const mask = station.horizonMask ?? named?.horizonMask ?? null;
      box.replaceChildren(
        passChart({
          pass: { ...p, name: p.name || `NORAD ${p.noradId}`, visible: [] },
          track: track.points,
          mask,
          minElevation: named?.minElevation ?? station.minElevation ?? 0,
          zone,
        }),
      );
      const range = (key: 'downlinkHz' | 'uplinkHz') => {
        const v = track.points.map((q) => q[key]).filter((f): f is number => f !== undefined);
        return v.length ? [Math.min(...v), Math.max(...v)] : null;
      };
      const down = range('downlinkHz');
      const up = range('uplinkHz');
      const first = track.points[0];
      doppler.textContent = down
        ? ` · Doppler: tune down ${mhz(first?.downlinkHz)} at AOS, ${mhz(down[0])}–${mhz(down[1])} over the pass${up ? `; transmit ${mhz(up[0])}–${mhz(up[1])}` : ''}`
        : '';
    } catch (error) {
      if (abort.signal.aborted) return;
      box.replaceChildren(
        h('p', { class: 'empty', role: 'alert' }, 'The track could not be loaded.'),
      );
      doppler.textContent = '';
      this.ctx.showError(error);
    }
  }
}
