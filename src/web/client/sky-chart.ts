/**
 * Polar sky charts (SVG): the horizon circle, elevation rings, N/E/S/W, an observer's horizon
 * mask, the bright stars, the Moon and the planets (from `/v1/sky`), and either one pass (its
 * track from AOS to LOS with minute ticks, the visible part drawn apart from the sunlit-in-daylight
 * and the eclipsed parts, arrows for the direction of motion) or what is above now.
 * Orientation as on a star chart held overhead: north at the top, east on the LEFT
 * (`chartView.eastLeft`); the page's "map view" option turns east to the right.
 */
import type { AboveItem, MaskPoint, Pass, SkyResponse, TrackPoint } from './api.js';
import { r2, s } from './dom.js';
import { direction, local } from './format.js';
import { maskElevation, polarRadius, polarXY } from './geo.js';

/** Horizon radius in chart units. */
export const SKY_RADIUS = 100;
const R = SKY_RADIUS;

/** How charts are drawn: east on the left (star-chart convention, the default) or on the right. */
export const chartView = { eastLeft: true };

/** Chart coordinates of (azimuth, elevation) in the current orientation. */
const P = (azimuthDeg: number, elevationDeg: number) =>
  polarXY(azimuthDeg, elevationDeg, R, chartView.eastLeft);

let serial = 0;

/** The empty chart: background, mask, rings, spokes and compass labels. */
export function skyGrid(options: {
  title: string;
  description: string;
  mask: MaskPoint[] | null;
  minElevation: number;
}): SVGSVGElement {
  const id = `sky${++serial}`;
  const svg = s('svg', {
    class: 'sky',
    viewBox: '-122 -122 244 244',
    role: 'img',
    'aria-labelledby': `${id}-t ${id}-d`,
    'data-radius': R,
    'data-east': chartView.eastLeft ? 'left' : 'right',
  }) as SVGSVGElement;
  svg.append(
    s('title', { id: `${id}-t` }, options.title),
    s('desc', { id: `${id}-d` }, options.description),
    s('circle', { class: 'sky-bg', r: R }),
  );
  if (options.mask?.length) {
    let outer = '';
    let inner = '';
    for (let az = 0; az <= 360; az += 2) {
      const [ox, oy] = P(az, 0);
      const [ix, iy] = P(az, Math.max(0, maskElevation(options.mask, az)));
      outer += `${az === 0 ? 'M' : 'L'}${r2(ox)},${r2(oy)}`;
      inner += `${az === 0 ? 'M' : 'L'}${r2(ix)},${r2(iy)}`;
    }
    svg.append(
      s(
        'path',
        { class: 'mask', d: `${outer}Z${inner}Z`, 'fill-rule': 'evenodd' },
        s('title', {}, 'Horizon mask (obstructions)'),
      ),
    );
  }
  const grid = s('g', { class: 'grid' });
  for (const el of [30, 60]) {
    grid.append(s('circle', { r: polarRadius(el, R), class: 'ring' }));
  }
  for (let az = 0; az < 360; az += 30) {
    const [x, y] = P(az, 0);
    grid.append(s('line', { x1: 0, y1: 0, x2: r2(x), y2: r2(y), class: 'spoke' }));
  }
  grid.append(s('circle', { r: R, class: 'horizon' }));
  if (options.minElevation > 0) {
    grid.append(s('circle', { r: r2(polarRadius(options.minElevation, R)), class: 'min-el' }));
  }
  svg.append(grid);
  const labels = s('g', { class: 'grid-label', 'aria-hidden': 'true' });
  for (const el of [30, 60]) {
    const [x, y] = P(chartView.eastLeft ? 315 : 45, el);
    labels.append(s('text', { x: r2(x + 2), y: r2(y - 2) }, `${el}°`));
  }
  for (const [label, az] of [
    ['N', 0],
    ['E', 90],
    ['S', 180],
    ['W', 270],
  ] as const) {
    const [x, y] = P(az, -10);
    labels.append(
      s('text', { x: r2(x), y: r2(y), class: 'cardinal', 'dominant-baseline': 'central' }, label),
    );
  }
  svg.append(labels);
  return svg;
}

type Light = 'visible' | 'sunlit' | 'eclipsed';

function lightOf(p: TrackPoint, visible: [number, number][]): Light {
  if (!p.sunlit) return 'eclipsed';
  const t = Date.parse(p.time);
  return visible.some(([a, b]) => t >= a - 500 && t <= b + 500) ? 'visible' : 'sunlit';
}

