/**
 * The pass search now against an earlier commit, side by side (issue 12: "`npm run bench` is not
 * slower"): CPU time of the same work in the two trees. Prints every pair's ratio (now / base) with
 * the load average, then each case's median ratio and quartiles; the passes and SGP4 evaluations
 * of both trees must be equal.
 *
 *   node --import tsx bench/against-base.ts [--base 5c46e86] [--rounds 5] [--runs 4] [--bundle]
 *                                           [--slices 16] [--parallel-gc] [--cases single,whole]
 *
 * The base is extracted with `git archive` into a temporary directory sharing this checkout's
 * node_modules. The work: `single`, `findPasses` for the ISS, 10 days x 300; `whole`,
 * `findPassesBulk` over the 16,069 objects of bench/data/active.tle, 52N 5E, 2 days.
 *
 * How, and why (the machine is shared: one tree measured for a few seconds and then the other
 * differed by ±10-30% with the same code, as the other sessions' load came and went):
 * - Each round starts one process per tree (in turn, never both busy at once). Each builds its
 *   orbits and does the work once as a warm-up, reported apart (`cold`: construction + first
 *   run), then does it `--runs` times more on request, each run cut into `--slices` slices (16:
 *   about 0.1 s each for `whole`, a thousand objects) and the two trees strictly alternated
 *   slice by slice, so a load that changes over seconds falls on both alike and every slice
 *   follows one of the other tree. (Running one tree twice in a row, then the other, made the run
 *   that followed the other tree 5-10% slower than the one that followed its own, whichever the
 *   tree.) A run's ratio is the sum of its slices in one tree over the other's; the medians are
 *   over all runs of all rounds.
 * - Identical V8 flags in both trees: `--single-threaded-gc`, because the CPU time of V8's
 *   parallel GC helper threads grows with the machine's load (they spin and wait for a core);
 *   `--parallel-gc` keeps V8's default to compare. A full `gc()` before each run (not measured),
 *   so that every run starts from the same heap; a run's results are kept until its last slice,
 *   so the heap grows through the run as in one call.
 * - CPU is `process.cpuUsage()` (user + system) of each slice alone, under `nice`.
 *
 * By default both trees run through tsx, as `npm run bench` does (tsx compiles with esbuild's
 * keepNames: every closure made costs a `name` definition); `--bundle` measures esbuild bundles
 * without keepNames instead, as `npm run build` ships. Not part of `npm run bench`: it needs git
 * and takes a few minutes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Measure {
  cpuS: number;
  passes: number;
  evaluations: number;
}

const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

/**
 * The child side: set up `mode`, do the work once (printing the cold measure), then serve slices
 * of it, one per line read on stdin ("SLICE COUNT": slice SLICE of COUNT), printing each slice's
 * measure, until stdin ends. The results of a run's slices are kept until its last slice, so the
 * heap grows through a run as it does in one call; a `gc()` (not measured) precedes each run's
 * first slice.
 */
async function serve(mode: string): Promise<void> {
  // Imported here so that the parent side loads nothing of either tree.
  const { parseTle } = await import('../src/core/elements/index.js');
  const { Orbit, Site } = await import('../src/core/orbit/index.js');
  const { findPasses, findPassesBulk } = await import('../src/core/passes/index.js');
  const data = fileURLToPath(new URL('./data/active.tle', import.meta.url));
  const start = Date.parse('2026-08-22T00:00:00Z');
  const day = 86_400_000;
  const site = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });
  const { elements } = parseTle(readFileSync(data, 'utf8'), data);
  const kept: unknown[] = [];
  /** Slice `slice` of `count` of the work: its passes and evaluations. */
  let run: (slice: number, count: number) => { passes: number; evaluations: number };
  const cold = process.cpuUsage();
  if (mode === 'whole') {
    const orbits = elements.map((e) => new Orbit(e));
    run = (slice, count) => {
      const from = Math.floor((orbits.length * slice) / count);
      const to = Math.floor((orbits.length * (slice + 1)) / count);
      const r = findPassesBulk(orbits.slice(from, to), [{ site }], {
        startMs: start,
        endMs: start + 2 * day,
      });
      kept.push(r);
      return { passes: r.passCount, evaluations: r.evaluations };
    };
  } else {
    const iss = elements.find((e) => e.noradId === 25544)!;
    const searches = 300;
    run = (slice, count) => {
      let passes = 0;
      let evaluations = 0;
      const from = Math.floor((searches * slice) / count);
      const to = Math.floor((searches * (slice + 1)) / count);
      for (let i = from; i < to; i++) {
        const r = findPasses(new Orbit(iss), site, { startMs: start, endMs: start + 10 * day });
        passes += r.passes.length;
        evaluations += r.evaluations;
      }
      return { passes, evaluations };
    };
  }
  const first = run(0, 1);
  kept.length = 0;
  const coldS = cpuSeconds(process.cpuUsage(cold));
  const print = (m: Measure) => process.stdout.write(`${JSON.stringify(m)}\n`);
  print({ cpuS: coldS, ...first });
  const gc = (globalThis as { gc?: () => void }).gc;
  for await (const line of createInterface({ input: process.stdin })) {
    const [slice, count] = line.split(' ').map(Number) as [number, number];
    if (slice === 0) {
      kept.length = 0;
      gc?.();
    }
    const c = process.cpuUsage();
    const r = run(slice, count);
    print({ cpuS: cpuSeconds(process.cpuUsage(c)), ...r });
  }
}

/** A child process serving one tree's measures, one line per request. */
class Child {
  private readonly lines: AsyncIterator<string>;
  private readonly proc;
  private stderr = '';

