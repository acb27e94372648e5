/**
 * Build the bundled element snapshot (assets/snapshot/) from the project's shared data.
 * Run by hand: `node --import tsx scripts/make-snapshot.ts [SHARED_DATA_DIR]`
 * (default: ../shared/data beside the repository). This is the only code that reads shared/.
 *
 * Writes:
 *   elements.tle   every object once, 3-line sets sorted by NORAD id; name, line 1 and line 2
 *                  exactly as CelesTrak served them (trailing spaces and CR dropped), LF ends
 *   manifest.json  groups (NORAD ids per CelesTrak group), seeds, counts, epochs, SHA-256s
 * The README beside them is written by hand.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTle } from '../src/core/elements/index.js';

/** CelesTrak groups in the snapshot, all from the 2026-08-22 GP snapshot (shared/data/tle). */
const GROUPS = ['stations', 'visual', 'amateur', 'weather', 'geo', 'gps-ops', 'galileo'] as const;
/** Groups the snapshot can seed only in part: gnss holds GPS and Galileo, and more. */
const SEEDS: Record<string, string[]> = { gnss: ['gps-ops', 'galileo'] };

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = process.argv[2] ?? join(root, '..', 'shared', 'data');
const outDir = join(root, 'assets', 'snapshot');

interface Entry {
  noradId: number;
  nameLine: string;
  line1: string;
  line2: string;
  epochMs: number;
  epochIso: string;
  group: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const byId = new Map<number, Entry>();
const groups: Record<string, number[]> = {};
const inputs: Record<string, { file: string; sha256: string; objects: number }> = {};

for (const group of GROUPS) {
  const file = join(shared, 'tle', `${group}.tle`);
  const bytes = readFileSync(file);
  const text = bytes.toString('utf8');
  const { elements, issues } = parseTle(text, group);
  if (issues.length > 0) {
    throw new Error(`${file}: ${issues.length} bad records, first: ${JSON.stringify(issues[0])}`);
  }
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const ids: number[] = [];
  for (let i = 0; i + 2 < lines.length; i += 3) {
    const [nameLine, line1, line2] = [lines[i], lines[i + 1], lines[i + 2]];
    if (nameLine === undefined || nameLine.trim() === '') break;
    const el = elements[ids.length];
    if (!el || line1 === undefined || line2 === undefined) {
      throw new Error(`${file}: unexpected layout at line ${i + 1}`);
    }
    if (line1 !== el.tle?.line1 || line2 !== el.tle?.line2) {
      throw new Error(`${file}: unexpected layout at line ${i + 1}`);
    }
    ids.push(el.noradId);
    const seen = byId.get(el.noradId);
    if (seen) {
      if (seen.line1 !== line1 || seen.line2 !== line2) {
        throw new Error(`NORAD ${el.noradId}: ${group} and ${seen.group} disagree on the elements`);
      }
      continue;
    }
    byId.set(el.noradId, {
      noradId: el.noradId,
      nameLine: nameLine.trimEnd(),
      line1,
      line2,
      epochMs: el.epochMs,
      epochIso: el.epochIso,
      group,
    });
  }
  if (ids.length !== elements.length)
    throw new Error(`${file}: read ${ids.length} of ${elements.length} sets`);
  groups[group] = ids.sort((a, b) => a - b);
  inputs[group] = {
    file: `shared/data/tle/${group}.tle`,
    sha256: sha256(bytes),
    objects: ids.length,
  };
}

const entries = [...byId.values()].sort((a, b) => a.noradId - b.noradId);
const tle = entries.map((e) => `${e.nameLine}\n${e.line1}\n${e.line2}\n`).join('');
const epochs = entries.map((e) => e.epochMs).sort((a, b) => a - b);
const iso = (ms: number) => new Date(ms).toISOString();
const manifest = {
  format: 1,
  description:
    'CelesTrak GP element sets of 2026-08-22 (downloaded 01:53-03:07 UTC), bundled so that passwatch works with no network. Made by scripts/make-snapshot.ts; see README.md.',
  snapshotDate: '2026-08-22',
  elementsFile: 'elements.tle',
  elementsSha256: sha256(tle),
  objects: entries.length,
  epochs: {
    oldest: iso(epochs[0]!),
    median: iso(epochs[Math.floor(epochs.length / 2)]!),
    newest: iso(epochs.at(-1)!),
  },
  groups,
  seeds: SEEDS,
  inputs,
};

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'elements.tle'), tle);
// Lists of ids on one line each.
const manifestText = JSON.stringify(manifest, null, 2).replace(
  /\[\s*(\d[\d,\s]*?)\s*\]/g,
  (_, ids: string) => `[${ids.replace(/\s+/g, '')}]`,
);
writeFileSync(join(outDir, 'manifest.json'), `${manifestText}\n`);
console.log(
  `wrote ${entries.length} objects (${Object.entries(groups)
    .map(([g, ids]) => `${g} ${ids.length}`)
    .join(', ')}) to ${outDir}`,
);
