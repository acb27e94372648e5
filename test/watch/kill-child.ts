/**
 * Child of `slices.test.ts`: a watch over `KILL_DIR` whose baseline holds the first 300 objects
 * of the July catalogue, then a change bringing 1,500 more; with `KILL_AT_EVENT=n` the process
 * SIGKILLs itself while storing the n-th event of that run (inside a slice's transaction).
 * Without it, the run (or, on a store a killed child left, the restart's scan) completes and
 * prints `done`.
 */
import { activeJuly } from './real-data.js';
import { JULY_MS, watchUnderTest } from './setup.js';

const dir = process.env.KILL_DIR!;
const killAt = Number(process.env.KILL_AT_EVENT ?? 0);
const july = activeJuly();
const t = watchUnderTest(dir, {
  settings: { conjunctions: { satellites: [] } },
  log: () => {},
  slices: { sliceMs: Number.POSITIVE_INFINITY, sliceItems: 50 },
});
const fresh = t.store.getMeta('baseline_ms') === null;
if (fresh) {
  t.load(july.slice(0, 300), JULY_MS);
  t.watch.start();
  await t.watch.idle();
} else {
  // A restart: the catalog as stored, then the watch's scan over it.
  t.clock.nowMs = JULY_MS + 3_600_000;
  t.catalog.replaceAll(t.catalogStore.loadObjects(), ['celestrak:active']);
  t.watch.start();
}
if (killAt > 0) {
  const addEvent = t.store.addEvent.bind(t.store);
  let n = 0;
  t.store.addEvent = (event) => {
    if (++n === killAt) process.kill(process.pid, 'SIGKILL');
    return addEvent(event);
  };
}
if (fresh) t.load(july.slice(0, 1800), JULY_MS + 3_600_000);
await t.watch.idle();
await t.close();
console.log('done');