  constructor(
    readonly tree: string,
    argv: string[],
    cwd: string,
  ) {
    this.proc = spawn('nice', [process.execPath, ...argv], { cwd, stdio: 'pipe' });
    this.proc.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }

  /** The next measure printed (the cold one first). */
  async next(): Promise<Measure> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error(`${this.tree}: the measuring process ended: ${this.stderr}`);
    return JSON.parse(value) as Measure;
  }

  /** Slice `slice` of `count` of the work. */
  async run(slice: number, count: number): Promise<Measure> {
    this.proc.stdin.write(`${slice} ${count}\n`);
    return this.next();
  }

  close(): void {
    this.proc.stdin.end();
  }
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function quantile(list: number[], q: number): number {
  const sorted = [...list].sort((x, y) => x - y);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

async function main(): Promise<void> {
  const base = arg('--base', '5c46e86');
  const rounds = Number(arg('--rounds', '5'));
  const runs = Number(arg('--runs', '4'));
  const slices = Number(arg('--slices', '16'));
  const bundle = process.argv.includes('--bundle');
  const flags = [
    '--expose-gc',
    ...(process.argv.includes('--parallel-gc') ? [] : ['--single-threaded-gc']),
  ];
  const modes = arg('--cases', 'single,whole').split(',');
  const baseDir = mkdtempSync(join(tmpdir(), 'passwatch-base-'));
  try {
    const archive = execFileSync('git', ['-C', ROOT, 'archive', base], {
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', baseDir], { input: archive });
    symlinkSync(join(ROOT, 'node_modules'), join(baseDir, 'node_modules'));
    copyFileSync(SELF, join(baseDir, 'bench', 'against-base.ts'));
    const trees = { base: baseDir, now: ROOT };
    const command: Record<string, string[]> = {};
    for (const [name, dir] of Object.entries(trees)) {
      const script = join(dir, 'bench', 'against-base.ts');
      if (!bundle) {
        command[name] = [...flags, '--import', 'tsx', script];
        continue;
      }
      const { build } = await import('esbuild');
      const out = join(baseDir, `${name}.mjs`);
      await build({
        entryPoints: [script],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile: out,
        define: { 'import.meta.url': JSON.stringify(`file://${script}`) },
        logLevel: 'warning',
      });
      command[name] = [...flags, out];
    }
    console.log(
      `now (${ROOT}) against ${base}, ${bundle ? 'esbuild bundles' : 'tsx'}, node ${flags.join(' ')}; ` +
        `CPU s; ${rounds} rounds x ${runs} runs per tree, each in ${slices} slices; load average ${fmtLoad()}`,
    );
    const ratios = Object.fromEntries(modes.map((m) => [m, [] as number[]]));
    const colds = Object.fromEntries(modes.map((m) => [m, [] as number[]]));
    let different = false;
    for (let round = 1; round <= rounds; round++) {
      for (const mode of modes) {
        const pairs = ratios[mode]!;
        const coldList = colds[mode]!;
        type Tree = 'base' | 'now';
        const first: Tree[] = round % 2 ? ['base', 'now'] : ['now', 'base'];
        const children: Partial<Record<'base' | 'now', Child>> = {};
        const cold: Partial<Record<'base' | 'now', Measure>> = {};
        try {
          for (const tree of first) {
            const child = new Child(tree, [...command[tree]!, '--serve', mode], trees[tree]);
            children[tree] = child;
            cold[tree] = await child.next();
          }
          coldList.push(cold.now!.cpuS / cold.base!.cpuS);
          const line: string[] = [];
          for (let k = 0; k < runs; k++) {
            const sum = (): Measure => ({ cpuS: 0, passes: 0, evaluations: 0 });
            const got = { base: sum(), now: sum() };
            for (let slice = 0; slice < slices; slice++) {
              for (const tree of first) {
                const m = await children[tree]!.run(slice, slices);
                got[tree].cpuS += m.cpuS;
                got[tree].passes += m.passes;
                got[tree].evaluations += m.evaluations;
              }
            }
            const b = got.base;
            const now = got.now;
            if (
              b.passes !== now.passes ||
              b.evaluations !== now.evaluations ||
              b.passes !== cold.base!.passes
            ) {
              different = true;
            }
            pairs.push(now.cpuS / b.cpuS);
            line.push(
              `${b.cpuS.toFixed(3)}/${now.cpuS.toFixed(3)}=${(now.cpuS / b.cpuS).toFixed(2)}`,
            );
          }
          const n = cold.now!;
          console.log(
            `round ${round} ${mode.padEnd(6)} base/now ${line.join('  ')}  ` +
              `(cold ${cold.base!.cpuS.toFixed(2)}/${n.cpuS.toFixed(2)})  load ${fmtLoad()}  ` +
              `passes ${n.passes}  evaluations ${n.evaluations}`,
          );
        } finally {
          for (const c of Object.values(children)) c.close();
        }
      }
    }
    for (const mode of modes) {
      const list = ratios[mode]!;
      console.log(
        `${mode.padEnd(6)} median ratio ${quantile(list, 0.5).toFixed(3)} over ${list.length} pairs ` +
          `(quartiles ${quantile(list, 0.25).toFixed(3)}-${quantile(list, 0.75).toFixed(3)}); ` +
          `cold (construction + first run) median ${quantile(colds[mode]!, 0.5).toFixed(3)}`,
      );
    }
    if (different) console.log('DIFFERENT RESULTS between the trees or the runs');
    console.log(`load average ${fmtLoad()}`);
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
  }
}

function fmtLoad(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

const i = process.argv.indexOf('--serve');
if (i >= 0) await serve(process.argv[i + 1]!);
else await main();