const LIGHT_TITLE: Record<Light, string> = {
  visible: 'Visible: satellite sunlit, sky dark',
  sunlit: 'Sunlit, but the sky is too bright',
  eclipsed: "In the Earth's shadow",
};

function arrow(x: number, y: number, dx: number, dy: number, cls: string): SVGElement {
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const size = 6;
  const tip = [x + ux * size * 0.6, y + uy * size * 0.6];
  const left = [x - ux * size * 0.6 - uy * size * 0.55, y - uy * size * 0.6 + ux * size * 0.55];
  const right = [x - ux * size * 0.6 + uy * size * 0.55, y - uy * size * 0.6 - ux * size * 0.55];
  return s('path', {
    class: `arrow ${cls}`,
    d: `M${r2(tip[0]!)},${r2(tip[1]!)}L${r2(left[0]!)},${r2(left[1]!)}L${r2(right[0]!)},${r2(right[1]!)}Z`,
  });
}

/** What a pass chart reads of a pass (a listed pass, or a station's scheduled one). */
export type ChartPass = Pick<Pass, 'name' | 'maxElevation'> & {
  aos: Pick<NonNullable<Pass['aos']>, 'time' | 'azimuth' | 'elevation'> | null;
  los: Pick<NonNullable<Pass['los']>, 'time' | 'azimuth' | 'elevation'> | null;
  tca: Pick<Pass['tca'], 'time' | 'azimuth' | 'elevation'>;
  visible: { start: { time: string }; end: { time: string } }[];
};

/** The sky chart of one pass from its track (`/track?pass=AOS`). */
export function passChart(input: {
  pass: ChartPass;
  track: TrackPoint[];
  mask: MaskPoint[] | null;
  minElevation: number;
  zone: string;
  /** The stars, Moon and planets at the pass's highest point (`/v1/sky?stars=`), if known. */
  sky?: SkyResponse | null;
}): SVGSVGElement {
  const { pass, track, zone } = input;
  const aos = pass.aos;
  const los = pass.los;
  const when = local(pass.tca.time, zone);
  const svg = skyGrid({
    title: `Sky chart: ${pass.name}, ${when.date}`,
    description:
      `From ${aos ? `${direction(aos.azimuth)} at ${local(aos.time, zone).time}` : 'in progress'}` +
      ` up to ${Math.round(pass.maxElevation)}° towards ${direction(pass.tca.azimuth)} at ${when.time}` +
      `, setting ${los ? `${direction(los.azimuth)} at ${local(los.time, zone).time}` : 'after the window'}.`,
    mask: input.mask,
    minElevation: input.minElevation,
  });
  if (input.sky) drawSky(svg, input.sky);
  if (track.length < 2) {
    labelSky(svg);
    return svg;
  }
  const xy = track.map((p) => P(p.azimuth, p.elevation));
  const visible = pass.visible.map(
    (v) => [Date.parse(v.start.time), Date.parse(v.end.time)] as [number, number],
  );

  svg.append(
    s('polyline', {
      class: 'trk-base',
      'data-role': 'track',
      points: xy.map(([x, y]) => `${r2(x)},${r2(y)}`).join(' '),
    }),
  );
  const lights = track.map((p) => lightOf(p, visible));
  let start = 0;
  for (let i = 1; i <= track.length; i++) {
    if (i === track.length || lights[i] !== lights[start]) {
      const end = Math.min(i, track.length - 1);
      const pts = xy.slice(start, end + 1);
      const light = lights[start]!;
      svg.append(
        s(
          'polyline',
          {
            class: `trk trk-${light}`,
            points: pts.map(([x, y]) => `${r2(x)},${r2(y)}`).join(' '),
          },
          s('title', {}, LIGHT_TITLE[light]),
        ),
      );
      start = i;
    }
  }

  // Minute ticks, labelled every few minutes.
  const t0 = Date.parse(track[0]!.time);
  const t1 = Date.parse(track.at(-1)!.time);
  const minutes = (t1 - t0) / 60_000;
  const every = [1, 2, 5, 10, 15, 30, 60, 120].find((k) => minutes / k <= 6) ?? 240;
  const ticks = s('g', { class: 'ticks' });
  const times = track.map((p) => Date.parse(p.time));
  let j = 0;
  for (let m = Math.ceil(t0 / 60_000) * 60_000; m <= t1; m += 60_000) {
    while (j < times.length - 2 && times[j + 1]! < m) j++;
    const a = xy[j]!;
    const b = xy[j + 1]!;
    const ta = times[j]!;
    const tb = times[j + 1]!;
    const f = tb > ta ? (m - ta) / (tb - ta) : 0;
    const x = a[0] + f * (b[0] - a[0]);
    const y = a[1] + f * (b[1] - a[1]);
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    let nx = -dy / len;
    let ny = dx / len;
    // Labels go on the side away from the zenith.
    if (nx * x + ny * y < 0) {
      nx = -nx;
      ny = -ny;
    }
    ticks.append(
      s('line', {
        class: 'tick',
        x1: r2(x - nx * 3),
        y1: r2(y - ny * 3),
        x2: r2(x + nx * 3),
        y2: r2(y + ny * 3),
      }),
    );
    const minuteOfDay = Math.round(m / 60_000);
    if (minuteOfDay % every === 0) {
      const anchor = nx > 0.3 ? 'start' : nx < -0.3 ? 'end' : 'middle';
      ticks.append(
        s(
          'text',
          {
            class: 'tick-label',
            x: r2(x + nx * 6),
            y: r2(y + ny * 6),
            'text-anchor': anchor,
            'dominant-baseline': 'central',
          },
          local(m, zone).minute,
        ),
      );
    }
  }
  svg.append(ticks);

  // Direction of motion: arrows half way and at the end; a ring marks the start.
  const mid = Math.floor(xy.length / 2);
  const m0 = xy[Math.max(0, mid - 1)]!;
  const m1 = xy[Math.min(xy.length - 1, mid + 1)]!;
  svg.append(
    arrow(xy[mid]![0], xy[mid]![1], m1[0] - m0[0], m1[1] - m0[1], lights[mid] ?? 'eclipsed'),
  );
  const e0 = xy.at(-2)!;
  const e1 = xy.at(-1)!;
  svg.append(arrow(e1[0], e1[1], e1[0] - e0[0], e1[1] - e0[1], lights.at(-1) ?? 'eclipsed'));
  const [sx, sy] = xy[0]!;
  svg.append(s('circle', { class: 'endpoint', cx: r2(sx), cy: r2(sy), r: 2.6 }));
  const [cx, cy] = P(pass.tca.azimuth, pass.tca.elevation);
  svg.append(
    s(
      'circle',
      { class: 'tca', cx: r2(cx), cy: r2(cy), r: 2.2 },
      s('title', {}, `Highest: ${Math.round(pass.maxElevation)}° at ${when.time}`),
    ),
  );
  labelSky(svg);
  return svg;
}

