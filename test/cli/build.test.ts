/**
 * The build made at install (`prepare` → scripts/build.js → dist/) in a copy of the package whose
 * node_modules lacks tsx: the command, its worker threads and the server must run from the
 * bundle alone, and the command must not use a build older than the sources.
 */
import { execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleClient } from '../../src/web/assets.js';
import { tempDir } from '../catalog/helpers.js';
import { EventLog, exited } from '../helpers/process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const VISUAL = join(ROOT, 'test/fixtures/catalog/satvisor-visual.json');
const PASSES = [
  'passes',
  '--elements',
  VISUAL,
  '--all',
  '--threads',
  '2',
  '--count',
  '--lat',
  '52',
  '--lon',
  '5',
  '--start',
  '2026-08-22T00:00:00Z',
  '--days',
  '1',
];

let pkg: string;

beforeAll(async () => {
  pkg = tempDir('passwatch-build-');
  for (const file of ['package.json', 'scripts/build.js', 'bin/passwatch.js']) {
    mkdirSync(join(pkg, file, '..'), { recursive: true });
    copyFileSync(join(ROOT, file), join(pkg, file));
  }
  for (const dir of ['src', 'assets', 'config']) symlinkSync(join(ROOT, dir), join(pkg, dir));
  mkdirSync(join(pkg, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === 'tsx' || name === '.bin') continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(pkg, 'node_modules', name));
  }
  await run(process.execPath, [join(pkg, 'scripts/build.js')], { cwd: pkg });
});

const bin = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [join(pkg, 'bin/passwatch.js'), ...args], {
    cwd: pkg,
    env: { ...process.env, ...env },
  });

describe('the build (dist/)', () => {
  it('runs the command without tsx', async () => {
    const { stdout } = await bin(['--help']);
    expect(stdout).toMatch(/^passwatch — satellite pass predictions/);
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect((await bin(['--version'])).stdout).toBe(`passwatch ${version}\n`);
  });

  it('runs the pass search on worker threads, finding what the sources find', async () => {
    const built = await bin(PASSES);
    const fromSources = await run(process.execPath, [join(ROOT, 'bin/passwatch.js'), ...PASSES], {
      env: { ...process.env, PASSWATCH_FROM_SOURCES: '1' },
    });
    const count = (text: string) => /^(\d+) passes of (\d+) objects/m.exec(text)?.slice(1);
    expect(count(built.stdout)).toEqual(count(fromSources.stdout));
    expect(Number(count(built.stdout)![0])).toBeGreaterThan(100);
  });

  it('serves the API and the page client bundled at install', async () => {
    const child = spawn(process.execPath, [join(pkg, 'bin/passwatch.js'), 'serve'], {
      cwd: pkg,
      env: {
        ...process.env,
        PORT: '0',
        PASSWATCH_HOST: '127.0.0.1',
        PASSWATCH_DATA_DIR: tempDir(),
        PASSWATCH_REFRESH_ON_START: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const log = new EventLog(child);
      const base = `http://127.0.0.1:${await log.port()}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const passes = await fetch(
        `${base}/v1/passes?group=visual&lat=52&lon=5&start=2026-08-22T00:00:00Z&days=1`,
      );
      expect(passes.status).toBe(200);
      expect(((await passes.json()) as { passes: unknown[] }).passes.length).toBeGreaterThan(100);
      const client = await (await fetch(`${base}/web/app.js`)).text();
      expect(client).toBe(readFileSync(join(pkg, 'dist/web/app.js'), 'utf8'));
      // The install-time bundle is the one the sources make on the fly (same esbuild options).
      expect(client).toBe(await bundleClient());
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  });

  it('is not used once a source file is newer than it', async () => {
    const stamp = join(pkg, 'dist/build.json');
    const current = readFileSync(stamp, 'utf8');
    writeFileSync(stamp, JSON.stringify({ ...JSON.parse(current), newestSourceMs: 0 }));
    try {
      // Falls back to the sources through tsx, which this copy does not have.
      await expect(bin(['--help'])).rejects.toMatchObject({
        stderr: expect.stringContaining("Cannot find package 'tsx'"),
      });
    } finally {
      writeFileSync(stamp, current);
    }
    expect((await bin(['--help'])).stdout).toMatch(/^passwatch — /);
  });
});
