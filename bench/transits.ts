/**
 * Transits (`GET /v1/transits`): the server's CPU for one uncached request, a GEO satellite over
 * 7 days (ASTRA 1M from Libreville in the week of the September equinox: the Sun passes behind
 * it once a day) and the ISS and Tiangong over 7 days from Paris (LEO). Each checkout given with
 * `--root DIR` (e.g. an older commit's `git archive` with its own build) runs beside this one, the
 * requests alternating between them, so the figures are side by side.
 *
 * Then, in this process, the reference scan of test/reference/transits (the ISS and the CSS from
 * four observers over 7 days, `findTransits` from each checkout's sources), CPU per round.
 *
 *   node --import tsx bench/transits.ts [--root DIR]... [--rounds N]
 */
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow } from './passes.js';
import { type BenchServer, startServer } from './server.js';

const CASES = [
  {
    case: 'GEO (ASTRA 1M), Libreville, 7 days from 2026-09-19',
    query: 'lat=0.39&lon=9.45&alt=10&start=2026-09-19T00:00:00Z&days=7&nearMissDeg=1&sat=33436',
  },
  {
    case: 'LEO (ISS, Tiangong), Paris, 7 days from 2026-08-22',
    query: 'lat=48.8&lon=2.3&alt=35&start=2026-08-22T00:00:00Z&days=7&nearMissDeg=1',
  },
];

/** Server CPU (all threads, ms) of each case's request, per checkout, over `rounds` rounds. */
export async function benchTransits(roots: string[] = [], rounds = 2): Promise<BenchRow[]> {
  const servers: { label: string; server: BenchServer }[] = [];
  try {
    for (const root of [undefined, ...roots]) {
      servers.push({
        label: root ? basename(root) : 'this checkout',
        server: await startServer({ root }),
      });
    }
    const cpu = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const c of CASES) {
        for (const { label, server } of servers) {
          // A radius new to each request: never answered from the cache.
          const url = `${server.base}/v1/transits?${c.query}&radiusKm=${100 + round / 1000}`;
          const before = server.cpuMs();
          const res = await fetch(url);
          const body = (await res.json()) as { transits?: unknown[] };
          const after = server.cpuMs();
          if (res.status !== 200 || !body.transits) throw new Error(`${url}: ${res.status}`);
          const key = `${c.case}\u0000${label}\u0000${body.transits.length}`;
          const list = cpu.get(key) ?? [];
          if (before !== null && after !== null) list.push(after - before);
          cpu.set(key, list);
        }
      }
    }
    return [...cpu.entries()].map(([key, ms]) => {
      const [what, label, found] = key.split('\u0000');
      return {
        case: what!,
        checkout: label!,
        transits: Number(found),
        'server CPU ms': ms.map((x) => Math.round(x)).join(' / '),
      };
    });
  } finally {
    for (const { server } of servers) await server.stop();
  }
}

const HERE = fileURLToPath(new URL('..', import.meta.url));

/** CPU (ms, this process) of the reference scan with each checkout's `findTransits`, per round. */
export async function benchTransitScan(roots: string[] = [], rounds = 3): Promise<BenchRow[]> {
  const { transitScan: scan } = await import('../test/reference/transits/scan.js');
  const { orbitFromTle } = await import('../test/helpers/tle.js');
  const startMs = Date.parse(scan.startIso);
  const endMs = startMs + scan.days * 86_400_000;
  const search = { startMs, endMs, radiusKm: scan.radiusKm, nearMissDeg: scan.nearMissDeg };
  const runs: { label: string; run: () => number; ms: number[] }[] = [];
  for (const root of [HERE, ...roots]) {
    const from = (path: string) => import(pathToFileURL(join(root, path)).href);
    const passes = await from('src/core/passes/index.ts');
    const orbit = await from('src/core/orbit/index.ts');
    const sky = await from('src/core/sky/index.ts');
    const run = () => {
      let found = 0;
      const sun = new sky.SunTrack(startMs, endMs);
      const moon = new sky.MoonTrack(startMs, endMs);
      for (const [name, tle] of Object.entries(scan.satellites)) {
        for (const observer of scan.observers) {
          const o = orbitFromTle(name, ...tle);
          found += passes.findTransits(o, new orbit.Site(observer), search, sun, moon).length;
        }
      }
      return found;
    };
    runs.push({ label: root === HERE ? 'this checkout' : basename(root), run, ms: [] });
  }
  const found = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const r of runs) {
      const c0 = process.cpuUsage();
      found.set(r.label, r.run());
      const c = process.cpuUsage(c0);
      r.ms.push((c.user + c.system) / 1000);
    }
  }
  return runs.map((r) => ({
    case: 'reference scan: ISS and CSS, 4 observers, 7 days (in process)',
    checkout: r.label,
    transits: found.get(r.label) ?? 0,
    'CPU ms': r.ms.map((x) => Math.round(x)).join(' / '),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { loadavg } = await import('node:os');
  const { printTable } = await import('./passes.js');
  const args = process.argv.slice(2);
  const roots: string[] = [];
  let rounds = 2;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--root') roots.push(resolve(args[++i]!));
    else if (args[i] === '--rounds') rounds = Number(args[++i]);
  }
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  printTable('Transits, one uncached request', await benchTransits(roots, rounds));
  printTable('Transit scan', await benchTransitScan(roots, rounds));
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}
