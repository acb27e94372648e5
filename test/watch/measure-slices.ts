/**
 * How long the catalog watch holds the event loop at the first load of the full catalogue: a
 * store whose watch baseline holds 900 objects of the July catalogue, then the whole August
 * catalogue (about 16,000 objects, 15,000 of them new to the watch) as one refresh. Prints the
 * longest main-thread stretches (the gaps between turns of a `setImmediate` ticker) while the
 * watch handles that change, in wall time and in the process's CPU time (which a busy machine's
 * other processes do not inflate; it includes the few helper threads). Not a test (speed is not asserted in tests); run with
 *
 *   nice npx tsx test/watch/measure-slices.ts
 */
import { rmSync } from 'node:fs';
import { activeAugust, activeJuly } from './real-data.js';
import { AUGUST_MS, JULY_MS, watchUnderTest } from './setup.js';

const { dir, watch, load, close } = watchUnderTest(undefined, {
  settings: { conjunctions: { satellites: [] } },
  log: (e) => console.log(JSON.stringify(e)),
});
load(activeJuly().slice(0, 900), JULY_MS);
watch.start();
await watch.idle();
const august = activeAugust();

const gaps: number[] = [];
const cpuGaps: number[] = [];
let ticking = true;
let last = 0;
let lastCpu = process.cpuUsage();
const tick = () => {
  const now = performance.now();
  const cpu = process.cpuUsage(lastCpu);
  gaps.push(now - last);
  cpuGaps.push((cpu.user + cpu.system) / 1000);
  last = now;
  lastCpu = process.cpuUsage();
  if (ticking) setImmediate(tick);
};
load(august, AUGUST_MS);
const started = performance.now();
const startedCpu = process.cpuUsage();
last = started;
lastCpu = process.cpuUsage();
setImmediate(tick);
await watch.idle();
ticking = false;
const wallMs = performance.now() - started;
const cpuUsed = process.cpuUsage(startedCpu);
await close();
rmSync(dir, { recursive: true, force: true });

const summary = (xs: number[]) => {
  xs.sort((a, b) => b - a);
  const q = (p: number) => xs[Math.min(xs.length - 1, Math.floor((1 - p) * xs.length))]!;
  return {
    longestMs: xs.slice(0, 5).map((g) => Math.round(g)),
    p99Ms: Math.round(q(0.99) * 10) / 10,
    p50Ms: Math.round(q(0.5) * 10) / 10,
  };
};
console.log(
  JSON.stringify({
    objects: august.length,
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpuUsed.user + cpuUsed.system) / 1000),
    turns: gaps.length,
    wall: summary(gaps),
    cpu: summary(cpuGaps),
  }),
);
