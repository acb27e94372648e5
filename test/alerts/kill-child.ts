/**
 * Child process for the outbox crash test (restart.test.ts): passwatch with alerts on real
 * timers, five scripted ISS passes starting one second after T0, a subscription to their AOS and
 * LOS sent to a webhook. The parent SIGKILLs it with deliveries in flight and retrying, then
 * starts it again on the same data directory.
 *
 * The LOS of every revolution is `LATER` (an hour) after T0, so it is still planned when the first
 * run is killed however slowly the machine runs; the second run sees a clock `KILL_CLOCK_OFFSET_MS`
 * ahead of the real one (the hour has passed), so they fall due as it starts, within
 * `lateGraceMinutes`.
 *
 * Environment: KILL_DATA_DIR, KILL_RECEIVER (webhook URL), KILL_T0 (absent on the first run: the
 * child picks T0 and creates the subscription), KILL_CLOCK_OFFSET_MS (default 0). Prints
 * `READY <T0> <id> <secret>` or `RESUMED`, and `STOPPED` after a SIGTERM. KILL_DEBUG=1 writes
 * passwatch's log lines on stderr.
 */
import { writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { startPasswatch } from '../../src/main.js';
import { testConfig } from '../catalog/helpers.js';
import { ScriptedPasses, scriptedPass } from './helpers.js';

const { KILL_DATA_DIR, KILL_RECEIVER, KILL_T0, KILL_CLOCK_OFFSET_MS } = process.env;
if (!KILL_DATA_DIR || !KILL_RECEIVER)
  throw new Error('KILL_DATA_DIR and KILL_RECEIVER are required');

const offsetMs = Number(KILL_CLOCK_OFFSET_MS ?? 0);
const clock = () => Date.now() + offsetMs;
// Set again right before the subscription is made (first run): a slow start must not make the
// AOS "too late to plan".
let t0 = KILL_T0 ? Number(KILL_T0) : clock() + 1000;
/** How long after T0 the LOS of every revolution is due. */
const LATER = 3_600_000;
/** AOS and LOS of each revolution, ms after T0. */
const PASSES: [number, number, number][] = [
  [1, 500, LATER + 1000],
  [2, 700, LATER + 1200],
  [3, 900, LATER + 1400],
  [4, 1100, LATER + 1600],
  [5, 600, LATER + 1800],
];
const source = new ScriptedPasses();
const script = () =>
  source.passes.set(
    25544,
    PASSES.map(([revolution, aos, los]) => ({
      revolution,
      pass: scriptedPass(25544, t0 + aos, { durationMs: los - aos }),
    })),
  );
script();

const file = join(KILL_DATA_DIR, 'passwatch.json');
writeFileSync(
  file,
  JSON.stringify({
    observers: { home: { lat: 52, lon: 5 } },
    alerts: {
      delivery: {
        // Retrying deliveries keep retrying (100 attempts, a second apart) and hanging ones stay
        // in flight (120 s) for as long as the parent may take to see them, even on a busy machine.
        retryBaseSeconds: 1,
        retryFactor: 1,
        maxAttempts: 100,
        timeoutSeconds: 120,
        concurrency: 16,
      },
    },
  }),
);
const handle = await startPasswatch({
  config: testConfig({
    PASSWATCH_CONFIG: file,
    PASSWATCH_DATA_DIR: KILL_DATA_DIR,
    PASSWATCH_ADMIN_TOKEN: 'secret-token-0123456789',
  }),
  clock,
  log: (e) => {
    if (process.env.KILL_DEBUG) writeSync(2, `${JSON.stringify(e)}\n`);
  },
  schedule: false,
  refreshOnStart: false,
  alerts: { passSource: source },
});
if (KILL_T0) {
  writeSync(1, 'RESUMED\n');
} else {
  t0 = clock() + 3000;
  script();
  const { id, secret } = await handle.alerts!.create({
    observer: 'home',
    satellites: [25544],
    events: [{ type: 'pass.aos' }, { type: 'pass.los' }],
    webhook: { url: KILL_RECEIVER },
  });
  writeSync(1, `READY ${t0} ${id} ${secret}\n`);
}
process.once('SIGTERM', () => {
  void handle.stop().then(() => {
    writeSync(1, 'STOPPED\n');
    process.exit(0);
  });
});
// The alerts' timers do not keep the process alive on their own (a server would).
setInterval(() => {}, 1 << 30);