/** What is above now: one dot per object, labels for the visible and the highest ones. */
export function nowChart(input: {
  items: AboveItem[];
  mask: MaskPoint[] | null;
  title: string;
  labelled: number;
  /** The stars, Moon and planets now (`/v1/sky?stars=`), if known. */
  sky?: SkyResponse | null;
}): SVGSVGElement {
  const svg = skyGrid({
    title: input.title,
    description: `${input.items.length} objects above the horizon.`,
    mask: input.mask,
    minElevation: 0,
  });
  if (input.sky) drawSky(svg, input.sky);
  const dots = s('g', { class: 'dots' });
  const labels = s('g', { class: 'dot-labels', 'aria-hidden': 'true' });
  const labelledIds = new Set(
    [...input.items]
      .sort((a, b) => Number(b.visible) - Number(a.visible) || b.elevation - a.elevation)
      .slice(0, input.labelled)
      .map((i) => i.noradId),
  );
  for (const item of [...input.items].reverse()) {
    const [x, y] = P(item.azimuth, item.elevation);
    const light: Light = item.visible ? 'visible' : item.sunlit ? 'sunlit' : 'eclipsed';
    dots.append(
      s(
        'circle',
        {
          class: `dot dot-${light}`,
          cx: r2(x),
          cy: r2(y),
          r: item.visible ? 2.8 : 2,
          'data-norad': item.noradId,
        },
        s(
          'title',
          {},
          `${item.name}: ${direction(item.azimuth)}, ${Math.round(item.elevation)}° up`,
        ),
      ),
    );
    if (labelledIds.has(item.noradId)) {
      const name = item.name.length > 14 ? `${item.name.slice(0, 13)}…` : item.name;
      labels.append(s('text', { x: r2(x + 4), y: r2(y), 'dominant-baseline': 'central' }, name));
    }
  }
  svg.append(dots, labels);
  labelSky(svg);
  return svg;
}

/** Stars brighter than this get their name written on the chart. */
const STAR_LABEL_MAGNITUDE = 1.6;

