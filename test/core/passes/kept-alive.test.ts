/**
 * The pass search keeps its newest searcher and track alive on purpose (`newest` in
 * src/core/passes/bulk.ts and finder.ts): V8 keeps the hidden classes of their instances, and the
 * optimised code that checks them, only while an instance lives. These tests see the keeping
 * itself, with a real major GC; what it is worth is measured by `bench/against-base.ts`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Site } from '../../../src/core/orbit/index.js';
import { DirectStates } from '../../../src/core/passes/ephemeris.js';
import { BulkSearcher, findPasses } from '../../../src/core/passes/index.js';
import { orbitOf } from '../../helpers/tle.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A major GC once the current job has ended (a WeakRef's target is kept until then). */
async function collect(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

const site = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });
const START = Date.parse('2026-08-21T12:00:00Z');
const window = { startMs: START, endMs: START + 86_400_000 };
const iss = orbitOf('iss');

describe('the newest searcher and track outlive a major GC', () => {
  it('keeps the newest BulkSearcher, and lets it go once a newer one is made', async () => {
    let first: BulkSearcher | null = new BulkSearcher([{ site }], window);
    first.search(iss);
    const kept = new WeakRef(first);
    first = null;
    await collect();
    expect(kept.deref()).toBeInstanceOf(BulkSearcher);
    new BulkSearcher([{ site }], window).search(iss);
    await collect();
    expect(kept.deref()).toBeUndefined();
  });

  it("keeps the newest search's track (seen through the state source it holds)", async () => {
    let states: DirectStates | null = new DirectStates(iss);
    expect(findPasses(iss, site, window, states).passes.length).toBeGreaterThan(0);
    const kept = new WeakRef(states);
    states = null;
    await collect();
    expect(kept.deref()).toBeInstanceOf(DirectStates);
    findPasses(iss, site, window, new DirectStates(iss));
    await collect();
    expect(kept.deref()).toBeUndefined();
  });
});
