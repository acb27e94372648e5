/**
 * The world map of one satellite (SVG, equirectangular, x = longitude, y = -latitude): the land
 * outline (Natural Earth 110m, bundled), the ground track of the next orbits (sunlit/eclipsed),
 * the footprint and position at a chosen time, the observer, and the day/night terminator with
 * the astronomical-darkness line at that time.
 */
import type { TrackPoint } from './api.js';
import { r2, s } from './dom.js';
import { local } from './format.js';
import {
  capPolygon,
  footprintRadiusDeg,
  nightCap,
  splitAtAntimeridian,
  wrappedPath,
} from './geo.js';

export interface WorldMap {
  svg: SVGSVGElement;
  /** Move the footprint, the satellite and the terminator to track point `index`. */
  setIndex(index: number): void;
}

let serial = 0;

function graticule(): string {
  let d = '';
  for (let lon = -150; lon <= 150; lon += 30) d += `M${lon},-90V90`;
  for (let lat = -60; lat <= 60; lat += 30) d += `M-180,${-lat}H180`;
  return d;
}

export function worldMap(input: {
  land: string | null;
  name: string;
  track: TrackPoint[];
  observer: { lat: number; lon: number; label: string } | null;
  zone: string;
  index: number;
}): WorldMap {
  const id = `map${++serial}`;
  const svg = s('svg', {
    class: 'map',
    viewBox: '-180 -90 360 180',
    role: 'img',
    'aria-labelledby': `${id}-t ${id}-d`,
  }) as SVGSVGElement;
  const title = s('title', { id: `${id}-t` }, `Ground track of ${input.name}`);
  const desc = s('desc', { id: `${id}-d` });
  const clip = `${id}-clip`;
  svg.append(
    title,
    desc,
    s(
      'defs',
      {},
      s('clipPath', { id: clip }, s('rect', { x: -180, y: -90, width: 360, height: 180 })),
    ),
    s('rect', { class: 'map-sea', x: -180, y: -90, width: 360, height: 180 }),
  );
  if (input.land) {
    svg.append(s('path', { class: 'map-land', d: input.land, 'fill-rule': 'evenodd' }));
  }
  svg.append(s('path', { class: 'map-grid', d: graticule() }));
  const night = s('path', { class: 'map-night', 'clip-path': `url(#${clip})` });
  const dark = s('path', { class: 'map-dark', 'clip-path': `url(#${clip})` });
  svg.append(night, dark);

  const track = s('g', { class: 'map-track' });
  for (const piece of splitAtAntimeridian(input.track)) {
    let start = 0;
    for (let i = 1; i <= piece.length; i++) {
      if (i === piece.length || piece[i]!.sunlit !== piece[start]!.sunlit) {
        const pts = piece.slice(start, Math.min(i, piece.length - 1) + 1);
        track.append(
          s('polyline', {
            class: `trk ${piece[start]!.sunlit ? 'trk-sunlit' : 'trk-eclipsed'}`,
            points: pts.map((p) => `${r2(p.longitude)},${r2(-p.latitude)}`).join(' '),
          }),
        );
        start = i;
      }
    }
  }
  svg.append(track);

  const footprint = s('path', { class: 'map-footprint', 'clip-path': `url(#${clip})` });
  svg.append(footprint);

  if (input.observer) {
    const { lat, lon, label } = input.observer;
    svg.append(
      s(
        'g',
        { class: 'map-observer', transform: `translate(${r2(lon)},${r2(-lat)})` },
        s('circle', { r: 2.2 }),
        s('path', { d: 'M-4.5,0H-2.2M2.2,0H4.5M0,-4.5V-2.2M0,2.2V4.5' }),
        s('text', { x: 4, y: 7 }, label),
      ),
    );
  }
  const satellite = s('g', { class: 'map-sat' });
  const satDot = s('circle', { r: 2.4 });
  const satLabel = s('text', { y: -4, 'text-anchor': 'middle' });
  satellite.append(satDot, satLabel);
  svg.append(satellite);

  const setIndex = (index: number) => {
    const p = input.track[Math.max(0, Math.min(input.track.length - 1, index))];
    if (!p) return;
    const t = Date.parse(p.time);
    night.setAttribute('d', wrappedPath(nightCap(t, -0.833)));
    dark.setAttribute('d', wrappedPath(nightCap(t, -18)));
    footprint.setAttribute(
      'd',
      wrappedPath(capPolygon(p.latitude, p.longitude, footprintRadiusDeg(p.altitudeKm), 120)),
    );
    satellite.setAttribute('transform', `translate(${r2(p.longitude)},${r2(-p.latitude)})`);
    satellite.setAttribute('class', `map-sat ${p.sunlit ? 'sunlit' : 'eclipsed'}`);
    satLabel.textContent = local(t, input.zone).minute;
    desc.textContent =
      `At ${local(t, input.zone).date} ${local(t, input.zone).time}: over ` +
      `${Math.abs(p.latitude).toFixed(1)}°${p.latitude >= 0 ? 'N' : 'S'} ` +
      `${Math.abs(p.longitude).toFixed(1)}°${p.longitude >= 0 ? 'E' : 'W'}, ` +
      `${Math.round(p.altitudeKm)} km up, ${p.sunlit ? 'sunlit' : 'in shadow'}.`;
  };
  setIndex(input.index);
  return { svg, setIndex };
}
