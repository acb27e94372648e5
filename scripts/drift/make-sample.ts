/**
 * Pick the objects of the element-drift measurement from the project's shared data and write
 * them, gzipped, beside this script (scripts/drift/data/). Run by hand:
 *   node --import tsx scripts/drift/make-sample.ts [SHARED_DATA_DIR]   (default ../shared/data)
 * This is the only part of the measurement that reads shared/; `measure.ts` reads data/.
 *
 * Old element sets: the CelesTrak GROUP=active snapshot of about 2026-07-10 (caelo-works/tle-mirror,
 * omm/active-2026-07-10/active.tle) and the 2026-04-27 groups (satvisorcom/satvisor-data,
 * omm/satvisor-2026-04-27/*.tle). Reference: the GROUP=active snapshot of 2026-08-22
 * (HorvathAndreas/tle-mirror, tle/active.tle). See shared/data/README.md for their provenance.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type ElementSet, parseTle } from '../../src/core/elements/index.js';
import { ORBIT_CLASSES, orbitClassOf } from '../../src/format/drift.js';

const PER_CLASS = 40;
const here = fileURLToPath(new URL('.', import.meta.url));
const shared = process.argv[2] ?? join(here, '..', '..', '..', 'shared', 'data');
const outDir = join(here, 'data');

function read(path: string): Map<number, { el: ElementSet; text: string }> {
  const text = readFileSync(join(shared, path), 'utf8').replace(/\r/g, '');
  const lines = text.split('\n');
  const out = new Map<number, { el: ElementSet; text: string }>();
  for (const el of parseTle(text, path).elements) {
    const i = el.tle ? lines.indexOf(el.tle.line1.trimEnd()) : -1;
    const name = i > 0 && !lines[i - 1]!.startsWith('2 ') ? lines[i - 1]!.trimEnd() : el.name;
    out.set(el.noradId, { el, text: `${name}\n${el.tle!.line1}\n${el.tle!.line2}\n` });
  }
  return out;
}

const reference = read('tle/active.tle');
const oldSets: Record<string, Map<number, { el: ElementSet; text: string }>> = {
  '2026-07-10': read('omm/active-2026-07-10/active.tle'),
  '2026-04-27': new Map(
    ['stations', 'amateur', 'visual', 'weather', 'gnss', 'geo'].flatMap((g) => [
      ...read(`omm/satvisor-2026-04-27/${g}.tle`),
    ]),
  ),
};
const refFrom = Date.parse('2026-08-19T00:00:00Z');
const refTo = Date.parse('2026-08-23T00:00:00Z');
const chosen = new Set<number>();
mkdirSync(outDir, { recursive: true });
const manifest: Record<string, Record<string, number[]>> = {};
for (const [snapshot, sets] of Object.entries(oldSets)) {
  manifest[snapshot] = {};
  const byClass = new Map<string, number[]>();
  for (const [id, old] of [...sets].sort((a, b) => a[0] - b[0])) {
    const ref = reference.get(id);
    if (!ref || ref.el.epochMs < refFrom || ref.el.epochMs > refTo) continue;
    const cls = orbitClassOf(ref.el);
    const oldCls = orbitClassOf(old.el);
    if (cls === null || cls !== oldCls) continue;
    if (!byClass.has(cls)) byClass.set(cls, []);
    byClass.get(cls)!.push(id);
  }
  let out = '';
  for (const cls of ORBIT_CLASSES) {
    const ids = byClass.get(cls.id) ?? [];
    const step = Math.max(1, ids.length / PER_CLASS);
    const picked: number[] = [];
    for (let i = 0; i < ids.length && picked.length < PER_CLASS; i += step) {
      picked.push(ids[Math.floor(i)]!);
    }
    manifest[snapshot]![cls.id] = picked;
    for (const id of picked) {
      out += sets.get(id)!.text;
      chosen.add(id);
    }
  }
  writeFileSync(join(outDir, `old-${snapshot}.tle.gz`), gzipSync(out, { level: 9 }));
}
let ref = '';
for (const id of [...chosen].sort((a, b) => a - b)) ref += reference.get(id)!.text;
writeFileSync(join(outDir, 'reference-2026-08-22.tle.gz'), gzipSync(ref, { level: 9 }));
writeFileSync(join(outDir, 'sample.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(
  Object.entries(manifest)
    .map(
      ([s, m]) =>
        `${s}: ${Object.entries(m)
          .map(([c, ids]) => `${c} ${ids.length}`)
          .join(', ')}`,
    )
    .join('\n'),
);
