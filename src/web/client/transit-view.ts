/**
 * The transits view: the observer's upcoming Sun and Moon transits (`GET /v1/transits`) and, for
 * the chosen one, a map of the ground around the observer (km east and north of it, north up)
 * with the transit's centre line and the strip from which the satellite is seen on the disc, the
 * observer, the radius searched, and the way to the nearest point of the line (distance and
 * direction to travel).
 */
import { getJson, query, type TransitJson, type TransitsResponse } from './api.js';
import type { AppContext, ObserverInfo, PageView } from './context.js';
import { apiLink, byId, h, r2, s } from './dom.js';
import { local, num } from './format.js';
import { loadLand } from './map-view.js';

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON = 111.32;

/** Degrees to km east and north of the observer (local equirectangular: fine within ~300 km). */
function toKm(o: ObserverInfo, lat: number, lon: number): [east: number, north: number] {
  let dLon = lon - o.lon;
  if (dLon > 180) dLon -= 360;
  if (dLon < -180) dLon += 360;
  return [
    dLon * KM_PER_DEG_LON * Math.cos((o.lat * Math.PI) / 180),
    (lat - o.lat) * KM_PER_DEG_LAT,
  ];
}

const bodyName = (t: TransitJson) => (t.body === 'sun' ? 'Sun' : 'Moon');

/** "1.3 km SSE", "here" when the observer is inside the strip. */
export function travelText(t: TransitJson): string {
  const cl = t.centreLine;
  if (!cl) return '—';
  if (cl.distanceKm <= cl.halfWidthKm)
    return `here (${num(cl.distanceKm, 1)} km ${cl.compass} to the line)`;
  return `${num(cl.distanceKm, 1)} km ${cl.compass}`;
}

/** The map of one transit near the observer (SVG, km, north up, east right). */
export function transitMap(
  t: TransitJson,
  o: ObserverInfo,
  radiusKm: number,
  land: string | null,
): SVGSVGElement {
  const cl = t.centreLine;
  const reach = cl ? cl.distanceKm + cl.halfWidthKm : 0;
  const half = Math.max(10, radiusKm, reach) * 1.25;
  const svg = s('svg', {
    class: 'transit-map',
    viewBox: `${r2(-half)} ${r2(-half)} ${r2(2 * half)} ${r2(2 * half)}`,
    role: 'img',
    'aria-label': `Centre line of the ${t.name} ${bodyName(t)} transit near ${o.label}`,
    'data-half-km': r2(half),
    // Text in km, about 1/40 of the width.
    'font-size': r2(half / 20),
  }) as SVGSVGElement;
  const textStroke = r2(half / 150);
  const clip = `tclip-${t.noradId}-${Date.parse(t.time)}`;
  svg.append(
    s(
      'defs',
      {},
      s(
        'clipPath',
        { id: clip },
        s('rect', { x: -half, y: -half, width: 2 * half, height: 2 * half }),
      ),
    ),
    s('rect', { class: 'map-sea', x: -half, y: -half, width: 2 * half, height: 2 * half }),
  );
  const kx = KM_PER_DEG_LON * Math.cos((o.lat * Math.PI) / 180);
  const ky = KM_PER_DEG_LAT;
  if (land) {
    // The outline is in degrees (x = lon, y = -lat): moved into km around the observer.
    svg.append(
      s('path', {
        class: 'map-land',
        d: land,
        'fill-rule': 'evenodd',
        'clip-path': `url(#${clip})`,
        transform: `matrix(${kx} 0 0 ${ky} ${r2(-o.lon * kx)} ${r2(o.lat * ky)})`,
        'vector-effect': 'non-scaling-stroke',
      }),
    );
  }
  svg.append(s('circle', { class: 'transit-radius', cx: 0, cy: 0, r: radiusKm }));
  const g = s('g', { 'clip-path': `url(#${clip})` });
  svg.append(g);
  if (cl) {
    const pts = (cl.path.length > 1 ? cl.path : [{ lat: cl.lat, lon: cl.lon }]).map((p) => {
      const [x, y] = toKm(o, p.lat, p.lon);
      return `${r2(x)},${r2(-y)}`;
    });
    // The strip: the satellite is on the disc within halfWidthKm of the line.
    g.append(
      s('polyline', {
        class: 'transit-strip',
        points: pts.join(' '),
        'stroke-width': r2(2 * cl.halfWidthKm),
      }),
      s('polyline', { class: 'transit-line', points: pts.join(' ') }),
    );
    const [nx, ny] = toKm(o, cl.lat, cl.lon);
    g.append(
      s('line', { class: 'transit-way', x1: 0, y1: 0, x2: r2(nx), y2: r2(-ny) }),
      s('circle', { class: 'transit-nearest', cx: r2(nx), cy: r2(-ny), r: r2(half / 60) }),
    );
  }
  svg.append(
    s('circle', { class: 'transit-observer', cx: 0, cy: 0, r: r2(half / 50) }),
    s(
      'text',
      { class: 'transit-label', x: r2(half / 30), y: r2(-half / 30), 'stroke-width': textStroke },
      o.label,
    ),
    s(
      'text',
      {
        class: 'transit-north',
        x: r2(half * 0.88),
        y: r2(-half * 0.85),
        'text-anchor': 'middle',
        'stroke-width': textStroke,
      },
      'N ↑',
    ),
  );
  // Scale bar: a round number of km, about a fifth of the width.
  const bar = [1, 2, 5, 10, 20, 50, 100, 200].find((k) => k >= (2 * half) / 6) ?? 500;
  const y = half * 0.9;
  svg.append(
    s('line', {
      class: 'transit-scale',
      x1: r2(-half * 0.9),
      y1: r2(y),
      x2: r2(-half * 0.9 + bar),
      y2: r2(y),
    }),
    s(
      'text',
      {
        class: 'transit-scale-label',
        x: r2(-half * 0.9),
        y: r2(y - half * 0.03),
        'stroke-width': textStroke,
      },
      `${bar} km`,
    ),
  );
  return svg;
}

