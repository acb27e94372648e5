/**
 * The pass search now against an earlier commit, side by side (issue 12: "`npm run bench` is not
 * slower"): CPU time of the same work in the two trees, one process per measurement, the trees
 * alternated (order flipped each round), under `nice`. Prints each round's ratio (now / base) and
 * the load average, then each case's median ratio; the passes and SGP4 evaluations of both trees
 * must be equal.
 *
 *   node --import tsx bench/against-base.ts [--base 5c46e86] [--rounds 3] [--bundle]
 *
 * The base is extracted with `git archive` into a temporary directory sharing this checkout's
 * node_modules. The work (`single`: `findPasses`, ISS, 10 days x 300; `whole`: `findPassesBulk`
 * over the 16,069 objects of bench/data/active.tle, 52N 5E, 2 days) is measured with
 * `process.cpuUsage()` after a warm-up (`whole`: the same search once). By default both trees run
 * through tsx, as `npm run bench` does (tsx compiles with esbuild's keepNames: every closure made
 * costs a `name` definition);
 * `--bundle` measures esbuild bundles without keepNames instead, as `npm run build` ships.
 * Not part of `npm run bench`: it needs git and takes a few minutes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Measure {
  cpuS: number;
  passes: number;
  evaluations: number;
}

/** One measurement in this process (the child side). */
async function measure(mode: string): Promise<Measure> {
  // Imported here so that the parent side loads nothing of either tree.
  const { parseTle } = await import('../src/core/elements/index.js');
  const { Orbit, Site } = await import('../src/core/orbit/index.js');
  const { findPasses, findPassesBulk } = await import('../src/core/passes/index.js');
  const data = fileURLToPath(new URL('./data/active.tle', import.meta.url));
  const start = Date.parse('2026-08-22T00:00:00Z');
  const day = 86_400_000;
  const site = new Site({ latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 });
  const { elements } = parseTle(readFileSync(data, 'utf8'), data);
  let run: (n: number) => { passes: number; evaluations: number };
  let n: number;
  if (mode === 'whole') {
    const orbits = elements.map((e) => new Orbit(e));
    run = (days) => {
      const r = findPassesBulk(orbits, [{ site }], { startMs: start, endMs: start + days * day });
      return { passes: r.passCount, evaluations: r.evaluations };
    };
    n = 2;
    // The warm-up is the same search once: a short one leaves first-use work over the catalogue
    // (each record's first propagations) to the measured run in one tree and not the other (in
    // 5c46e86, planNearEarth read every satrec during any warm-up). Measured separately,
    // construction + warm-up + run cost the same in both trees; the first run alone did not.
    run(n);
  } else {
    const iss = elements.find((e) => e.noradId === 25544)!;
    run = (count) => {
      let passes = 0;
      let evaluations = 0;
      for (let i = 0; i < count; i++) {
        const r = findPasses(new Orbit(iss), site, { startMs: start, endMs: start + 10 * day });
        passes += r.passes.length;
        evaluations += r.evaluations;
      }
      return { passes, evaluations };
    };
    run(20);
    n = 300;
  }
  const c0 = process.cpuUsage();
  const r = run(n);
  const c = process.cpuUsage(c0);
  return { cpuS: (c.user + c.system) / 1e6, ...r };
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

async function main(): Promise<void> {
  const base = arg('--base', '5c46e86');
  const rounds = Number(arg('--rounds', '3'));
  const bundle = process.argv.includes('--bundle');
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
        command[name] = ['--import', 'tsx', script];
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
      command[name] = [out];
    }
    console.log(`now (${ROOT}) against ${base}, ${bundle ? 'esbuild bundles' : 'tsx'}; CPU s`);
    const ratios: Record<string, number[]> = { single: [], whole: [] };
    for (let round = 1; round <= rounds; round++) {
      for (const mode of ['single', 'whole']) {
        const order = round % 2 ? (['base', 'now'] as const) : (['now', 'base'] as const);
        const got: Partial<Record<'base' | 'now', Measure>> = {};
        for (const tree of order) {
          const r = spawnSync('nice', [process.execPath, ...command[tree]!, '--measure', mode], {
            cwd: trees[tree],
            encoding: 'utf8',
          });
          if (r.status !== 0) throw new Error(`${tree} ${mode}: ${r.stderr}`);
          got[tree] = JSON.parse(r.stdout) as Measure;
        }
        const b = got.base!;
        const now = got.now!;
        const same = b.passes === now.passes && b.evaluations === now.evaluations;
        ratios[mode]!.push(now.cpuS / b.cpuS);
        console.log(
          `round ${round} ${mode.padEnd(6)} base ${b.cpuS.toFixed(3)}  now ${now.cpuS.toFixed(3)}  ` +
            `ratio ${(now.cpuS / b.cpuS).toFixed(2)}  load ${loadavg()[0]!.toFixed(2)}  ` +
            `passes ${now.passes}  evaluations ${now.evaluations}${same ? '' : '  DIFFERENT RESULTS'}`,
        );
      }
    }
    for (const [mode, list] of Object.entries(ratios)) {
      const sorted = [...list].sort((x, y) => x - y);
      const mid = sorted.length / 2;
      const median =
        sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      console.log(`${mode.padEnd(6)} median ratio ${median.toFixed(2)} over ${list.length} rounds`);
    }
  } finally {
    rmSync(baseDir, { recursive: true, force: true });
  }
}

const i = process.argv.indexOf('--measure');
if (i >= 0) console.log(JSON.stringify(await measure(process.argv[i + 1]!)));
else await main();
