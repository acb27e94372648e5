import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLED_TRANSMITTERS_PATH } from '../../../src/catalog/transmitters/index.js';
import { startPasswatch } from '../../../src/main.js';
import { FakeCelestrak, fixture, TestClock, testConfig } from '../helpers.js';

const RAW = JSON.parse(
  gunzipSync(readFileSync(BUNDLED_TRANSMITTERS_PATH)).toString('utf8'),
) as unknown[];

let server: FakeCelestrak;
beforeAll(async () => {
  server = await FakeCelestrak.start();
  server.set('GROUP=stations', { body: fixture('catalog/satvisor-stations.json') });
  server.set('/satnogs/api/transmitters/', {
    body: JSON.stringify(RAW.slice(0, 500)),
    contentType: 'application/json',
  });
});
afterAll(async () => {
  await server.close();
});

describe('the transmitter list in a running passwatch', () => {
  it('refreshes only when asked by name (its own job otherwise), from PASSWATCH_SATNOGS_URL', async () => {
    const clock = new TestClock();
    const events: { event: string; source?: unknown }[] = [];
    const handle = await startPasswatch({
      config: testConfig({
        PASSWATCH_CELESTRAK_URL: server.url,
        PASSWATCH_GROUPS: 'stations',
        PASSWATCH_SATNOGS_URL: `${server.url}/satnogs`,
      }),
      clock: clock.now,
      log: (e) => events.push(e),
      schedule: false,
    });
    try {
      const all = await handle.refresh();
      expect(all.map((r) => r.source)).toEqual(['celestrak:stations']);
      expect(server.count('/satnogs/api/transmitters/')).toBe(0);
      const named = await handle.refresh({ sources: ['satnogs:transmitters'] });
      expect(named.map((r) => [r.source, r.outcome])).toEqual([
        ['satnogs:transmitters', 'updated'],
      ]);
      expect(handle.transmitters.status()).toMatchObject({ origin: 'network', transmitters: 500 });
      expect(events.filter((e) => e.event === 'refresh').map((e) => e.source)).toEqual([
        'celestrak:stations',
        'satnogs:transmitters',
      ]);
      expect(handle.store.refreshLog({ source: 'satnogs:transmitters' })).toHaveLength(1);
    } finally {
      await handle.stop();
    }
  });
});