export class TransitView implements PageView {
  readonly id = 'transits';
  private readonly list = byId('transits-list');
  private readonly box = byId('transits-map');
  private readonly detail = byId('transits-detail');
  private readonly radius = byId<HTMLSelectElement>('transits-radius');
  private readonly days = byId<HTMLSelectElement>('transits-days');
  private readonly links = byId('transits-links');
  private abort: AbortController | null = null;
  private active = false;
  private loaded: string | null = null;
  private answer: TransitsResponse | null = null;
  private chosen = 0;

  constructor(private readonly ctx: AppContext) {
    this.radius.addEventListener('change', () => void this.load());
    this.days.addEventListener('change', () => void this.load());
  }

  activate(on: boolean): void {
    this.active = on;
    if (on) void this.load(false);
  }

  /** Settings changed (observer, zone): reload when shown. */
  refresh(): void {
    if (this.active) void this.load();
  }

  /** Transits from the server's now (its clock may differ from the browser's). */
  private async load(force = true): Promise<void> {
    const observer = this.ctx.observerParams();
    if (!observer) {
      this.list.replaceChildren(h('p', { class: 'empty' }, 'Choose an observer first.'));
      this.box.replaceChildren();
      this.detail.replaceChildren();
      return;
    }
    const radiusKm = Number(this.radius.value) || 50;
    const url = `/v1/transits${query({
      ...observer,
      radiusKm,
      days: Number(this.days.value) || 7,
      tz: this.ctx.zone(),
    })}`;
    const key = `${JSON.stringify(observer)}|${radiusKm}|${this.days.value}|${this.ctx.zone()}`;
    if (!force && this.loaded === key) return;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.list.setAttribute('aria-busy', 'true');
    try {
      const answer = await getJson<TransitsResponse>(url, abort.signal);
      if (abort.signal.aborted) return;
      this.loaded = key;
      this.answer = answer;
      this.links.replaceChildren(apiLink('API', url));
      this.chosen = Math.max(
        0,
        answer.transits.findIndex((t) => t.centreLine !== null),
      );
      this.renderList();
      await this.renderMap();
    } catch (error) {
      if (abort.signal.aborted) return;
      this.list.replaceChildren(h('p', { class: 'empty' }, 'The transits could not be loaded.'));
      this.ctx.showError(error);
    } finally {
      if (this.abort === abort) this.list.removeAttribute('aria-busy');
    }
  }

