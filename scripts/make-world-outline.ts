/**
 * Build the web page's world outline (assets/web/land-110m.json) from Natural Earth's 1:110m land
 * polygons as packaged by the `world-atlas` npm package (TopoJSON). Run by hand, once:
 * `node --import tsx scripts/make-world-outline.ts` (needs the devDependency world-atlas).
 *
 * Output: one SVG path in the map's equirectangular frame (x = longitude, y = -latitude, degrees),
 * coordinates rounded to 0.1 degree, relative moves after each ring's first point, rings closed
 * with `z`; filled with the even-odd rule (lakes such as the Caspian are holes).
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Topology {
  type: 'Topology';
  transform: { scale: [number, number]; translate: [number, number] };
  arcs: [number, number][][];
  objects: { land: { type: 'GeometryCollection'; geometries: Geometry[] } };
}
type Geometry =
  | { type: 'Polygon'; arcs: number[][] }
  | { type: 'MultiPolygon'; arcs: number[][][] };

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = require('world-atlas/package.json') as { version: string };
const topo = require('world-atlas/land-110m.json') as Topology;

/** Absolute positions of every arc, in tenths of a degree (x = lon, y = -lat). */
const { scale, translate } = topo.transform;
const arcs = topo.arcs.map((arc) => {
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    const lon = x * scale[0] + translate[0];
    const lat = y * scale[1] + translate[1];
    return [Math.round(lon * 10), Math.round(-lat * 10)] as [number, number];
  });
});

function ring(indexes: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const i of indexes) {
    const arc = i >= 0 ? arcs[i]! : [...arcs[~i]!].reverse();
    for (const [k, p] of arc.entries()) {
      if (k === 0 && out.length > 0) continue;
      const last = out.at(-1);
      if (last && last[0] === p[0] && last[1] === p[1]) continue;
      out.push(p);
    }
  }
  const first = out[0];
  const last = out.at(-1);
  if (first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

const tenths = (v: number) => {
  const s = (v / 10).toFixed(1).replace(/\.0$/, '');
  return s.startsWith('0.') ? s.slice(1) : s.startsWith('-0.') ? `-${s.slice(2)}` : s;
};
/** SVG number pair with the separators SVG allows to drop. */
const pair = (x: number, y: number) => {
  const a = tenths(x);
  const b = tenths(y);
  return b.startsWith('-') ? `${a}${b}` : `${a} ${b}`;
};

const polygons = topo.objects.land.geometries.flatMap((g) =>
  g.type === 'Polygon' ? [g.arcs] : g.arcs,
);
let points = 0;
const parts: string[] = [];
for (const polygon of polygons) {
  for (const indexes of polygon) {
    const r = ring(indexes);
    if (r.length < 3) continue;
    points += r.length;
    let [px, py] = r[0]!;
    let d = `M${pair(px, py)}l`;
    const moves: string[] = [];
    for (const [x, y] of r.slice(1)) {
      moves.push(pair(x - px, y - py));
      px = x;
      py = y;
    }
    d += moves.join(' ').replace(/ -/g, '-');
    parts.push(`${d}z`);
  }
}

const out = {
  about:
    'Natural Earth 1:110m land (public domain, naturalearthdata.com), from the world-atlas npm package ' +
    `${pkg.version} (ISC), converted by scripts/make-world-outline.ts. One SVG path: x = longitude, ` +
    'y = -latitude, degrees (0.1 degree steps); fill with the even-odd rule.',
  rings: parts.length,
  points,
  d: parts.join(''),
};
const file = join(root, 'assets', 'web', 'land-110m.json');
writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(`${file}: ${parts.length} rings, ${points} points, ${out.d.length} characters`);
