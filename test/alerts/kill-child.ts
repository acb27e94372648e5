/**
 * Child process for the outbox crash test (restart.test.ts): passwatch with alerts on the real
 * clock, five scripted ISS passes starting one second after T0, a subscription to their AOS and
 * LOS sent to a webhook. The parent SIGKILLs it with deliveries in flight and retrying, then
 * starts it again on the same data directory.
 *
 * Environment: KILL_DATA_DIR, KILL_RECEIVER (webhook URL), KILL_T0 (absent on the first run: the
 * child picks T0 and creates the subscription). Prints `READY <T0> <id> <secret>` or `RESUMED`,
 * and `STOPPED` after a SIGTERM.
 */
import { writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { startPasswatch } from '../../src/main.js';
import { testConfig } from '../catalog/helpers.js';
import { ScriptedPasses, scriptedPass } from './helpers.js';

const { KILL_DATA_DIR, KILL_RECEIVER, KILL_T0 } = process.env;
if (!KILL_DATA_DIR || !KILL_RECEIVER)
  throw new Error('KILL_DATA_DIR and KILL_RECEIVER are required');

const t0 = KILL_T0 ? Number(KILL_T0) : Date.now() + 1000;
/** AOS and LOS of each revolution, ms after T0. */
const PASSES: [number, number, number][] = [
  [1, 500, 8000],
  [2, 700, 8200],
  [3, 900, 8400],
  [4, 1100, 8600],
  [5, 600, 3000],
];
const source = new ScriptedPasses();
source.passes.set(
  25544,
  PASSES.map(([revolution, aos, los]) => ({
    revolution,
    pass: scriptedPass(25544, t0 + aos, { durationMs: los - aos }),
  })),
);

const file = join(KILL_DATA_DIR, 'passwatch.json');
writeFileSync(
  file,
  JSON.stringify({
    observers: { home: { lat: 52, lon: 5 } },
    alerts: {
      delivery: {
        retryBaseSeconds: 0.3,
        retryFactor: 1,
        maxAttempts: 50,
        timeoutSeconds: 60,
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
  log: () => {},
  schedule: false,
  refreshOnStart: false,
  alerts: { passSource: source },
});
if (KILL_T0) {
  writeSync(1, 'RESUMED\n');
} else {
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