/** Stars (dot size by magnitude), the planets and the Moon above the horizon. */
function drawSky(svg: SVGSVGElement, sky: SkyResponse): void {
  const g = s('g', { class: 'sky-objects' });
  for (const star of [...(sky.stars ?? [])].reverse()) {
    if (star.elevation < 0) continue;
    const [x, y] = P(star.azimuth, star.elevation);
    const name = star.name ?? star.designation ?? `HIP ${star.hip}`;
    g.append(
      s(
        'circle',
        {
          class: 'star',
          cx: r2(x),
          cy: r2(y),
          r: r2(Math.min(2.4, Math.max(0.45, 1.9 - 0.38 * star.magnitude))),
          'data-name': name,
          ...(star.name && star.magnitude <= STAR_LABEL_MAGNITUDE
            ? { 'data-label': star.name }
            : {}),
        },
        s('title', {}, `${name}, magnitude ${star.magnitude.toFixed(1)}`),
      ),
    );
  }
  for (const p of sky.planets) {
    if (p.elevation < 0) continue;
    const [x, y] = P(p.azimuth, p.elevation);
    const name = p.name[0]!.toUpperCase() + p.name.slice(1);
    g.append(
      s(
        'circle',
        { class: 'planet', cx: r2(x), cy: r2(y), r: 2, 'data-label': name },
        s('title', {}, `${name}, magnitude ${p.magnitude.toFixed(1)}`),
      ),
    );
  }
  if (sky.moon.elevation >= 0) {
    const [x, y] = P(sky.moon.azimuth, sky.moon.elevation);
    const lit = Math.round(sky.moon.illuminatedFraction * 100);
    g.append(
      s(
        'circle',
        {
          class: 'moon',
          cx: r2(x),
          cy: r2(y),
          r: 4.5,
          'fill-opacity': r2(0.25 + 0.75 * sky.moon.illuminatedFraction),
          'data-label': 'Moon',
        },
        s('title', {}, `Moon, ${sky.moon.phase}, ${lit}% lit`),
      ),
    );
  }
  svg.append(g);
}

/** Estimated box of a text element from its attributes (the chart is built off-screen). */
type Box = [number, number, number, number];
const FONT: [string, number][] = [
  ['cardinal', 10],
  ['tick-label', 7],
  ['sky-label', 6],
];

function textBox(el: Element): Box {
  const x = Number(el.getAttribute('x'));
  const y = Number(el.getAttribute('y'));
  const cls = el.getAttribute('class') ?? '';
  const parentCls = el.parentElement?.getAttribute('class') ?? '';
  const size =
    FONT.find(([c]) => cls.includes(c))?.[1] ??
    (parentCls.includes('grid-label') ? 6.5 : parentCls.includes('dot-labels') ? 6 : 8);
  const w = (el.textContent ?? '').length * size * 0.62;
  const anchor = el.getAttribute('text-anchor') ?? (cls.includes('cardinal') ? 'middle' : 'start');
  const x0 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
  const central = el.getAttribute('dominant-baseline') === 'central';
  const y0 = central ? y - size / 2 : y - size * 0.8;
  return [x0 - 0.5, y0 - 0.5, x0 + w + 0.5, y0 + size + 0.5];
}

const overlaps = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/**
 * Names for the Moon, the planets and the brightest stars, each put beside its dot where it
 * overlaps no other text of the chart (right, left, above, below); left out where none fits.
 */
function labelSky(svg: SVGSVGElement): void {
  const placed: Box[] = [...svg.querySelectorAll('text')].map(textBox);
  const g = s('g', { class: 'sky-labels', 'aria-hidden': 'true' });
  const marks = [...svg.querySelectorAll('.sky-objects [data-label]')].reverse();
  for (const mark of marks) {
    const label = mark.getAttribute('data-label')!;
    const cx = Number(mark.getAttribute('cx'));
    const cy = Number(mark.getAttribute('cy'));
    const r = Number(mark.getAttribute('r')) + 1.5;
    const w = label.length * 6 * 0.62;
    for (const [x, y, anchor] of [
      [cx + r, cy, 'start'],
      [cx - r, cy, 'end'],
      [cx, cy - r - 3, 'middle'],
      [cx, cy + r + 3, 'middle'],
    ] as const) {
      const text = s(
        'text',
        {
          class: 'sky-label',
          x: r2(x),
          y: r2(y),
          'text-anchor': anchor,
          'dominant-baseline': 'central',
        },
        label,
      );
      const box = textBox(text);
      const inside =
        Math.hypot(x + (anchor === 'end' ? -w : anchor === 'start' ? w : 0), y) < R + 18;
      if (!inside || placed.some((b) => overlaps(b, box))) continue;
      placed.push(box);
      g.append(text);
      break;
    }
  }
  svg.append(g);
}
