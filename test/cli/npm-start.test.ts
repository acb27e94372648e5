/**
 * `npm start` is how most people run passwatch; stopping npm (a service manager's SIGTERM, or
 * Ctrl-C in a terminal) must stop the server and free its port, not leave it running orphaned.
 * Linux only (reads /proc to find the processes npm started).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../catalog/helpers.js';
import { alive, descendants, EventLog, exited, listening } from '../helpers/process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Processes started by the test, killed afterwards whatever happened. */
const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** Resolves when every process npm started has exited (at most `ms`; a busy machine is slow). */
async function settled(tree: number[], ms = 20_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (tree.some(alive) && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function npmStart() {
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      PASSWATCH_HOST: '127.0.0.1',
      PASSWATCH_DATA_DIR: tempDir(),
      PASSWATCH_REFRESH_ON_START: 'false',
    },
    // Its own process group, as a terminal gives a foreground job (Ctrl-C signals the group).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = new EventLog(child);
  const port = await log.port();
  const tree = descendants(child.pid!);
  started.push(child.pid!, ...tree);
  expect(tree.length).toBeGreaterThan(0);
  expect(await listening(port)).toBe(true);
  return { child, log, port, tree };
}

describe.skipIf(process.platform !== 'linux')('npm start', () => {
  it('stops the server and frees the port when npm gets SIGTERM', async () => {
    const { child, log, port, tree } = await npmStart();
    child.kill('SIGTERM');
    await exited(child);
    await settled(tree);
    // Every process npm started is gone and nothing listens on the port any more.
    expect(tree.filter(alive)).toEqual([]);
    expect(await listening(port)).toBe(false);
    await log.waitFor((e) => e.event === 'stop');
    expect(log.stderr).toContain('passwatch: SIGTERM received, stopping');
  });

  it('stops on Ctrl-C (SIGINT to the foreground process group)', async () => {
    const { child, log, port, tree } = await npmStart();
    process.kill(-child.pid!, 'SIGINT');
    await exited(child);
    await settled(tree);
    expect(tree.filter(alive)).toEqual([]);
    expect(await listening(port)).toBe(false);
    await log.waitFor((e) => e.event === 'stop');
  });
});
