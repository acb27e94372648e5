import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChunkRequest } from '../../src/compute/chunk.js';
import type { PackedChunk } from '../../src/compute/packed.js';
import {
  currentThreadId,
  WORKER_NICENESS,
  WORKER_YOUNG_GENERATION_MB,
  WorkerPool,
} from '../../src/compute/worker-pool.js';
import { elementsFromTle, TLE } from '../helpers/tle.js';

// The pass pool's worker module, from sources: started through the one boot file.
const PASS_WORKER = new URL('../../src/compute/pass-worker.ts', import.meta.url);
const pools: WorkerPool<ChunkRequest, PackedChunk>[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function pool(options: { threads: number; niceness?: number }) {
  const p = new WorkerPool<ChunkRequest, PackedChunk>(PASS_WORKER, options);
  pools.push(p);
  return p;
}

/** The nice value of one thread of this process, as the kernel has it. */
const niceOf = (tid: number) => getPriority(tid);

describe('WorkerPool heap limits', () => {
  it('gives each thread a bounded young generation (16 MB by default, or as asked)', async () => {
    const p = pool({ threads: 2 });
    p.warm();
    await expect.poll(() => p.threadReports.length).toBe(2);
    expect(p.threadReports.map((r) => r.youngGenerationMb)).toEqual([
      WORKER_YOUNG_GENERATION_MB,
      WORKER_YOUNG_GENERATION_MB,
    ]);
    expect(WORKER_YOUNG_GENERATION_MB).toBeLessThanOrEqual(16);
    const q = new WorkerPool<ChunkRequest, PackedChunk>(PASS_WORKER, {
      threads: 1,
      youngGenerationMb: 4,
    });
    pools.push(q);
    q.warm();
    await expect.poll(() => q.threadReports.length).toBe(1);
    expect(q.threadReports[0]!.youngGenerationMb).toBe(4);
  });
});

describe.skipIf(process.platform !== 'linux')('WorkerPool thread priority (Linux)', () => {
  it('runs each worker thread at a lower priority than the thread that made it, and leaves that one alone', async () => {
    const me = currentThreadId()!;
    const before = niceOf(me);
    const p = pool({ threads: 2 });
    p.warm();
    await expect.poll(() => p.threadIds.length).toBe(2);
    expect(new Set(p.threadIds).size).toBe(2);
    for (const tid of p.threadIds) {
      expect(tid).not.toBe(me);
      expect(niceOf(tid)).toBe(Math.min(19, before + WORKER_NICENESS));
    }
    expect(niceOf(me)).toBe(before);
    expect(niceOf(process.pid)).toBe(getPriority(process.pid));
  });

  it('keeps the priority of the process with niceness 0', async () => {
    const before = niceOf(currentThreadId()!);
    const p = pool({ threads: 1, niceness: 0 });
    p.warm();
    await expect.poll(() => p.threadIds.length).toBe(1);
    expect(niceOf(p.threadIds[0]!)).toBe(before);
  });

  it('starts a worker module given as TypeScript through the one boot file, and it answers at its lowered priority', async () => {
    const p = pool({ threads: 1, niceness: 3 });
    const [name, line1, line2] = TLE.iss;
    const start = Date.parse('2026-08-21T12:00:00Z');
    const request: ChunkRequest = {
      elements: [elementsFromTle(name, line1, line2)],
      sites: [{ observer: { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 } }],
      search: { startMs: start, endMs: start + 86_400_000 },
    };
    const reply = await p.run(request);
    expect(reply.offsets.at(-1)).toBeGreaterThan(0);
    await expect.poll(() => p.threadIds.length).toBe(1);
    const first = p.threadIds[0]!;
    const before = niceOf(currentThreadId()!);
    expect(niceOf(first)).toBe(Math.min(19, before + 3));
  });
});
