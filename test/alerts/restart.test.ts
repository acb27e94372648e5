/**
 * The outbox survives SIGKILL: a child process fires events whose deliveries hang (in flight)
 * or fail (retrying) at a real receiver, and is killed with events still planned. Restarted on
 * the same data directory, it resends what was in flight and retrying under the same
 * webhook-ids, fires the planned events, and every event reaches the receiver under exactly one
 * id, signed.
 *
 * Nothing here waits on a wall-clock deadline shorter than the test's own timeout: the test
 * waits for the states it needs (lines from the child, requests at the receiver), and the child's
 * scripted times leave the planned events planned however slowly the machine runs (see
 * kill-child.ts). Children run in their own process group, killed after the test whatever happens.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AlertStore } from '../../src/alerts/index.js';
import { tempDir } from '../catalog/helpers.js';
import { Receiver } from './helpers.js';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));
/** The second run's clock is this far ahead: the hour after which kill-child.ts puts LOS. */
const HOUR_LATER_MS = 3_600_000;
/** Generous: each phase takes seconds on an idle machine, much longer at a load of 20. */
const TEST_TIMEOUT_MS = 300_000;
/** What `until` waits at most; below the test timeout so that a failure says what was missing. */
const WAIT_MS = 240_000;

const children: ChildProcessWithoutNullStreams[] = [];
/** The children's stderr so far (their log lines too, with KILL_DEBUG=1), for failure messages. */
const stderrs: (() => string)[] = [];
afterEach(() => {
  stderrs.length = 0;
  // The whole process group, whether the test passed or not.
  for (const proc of children.splice(0)) {
    if (proc.exitCode !== null || proc.signalCode !== null) continue;
    try {
      process.kill(-proc.pid!, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
});

let receiver: Receiver;
beforeAll(async () => {
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver.close();
});

interface Child {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  line(prefix: string): Promise<string>;
}

function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(proc);
  const lines: string[] = [];
  let out = '';
  let err = '';
  stderrs.push(() => err);
  proc.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const parts = out.split('\n');
    out = parts.pop()!;
    lines.push(...parts);
  });
  proc.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    lines,
    exited,
    async line(prefix) {
      await until(`the child's "${prefix}" line`, () => {
        if (lines.some((l) => l.startsWith(prefix))) return true;
        if (proc.exitCode !== null || proc.signalCode !== null) {
          throw new Error(`child exited without a "${prefix}" line; stderr: ${err}`);
        }
        return false;
      });
      return lines.find((l) => l.startsWith(prefix))!;
    },
  };
}

/** Polls `ok` until it holds (a condition, not a deadline: `WAIT_MS` only names what was missing). */
async function until(what: string, ok: () => boolean): Promise<void> {
  const giveUp = Date.now() + WAIT_MS;
  while (!ok()) {
    if (Date.now() > giveUp) {
      throw new Error(
        `still waiting for ${what}; children's stderr:\n${stderrs.map((f) => f()).join('\n---\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a process killed with deliveries in flight', () => {
  it(
    'resumes them after restart under the same ids, losing and duplicating nothing',
    async () => {
      const dataDir = tempDir();
      let phase: 1 | 2 = 1;
      const answered: { id: string; phase: number; status: number | 'hang' }[] = [];
      receiver.reply = (r) => {
        const rev = r.json?.pass?.revolution;
        let reply: { status: number } | { hang: true };
        if (phase === 2) reply = { status: 200 };
        else if (r.json?.type === 'pass.aos' && (rev === 1 || rev === 2)) reply = { hang: true };
        else reply = { status: 500 };
        answered.push({
          id: r.headers['webhook-id']!,
          phase,
          status: 'hang' in reply ? 'hang' : reply.status,
        });
        return reply;
      };
      const env = { KILL_DATA_DIR: dataDir, KILL_RECEIVER: receiver.url() };

      const first = startChild(env);
      const [, t0, id, secret] = (await first.line('READY')).split(' ') as [
        string,
        string,
        string,
        string,
      ];
      // In flight: the two hanging AOS deliveries; retrying: the others, failed at least twice.
      await until('hanging and retrying deliveries', () => {
        const hung = answered.filter((a) => a.status === 'hang').length;
        const failed = answered.filter((a) => a.status === 500);
        const retried = new Set(failed.map((a) => a.id)).size;
        return hung >= 2 && retried >= 3 && failed.length >= 6;
      });
      first.proc.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

      // What the dead process left: deliveries mid-attempt and waiting to retry, events planned.
      const store = AlertStore.open(join(dataDir, 'alerts.sqlite'));
      const left = store.allDeliveries();
      const states = left.map((d) => d.state);
      expect(states.filter((s) => s === 'sending').length).toBeGreaterThanOrEqual(2);
      expect(
        states.filter((s) => s === 'pending').length + states.filter((s) => s === 'sending').length,
      ).toBe(left.length);
      expect(store.events(id, ['planned']).length).toBeGreaterThan(0);
      const idsBefore = new Set(left.map((d) => d.id));
      store.close();

      phase = 2;
      // An hour later for the child: the LOS it left planned falls due seconds after it starts.
      const second = startChild({
        ...env,
        KILL_T0: t0,
        KILL_CLOCK_OFFSET_MS: String(HOUR_LATER_MS),
      });
      await second.line('RESUMED');
      // 5 passes x (AOS, LOS): ten events, each delivered.
      await until(
        'every event delivered',
        () => new Set(answered.filter((a) => a.status === 200).map((a) => a.id)).size === 10,
      );
      second.proc.kill('SIGTERM');
      await second.line('STOPPED');
      await second.exited;

      const byId = new Map<string, Set<string>>();
      for (const r of receiver.received) {
        const key = `${r.json.type}@${r.json.pass.revolution}`;
        byId.set(
          r.headers['webhook-id']!,
          (byId.get(r.headers['webhook-id']!) ?? new Set()).add(key),
        );
        // Every request, before and after the crash, is signed and verifies.
        vi.useFakeTimers({ toFake: ['Date'], now: Number(r.headers['webhook-timestamp']) * 1000 });
        try {
          expect(new Webhook(secret).verify(r.body, r.headers)).toMatchObject({
            id: r.headers['webhook-id'],
          });
        } finally {
          vi.useRealTimers();
        }
      }
      // Exactly one id per event, one event per id.
      expect(byId.size).toBe(10);
      const events = [...byId.values()].map((s) => [...s]);
      expect(events.every((e) => e.length === 1)).toBe(true);
      expect(events.flat().sort()).toEqual(
        [1, 2, 3, 4, 5].flatMap((rev) => [`pass.aos@${rev}`, `pass.los@${rev}`]).sort(),
      );
      // Those in flight or retrying at the kill were resent under their ids and delivered.
      const delivered = new Set(
        answered.filter((a) => a.phase === 2 && a.status === 200).map((a) => a.id),
      );
      for (const d of idsBefore) expect(delivered.has(d)).toBe(true);

      const after = AlertStore.open(join(dataDir, 'alerts.sqlite'));
      try {
        expect(after.allDeliveries().map((d) => d.state)).toEqual(Array(10).fill('delivered'));
        expect(after.events(id).map((e) => e.state)).toEqual(Array(10).fill('fired'));
        const interrupted = after
          .allDeliveries()
          .flatMap((d) => after.attempts(d.id))
          .filter((a) => a.outcome === 'interrupted');
        expect(interrupted.length).toBeGreaterThanOrEqual(2);
      } finally {
        after.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