  private renderList(): void {
    const answer = this.answer!;
    const zone = this.ctx.zone();
    if (answer.transits.length === 0) {
      this.list.replaceChildren(
        h(
          'p',
          { class: 'empty' },
          `No transit of the Sun or the Moon within ${answer.radiusKm} km in these days.`,
        ),
        ...answer.warnings.map((w) => h('p', { class: 'warning' }, w)),
      );
      this.box.replaceChildren();
      this.detail.replaceChildren();
      return;
    }
    const rows = answer.transits.map((t, i) => {
      const when = local(t.time, zone);
      const button = h(
        'button',
        { type: 'button', class: 'transit-pick', 'aria-pressed': String(i === this.chosen) },
        'Map',
      );
      button.addEventListener('click', () => {
        this.chosen = i;
        for (const [j, b] of [...this.list.querySelectorAll('.transit-pick')].entries()) {
          b.setAttribute('aria-pressed', String(j === i));
        }
        void this.renderMap();
      });
      return h(
        'tr',
        { class: 'transit-row' },
        h('td', {}, `${when.weekday} ${when.date}`),
        h('td', {}, `${when.time}.${t.time.slice(20, 21)}`),
        h('td', {}, t.name),
        h('td', {}, bodyName(t)),
        h('td', {}, t.kind === 'transit' ? 'transit' : 'near miss'),
        h('td', {}, t.durationSeconds > 0 ? `${num(t.durationSeconds, 1)} s` : '—'),
        h('td', { class: 'transit-travel' }, travelText(t)),
        h('td', {}, button),
      );
    });
    this.list.replaceChildren(
      h(
        'table',
        { class: 'transits' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...[
              'Date',
              'Time',
              'Satellite',
              'Body',
              'Kind',
              'On the disc',
              'Go to the centre line',
              '',
            ].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
      ...answer.warnings.map((w) => h('p', { class: 'warning' }, w)),
    );
  }

  private async renderMap(): Promise<void> {
    const t = this.answer?.transits[this.chosen];
    const o = this.ctx.observerInfo();
    if (!t || !o) return;
    const land = await loadLand();
    this.box.replaceChildren(transitMap(t, o, this.answer!.radiusKm, land));
    const cl = t.centreLine;
    const when = local(t.time, this.ctx.zone());
    this.detail.replaceChildren(
      h(
        'p',
        {},
        `${t.name} crosses the ${bodyName(t)} (${num(t.bodyElevation, 0)}° up) on ${when.weekday} ${when.date} at ${when.time}`,
        t.fromObserver
          ? `, seen on the disc from ${o.label} for ${num(t.durationSeconds, 1)} s.`
          : `; from ${o.label} it passes ${num(t.minSeparation - t.bodyRadius, 3)}° from the edge.`,
      ),
      cl
        ? h(
            'p',
            { class: 'transit-go' },
            `Centre line: ${travelText(t)} (bearing ${num(cl.bearing, 0)}°), at ${num(Math.abs(cl.lat), 4)}°${cl.lat >= 0 ? 'N' : 'S'} ${num(Math.abs(cl.lon), 4)}°${cl.lon >= 0 ? 'E' : 'W'}; the satellite is on the disc within ${num(cl.halfWidthKm, 1)} km of the line.`,
          )
        : h('p', {}, 'Its centre line does not reach the ground near you.'),
    );
  }
}
