// Preloaded into a bench server (`node --import ./bench/loop-probe.mjs ...`): measures how long the
// server's main thread holds its event loop, from inside the server, so that the figure does not
// include the client's own waiting for a core. Works with any build (old trees too).
//
// On SIGUSR2 it writes {maxMs, p99Ms, p50Ms, over50, longest, seq} for the time since the previous
// SIGUSR2 to $PASSWATCH_LOOP_PROBE_FILE, then starts a new phase.
// - maxMs/p99Ms/p50Ms: perf_hooks.monitorEventLoopDelay (10 ms resolution) over the phase;
// - over50/longest: stretches between two ticks of a 5 ms interval timer longer than 50 ms (a
//   stretch is the time the loop could not run the timer: a synchronous block, or the thread
//   waiting for a core), their count and the 5 longest.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = process.env.PASSWATCH_LOOP_PROBE_FILE;
if (isMainThread && file) {
  const TICK_MS = 5;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let stretches = [];
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const gap = now - last - TICK_MS;
    if (gap > 50) stretches.push(gap);
    last = now;
  }, TICK_MS).unref();
  let seq = 0;
  process.on('SIGUSR2', () => {
    const ms = (ns) => Math.round(ns / 1e5) / 10;
    stretches.sort((a, b) => b - a);
    const report = {
      seq: ++seq,
      maxMs: ms(histogram.max),
      p99Ms: ms(histogram.percentile(99)),
      p50Ms: ms(histogram.percentile(50)),
      over50: stretches.length,
      longest: stretches.slice(0, 5).map((g) => Math.round(g)),
    };
    writeFileSync(file, JSON.stringify(report));
    histogram.reset();
    stretches = [];
    last = performance.now();
  });
}
