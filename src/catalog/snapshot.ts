/**
 * The bundled element snapshot (assets/snapshot, made by scripts/make-snapshot.ts): loaded into
 * an empty store once, so passwatch predicts real passes with no network at all.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ElementSet, parseTle } from '../core/elements/index.js';
import type { SourceSpec } from './sources.js';
import type { CatalogStore, ObjectChanges } from './store.js';

/** The bundled snapshot's folder. */
export const BUNDLED_SNAPSHOT_DIR = fileURLToPath(
  new URL('../../assets/snapshot/', import.meta.url),
);

/** Store meta key set once the snapshot was loaded (or skipped because the store had data). */
export const SNAPSHOT_META_KEY = 'snapshot';

export interface SnapshotManifest {
  format: 1;
  description: string;
  snapshotDate: string;
  elementsFile: string;
  elementsSha256: string;
  objects: number;
  epochs: { oldest: string; median: string; newest: string };
  /** NORAD ids per CelesTrak group. */
  groups: Record<string, number[]>;
  /** Groups the snapshot seeds from parts: `gnss` from `gps-ops` and `galileo`. */
  seeds: Record<string, string[]>;
}

export interface Snapshot {
  manifest: SnapshotManifest;
  elements: Map<number, ElementSet>;
}

/** Read and check a snapshot folder. */
export function readSnapshot(dir: string = BUNDLED_SNAPSHOT_DIR): Snapshot {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as SnapshotManifest;
  if (manifest.format !== 1) throw new Error(`${dir}: unknown snapshot format ${manifest.format}`);
  const text = readFileSync(join(dir, manifest.elementsFile), 'utf8');
  const digest = createHash('sha256').update(text).digest('hex');
  if (digest !== manifest.elementsSha256) {
    throw new Error(`${dir}: ${manifest.elementsFile} does not match its SHA-256 in manifest.json`);
  }
  const provenance = `passwatch bundled snapshot (CelesTrak GP ${manifest.snapshotDate})`;
  const { elements, issues } = parseTle(text, provenance);
  if (issues.length > 0) throw new Error(`${dir}: bad snapshot record: ${issues[0]!.reason}`);
  return { manifest, elements: new Map(elements.map((e) => [e.noradId, e])) };
}

export interface SnapshotLoad {
  loaded: boolean;
  /** Why nothing was loaded. */
  reason: string | null;
  /** Sources seeded, with their object counts. */
  sources: Record<string, number>;
  objects: number;
  changes: ObjectChanges | null;
  manifest: SnapshotManifest | null;
}

/**
 * Load the snapshot into the store if the store has never held data: once only (a store meta
 * flag), never over data (a store with objects is left alone and flagged), in one transaction.
 * Each configured CelesTrak group the snapshot holds (or seeds, see `SnapshotManifest.seeds`)
 * and each configured catalog number it holds gets the snapshot's element sets as data of origin
 * `snapshot`: the first successful download replaces them, and the drop rule does not compare
 * against them. The epochs are the snapshot's own, so ages and stale flags stay honest.
 */
export function loadSnapshotIfEmpty(
  store: CatalogStore,
  specs: readonly SourceSpec[],
  options: { nowMs: number; historyDays: number; dir?: string },
): SnapshotLoad {
  const none = (reason: string): SnapshotLoad => ({
    loaded: false,
    reason,
    sources: {},
    objects: 0,
    changes: null,
    manifest: null,
  });
  if (store.getMeta(SNAPSHOT_META_KEY) !== null) return none('the snapshot was loaded before');
  if (store.objectCount() > 0) {
    store.setMeta(
      SNAPSHOT_META_KEY,
      JSON.stringify({ skippedMs: options.nowMs, why: 'store had data' }),
    );
    return none('the store already has data');
  }
  const snapshot = readSnapshot(options.dir);
  const { manifest } = snapshot;
  const plan: { spec: SourceSpec; elements: ElementSet[] }[] = [];
  for (const spec of specs) {
    let ids: number[] = [];
    if (spec.kind === 'celestrak-group') {
      const group = spec.groups[0]!;
      ids =
        manifest.groups[group] ??
        (manifest.seeds[group] ?? []).flatMap((g) => manifest.groups[g] ?? []);
    } else if (spec.kind === 'celestrak-catnr') {
      const id = Number(spec.name.split(':').at(-1));
      if (snapshot.elements.has(id)) ids = [id];
    }
    const elements = [...new Set(ids)].map((id) => snapshot.elements.get(id)!).filter(Boolean);
    if (elements.length > 0) plan.push({ spec, elements });
  }
  const result = store.transaction(() => {
    const changes: ObjectChanges = { added: [], changed: [], removed: [], updated: [] };
    const sources: Record<string, number> = {};
    for (const { spec, elements } of plan) {
      const r = store.replaceSource({
        source: spec,
        elements,
        origin: 'snapshot',
        outcome: 'snapshot',
        startedMs: options.nowMs,
        finishedMs: options.nowMs,
        historyDays: options.historyDays,
        reason: `bundled snapshot of ${manifest.snapshotDate}, epochs ${manifest.epochs.oldest} to ${manifest.epochs.newest}`,
      });
      sources[spec.name] = r.after;
      changes.added.push(...r.objects.added);
    }
    store.setMeta(
      SNAPSHOT_META_KEY,
      JSON.stringify({ loadedMs: options.nowMs, snapshotDate: manifest.snapshotDate, sources }),
    );
    return { changes, sources };
  });
  return {
    loaded: plan.length > 0,
    reason: plan.length > 0 ? null : 'no configured source is in the snapshot',
    sources: result.sources,
    objects: store.objectCount(),
    changes: result.changes,
    manifest,
  };
}
