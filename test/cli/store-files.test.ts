/**
 * `passwatch serve` (the real command, on port 0) and its store files: it refuses to start on an
 * empty or junk store, naming the file in one line with a non-zero exit and leaving the file as it
 * was; and what it creates is private: every file 0600 (the four stores, their -wal/-shm files,
 * the webhook secrets in the alerts database), the data directory 0700.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receiver, TOKEN } from '../alerts/helpers.js';
import { tempDir } from '../catalog/helpers.js';

const BIN = fileURLToPath(new URL('../../bin/passwatch.js', import.meta.url));

const baseEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  PASSWATCH_DATA_DIR: dataDir,
  // Any free port: a passwatch may already run on 8080 (`npm start` in the same checkout).
  PORT: '0',
  PASSWATCH_HOST: '127.0.0.1',
  PASSWATCH_REFRESH_ON_START: 'false',
  // Nothing is fetched: a refresh would go nowhere.
  PASSWATCH_CELESTRAK_URL: 'http://127.0.0.1:9/',
});

/** Run `passwatch serve` to its exit (it must exit: a hang fails the test by its timeout). */
function serveUntilExit(env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(process.execPath, [BIN, 'serve'], { env, timeout: 50_000 }, (error, _out, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr });
    });
  });
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const mode = (path: string) => statSync(path).mode & 0o777;

const STORES = [
  ['passwatch.sqlite', 'catalog store'],
  ['alerts.sqlite', 'alerts database'],
  ['watch.sqlite', 'watch store'],
  ['stations.sqlite', 'station database'],
] as const;

describe('passwatch serve on a store file it cannot use', () => {
  it.each(STORES)(
    'refuses an empty or junk %s (the %s), naming it, and leaves it as it was',
    async (file, what) => {
      for (const [kind, bytes, reason] of [
        ['empty', Buffer.alloc(0), 'is empty \\(0 bytes\\)'],
        ['junk', Buffer.alloc(8192, 0x5a), 'is damaged or not a SQLite database'],
      ] as const) {
        const dataDir = tempDir();
        const path = join(dataDir, file);
        writeFileSync(path, bytes);
        const before = sha(path);
        const { code, stderr } = await serveUntilExit(baseEnv(dataDir));
        expect(code, `${file} ${kind}`).toBe(1);
        const escaped = path.replace(/[.]/g, '\\.');
        expect(stderr, `${file} ${kind}`).toMatch(
          new RegExp(`^passwatch: the ${what} ${escaped} ${reason}[^\\n]*\\n$`),
        );
        expect(sha(path), `${file} ${kind}`).toBe(before);
        expect(readdirSync(dataDir).filter((f) => f.startsWith(`${file}-`))).toEqual([]);
      }
    },
    // Two starts of the command, each up to its 50 s timeout on a busy machine.
    120_000,
  );
});

describe('passwatch serve in a new data directory', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
  });
  afterAll(() => receiver.close());

  it('creates it 0700 and every file in it 0600, webhook secrets included', async () => {
    const root = tempDir();
    const dataDir = join(root, 'new', 'data');
    const configDir = tempDir();
    const configFile = join(configDir, 'passwatch.json');
    writeFileSync(
      configFile,
      JSON.stringify({ observers: { home: { lat: 52, lon: 5, alt: 10 } } }),
    );
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...baseEnv(dataDir), PASSWATCH_CONFIG: configFile, PASSWATCH_ADMIN_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      let out = '';
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /"event":"listening"[^\n]*"port":(\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', () => reject(new Error(`passwatch serve exited: ${out}`)));
      });
      // A subscription: its webhook secret is stored in the alerts database.
      const created = await fetch(`http://127.0.0.1:${port}/v1/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          observer: 'home',
          satellites: [25544],
          events: [{ type: 'pass.aos' }],
          webhook: { url: receiver.url() },
        }),
      });
      expect(created.status).toBe(201);
      expect(((await created.json()) as { secret: string }).secret).toMatch(/^whsec_/);
      // While it runs (the -wal and -shm files are removed when it stops).
      expect(mode(join(root, 'new')), 'new').toBe(0o700);
      expect(mode(dataDir), 'data').toBe(0o700);
      const files = readdirSync(dataDir);
      for (const [store] of STORES) {
        expect(files).toContain(store);
        expect(files).toContain(`${store}-wal`);
      }
      for (const f of files) expect(mode(join(dataDir, f)), f).toBe(0o600);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    for (const f of readdirSync(dataDir)) expect(mode(join(dataDir, f)), f).toBe(0o600);
  }, 120_000);
});
