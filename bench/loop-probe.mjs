// Preloaded into a bench server (`node --import ./bench/loop-probe.mjs ...`): measures how long the
// server's main thread holds its event loop, from inside the server, so that the figure does not
// include the client's own waiting for a core. Works with any build (old trees too).
//
// On SIGUSR2 it writes, for the time since the previous SIGUSR2, to $PASSWATCH_LOOP_PROBE_FILE:
// - maxMs/p99Ms/p50Ms: perf_hooks.monitorEventLoopDelay (10 ms resolution) over the phase;
// - over50/longest: stretches between two ticks of a 5 ms interval timer longer than 50 ms (a
//   stretch is the time the loop could not run the timer: a synchronous block, or the thread
//   waiting for a core), their count and the 5 longest, ms of wall time;
// - cpuMaxMs/cpuOver50/cpuLongest: the same stretches in CPU time of the main thread alone
//   (/proc/thread-self/stat, 10 ms ticks): what the loop really spent, whatever the load;
// - waitMs/waitMaxMs: the main thread's time waiting for a core (run-queue delay from
//   /proc/thread-self/schedstat) over the phase, and the most of it within one stretch between
//   ticks: how much of the wall time went to other threads (the server's workers, other programs).
// then starts a new phase.
//
// With $PASSWATCH_LOOP_GAPS_FILE it also appends each stretch of more than 50 ms to that file, one
// JSON line: its start and end on the monotonic clock in microseconds (the clock of a V8 CPU
// profile's timestamps, so `--cpu-prof` samples can be matched to it) and its main-thread CPU, ms.
//
// With $PASSWATCH_MEMORY_PROBE_FILE it also samples memory every 100 ms and writes the peaks at
// exit: the process's RSS, and the main thread's V8 heap (total, used) and the memory outside it
// (external, of which array buffers) - the rest of the RSS is the worker threads, code and native
// allocations (SQLite).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = process.env.PASSWATCH_LOOP_PROBE_FILE;
const memoryFile = process.env.PASSWATCH_MEMORY_PROBE_FILE;
const gapsFile = process.env.PASSWATCH_LOOP_GAPS_FILE;

if (isMainThread && memoryFile) {
  const mb = (bytes) => Math.round(bytes / 1048576);
  const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const atPeakRss = {};
  setInterval(() => {
    const m = process.memoryUsage();
    for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], mb(m[key]));
    if (mb(m.rss) >= peak.rss)
      Object.assign(atPeakRss, Object.fromEntries(Object.keys(peak).map((k) => [k, mb(m[k])])));
  }, 100).unref();
  process.on('exit', () =>
    writeFileSync(memoryFile, JSON.stringify({ peakMb: peak, atPeakRssMb: atPeakRss })),
  );
}

/** CPU time of the calling thread, ms (utime + stime, in clock ticks of 10 ms). */
function threadCpuMs() {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Time the calling thread has waited on a run queue, ms (0 where schedstat is missing). */
function threadWaitMs() {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return 0;
  }
}

if (isMainThread && file) {
  const TICK_MS = 5;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let stretches = [];
  let cpuStretches = [];
  let last = performance.now();
  let lastCpu = threadCpuMs();
  let waitStart = threadWaitMs();
  let lastWait = waitStart;
  let waitMax = 0;
  setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const wait = threadWaitMs();
    waitMax = Math.max(waitMax, wait - lastWait);
    lastWait = wait;
    const gap = now - last - TICK_MS;
    if (gap > 50) {
      stretches.push(gap);
      if (gapsFile) {
        const endUs = Number(process.hrtime.bigint() / 1000n);
        const line = {
          startUs: endUs - Math.round((now - last) * 1000),
          endUs,
          cpuMs: cpu - lastCpu,
        };
        appendFileSync(gapsFile, `${JSON.stringify(line)}\n`);
      }
    }
    // Ticks of 10 ms: a difference of 60 ms or more is more than 50 ms of work.
    if (cpu - lastCpu > 50) cpuStretches.push(cpu - lastCpu);
    last = now;
    lastCpu = cpu;
  }, TICK_MS).unref();
  let seq = 0;
  const top = (list) =>
    list
      .sort((a, b) => b - a)
      .slice(0, 5)
      .map((g) => Math.round(g));
  process.on('SIGUSR2', () => {
    const ms = (ns) => Math.round(ns / 1e5) / 10;
    const report = {
      seq: ++seq,
      maxMs: ms(histogram.max),
      p99Ms: ms(histogram.percentile(99)),
      p50Ms: ms(histogram.percentile(50)),
      over50: stretches.length,
      longest: top(stretches),
      cpuMaxMs: cpuStretches.length ? Math.max(...cpuStretches) : 0,
      cpuOver50: cpuStretches.length,
      cpuLongest: top(cpuStretches),
      waitMs: Math.round(threadWaitMs() - waitStart),
      waitMaxMs: Math.round(waitMax),
    };
    writeFileSync(file, JSON.stringify(report));
    histogram.reset();
    stretches = [];
    cpuStretches = [];
    last = performance.now();
    lastCpu = threadCpuMs();
    waitStart = threadWaitMs();
    lastWait = waitStart;
    waitMax = 0;
  });
}
