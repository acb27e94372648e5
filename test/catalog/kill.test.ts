/**
 * SIGKILL in the middle of a refresh loses nothing: a child process refreshes the full active
 * catalogue (16,069 objects) over one already holding another full snapshot (15,985), stalls
 * inside the write transaction, and is killed there. The store must then hold exactly the old
 * data; a child that is not killed leaves exactly the new data. The same with the write in the
 * calling thread (`passwatch refresh`) and on the refresh's worker thread (the server).
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogRecord,
  CatalogStore,
  type TransactionStage,
} from '../../src/catalog/index.js';
import { parseElements } from '../../src/core/elements/index.js';
import { FakeCelestrak, fixture, TestClock, tempDir, testConfig, wire } from './helpers.js';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
const OLD_CSV = fixture('catalog/active-2026-07-10.csv.gz');
const NEW_TLE = fixture('catalog/active-2026-08-22.tle.gz');

let server: FakeCelestrak;
beforeAll(async () => {
  server = await FakeCelestrak.start();
});
afterAll(async () => {
  await server.close();
});

interface ChildResult {
  line: string;
  signal: NodeJS.Signals | null;
  code: number | null;
  walBytes: number | null;
}

/** Run the child; when it reports being in the transaction, note the WAL size and SIGKILL it. */
function runChild(
  dataDir: string,
  stage: TransactionStage | 'none',
  nowMs: number,
  writer: Writer,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: {
        ...process.env,
        KILL_DATA_DIR: dataDir,
        KILL_SOURCE_URL: `${server.url}/active`,
        KILL_NOW_MS: String(nowMs),
        KILL_STAGE: stage,
        KILL_WRITER: writer,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let line = '';
    let walBytes: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const done = out.indexOf('\n');
      if (done < 0 || line !== '') return;
      line = out.slice(0, done);
      if (line.startsWith('IN_TRANSACTION')) {
        walBytes = statSync(join(dataDir, 'passwatch.sqlite-wal')).size;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (line === '')
        reject(new Error(`child exited (${code ?? signal}) without a report: ${err}`));
      else resolve({ line, code, signal, walBytes });
    });
  });
}

/** Where the child writes: in its main thread, or on the refresh's worker thread. */
type Writer = 'main' | 'thread';

describe.each([
  ['in the calling thread', 'main'],
  ["on the refresh's worker thread", 'thread'],
] as const)('a refresh killed with SIGKILL, written %s', (_, writer: Writer) => {
  const clock = new TestClock();
  const dataDir = tempDir();
  let oldRecords: CatalogRecord[] = [];
  let oldLogCount = 0;

  beforeAll(async () => {
    server.set('/active', { body: OLD_CSV });
    const config = testConfig({
      PASSWATCH_DATA_DIR: dataDir,
      PASSWATCH_GROUPS: '',
      PASSWATCH_SOURCES: JSON.stringify([
        { name: 'mirror', url: `${server.url}/active`, minIntervalMinutes: 0 },
      ]),
    });
    const w = wire(config, clock);
    const [report] = await w.refresher.refresh();
    expect(report).toMatchObject({ outcome: 'updated', objects: { after: 15_985 } });
    oldRecords = w.store.loadObjects();
    oldLogCount = w.store.refreshLog().length;
    w.store.close();
    server.set('/active', { body: NEW_TLE });
  });

  function reopen(): CatalogStore {
    return CatalogStore.open(join(dataDir, 'passwatch.sqlite'));
  }

  for (const stage of ['elements-removed', 'elements-written', 'objects-updated'] as const) {
    it(`at "${stage}" leaves exactly the old data`, async () => {
      clock.advance(60_000);
      const result = await runChild(dataDir, stage, clock.nowMs, writer);
      expect(result.line).toBe(`IN_TRANSACTION ${stage}`);
      expect(result.signal).toBe('SIGKILL');
      if (stage !== 'elements-removed') {
        // The transaction's pages had already spilled into the WAL file when the process died.
        expect(result.walBytes).toBeGreaterThan(1_000_000);
      }
      const store = reopen();
      try {
        expect(store.objectCount()).toBe(15_985);
        expect(store.loadObjects()).toEqual(oldRecords);
        expect(store.sourceNoradIds('mirror').size).toBe(15_985);
        expect(store.sourceState('mirror')).toMatchObject({
          objectCount: 15_985,
          lastOutcome: 'updated',
          failures: 0,
          // The attempt itself was committed before the fetch: the interval rule survives.
          lastAttemptMs: clock.nowMs,
        });
        expect(store.refreshLog()).toHaveLength(oldLogCount);
        expect(store.integrityCheck()).toBe('ok');
      } finally {
        store.close();
      }
    });
  }

  it('not killed, leaves exactly the new data', async () => {
    clock.advance(60_000);
    const result = await runChild(dataDir, 'none', clock.nowMs, writer);
    expect(result.line).toBe('DONE updated ');
    expect(result.code).toBe(0);
    const expected = parseElements(NEW_TLE, `${server.url}/active`).elements;
    const store = reopen();
    try {
      const records = store.loadObjects();
      expect(records).toHaveLength(16_069);
      expect(records.map((r) => r.elements)).toEqual(
        [...expected].sort((a, b) => a.noradId - b.noradId),
      );
      expect(store.refreshLog()).toHaveLength(oldLogCount + 1);
      expect(store.integrityCheck()).toBe('ok');
    } finally {
      store.close();
    }
  });
});
