import {
  compatible,
  type ScheduleCandidate,
  type ScheduleOptions,
  schedulePasses,
} from '../src/core/station/schedule.js';
import { planStation } from '../src/station/plan.js';
import { station52N, stationWorld } from '../test/helpers/station.js';
import type { BenchRow } from './passes.js';

const DATA = new URL('./data/amateur.tle', import.meta.url);
const START = Date.parse('2026-08-22T00:00:00Z');
const DAY = 86_400_000;

/** The textbook O(n^2) DP over passes sorted by LOS: the reference for the schedule step. */
function quadratic(cands: ScheduleCandidate[], options: ScheduleOptions): number {
  const s = [...cands].sort((a, b) => a.losMs - b.losMs || a.aosMs - b.aosMs);
  const best = new Float64Array(s.length);
  let top = 0;
  for (let j = 0; j < s.length; j++) {
    let m = 0;
    for (let i = 0; i < j; i++) if (best[i]! > m && compatible(s[i]!, s[j]!, options)) m = best[i]!;
    best[j] = s[j]!.priority + m;
    top = Math.max(top, best[j]!);
  }
  return top;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function benchStation(): BenchRow[] {
  const world = stationWorld(DATA);
  const { elements } = world;
  const tx = world.transmitters;
  const firstTx = new Map<number, string>();
  for (const t of tx) if (t.downlink && !firstTx.has(t.noradId)) firstTx.set(t.noradId, t.uuid);
  // Low orbits only (more than 6 revolutions a day): the busy case for a schedule.
  const leo = elements.filter((e) => e.meanMotionRevPerDay > 6).map((e) => e.noradId);
  const rows: BenchRow[] = [];
  for (const count of [30, leo.length]) {
    const ids = leo.slice(0, count);
    const station = station52N({
      name: 'bench',
      altitudeM: 0,
      elevationMaxDeg: 180,
      parkElevationDeg: 90,
      satellites: ids.map((noradId, i) => ({
        noradId,
        priority: 1 + (i % 5),
        transmitter: firstTx.get(noradId) ?? null,
        downlinkHz: null,
        minPeakElevationDeg: 10,
        minDurationSeconds: 120,
      })),
    });
    const input = world.input(station, START, START + 7 * DAY);
    planStation(input); // warm-up
    const totals: number[] = [];
    const cpu: number[] = [];
    let plan = planStation(input);
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      plan = planStation(input);
      const c1 = process.cpuUsage(c0);
      totals.push(performance.now() - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
    const all = [...plan.scheduled, ...plan.rejected.map((r) => r.pass)];
    const cands: ScheduleCandidate[] = all.map((p) => ({
      key: p.key,
      priority: p.priority,
      aosMs: (p.pass.aos ?? p.pass.tca).timeMs,
      losMs: (p.pass.los ?? p.pass.tca).timeMs,
      maxElevationDeg: p.pass.maxElevationDeg,
      startPosition: p.rotator?.start ?? null,
      endPosition: p.rotator?.end ?? null,
      item: null,
    }));
    const options = { turnaroundSeconds: station.turnaroundSeconds, rotator: station.rotator };
    const fast: number[] = [];
    const slow: number[] = [];
    let fastTotal = 0;
    let slowTotal = 0;
    for (let k = 0; k < 5; k++) {
      let t0 = performance.now();
      fastTotal = schedulePasses(cands, options).totalPriority;
      fast.push(performance.now() - t0);
      t0 = performance.now();
      slowTotal = quadratic(cands, options);
      slow.push(performance.now() - t0);
    }
    if (fastTotal !== slowTotal) throw new Error(`schedule ${fastTotal} != O(n^2) DP ${slowTotal}`);
    rows.push({
      case: `${count} satellites x 7 days`,
      passes: cands.length,
      scheduled: plan.scheduled.length,
      'whole plan ms': Math.round(median(totals)),
      'whole plan CPU ms': Math.round(median(cpu)),
      'schedule ms': median(fast).toFixed(2),
      'O(n^2) DP ms': median(slow).toFixed(1),
      'DP / schedule': (median(slow) / median(fast)).toFixed(1),
      'same total': fastTotal === slowTotal ? 'yes' : 'NO',
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { printTable } = await import('./passes.js');
  printTable(
    'Station schedule (52N 5E, rotator 0-450/0-180 at 6 deg/s, rotator samples 10 s, 1 s where it turns fast)',
    benchStation(),
  );
}
