/**
 * The `alerts` config section: validated like the rest (every problem, with its path), and
 * config-declared subscriptions loaded at start, kept in sync on restart, and config-owned.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { tempDir } from '../catalog/helpers.js';
import {
  alertsUnderTest,
  FakeTime,
  HOUR,
  MINUTE,
  NOW,
  Receiver,
  ScriptedPasses,
  scriptedPass,
} from './helpers.js';

const SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;

function problems(file: unknown): string[] {
  const dir = tempDir();
  const path = join(dir, 'c.json');
  writeFileSync(path, JSON.stringify(file));
  try {
    loadConfig({ PASSWATCH_CONFIG: path, PASSWATCH_DATA_DIR: dir }, { cwd: dir });
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('the alerts config section', () => {
  it('reports every problem with its path', () => {
    const found = problems({
      observers: { home: { lat: 52, lon: 5 } },
      alerts: {
        horizonHours: 0,
        replanSchedule: 'hourly',
        colour: 'red',
        delivery: { allow: ['10.0.0.0/33'], maxAttempts: 0 },
        mqtt: { url: 'http://broker', topicPrefix: 'a/#' },
        publicUrl: 'passwatch.lan',
        subscriptions: {
          porch: {
            observer: 'cabin',
            satellites: [25544],
            events: [{ type: 'pass.maybe' }],
            webhook: { url: 'http://192.168.1.20:8123/api/webhook/iss' },
          },
          lamp: {
            observer: 'home',
            satellites: [25544],
            events: [{ type: 'pass.aos' }],
            webhook: { url: 'http://192.168.1.20:8123/api/webhook/iss' },
            maxMagnitude: 2,
            visibleOnly: false,
          },
          'Bad Name': {},
        },
      },
    });
    // In the order of the settings; unknown keys first.
    expect(found).toEqual([
      expect.stringMatching(/^alerts\.colour: unknown setting/),
      expect.stringMatching(/^alerts\.horizonHours: expected a number from 1 to 336/),
      expect.stringMatching(/^alerts\.replanSchedule: expected a cron expression/),
      expect.stringMatching(/^alerts\.publicUrl: expected an http:\/\/ or https:\/\/ URL/),
      expect.stringMatching(
        /^alerts\.delivery\.maxAttempts: expected a whole number from 1 to 100/,
      ),
      expect.stringMatching(/^alerts\.delivery\.allow\[0\]: expected an IP address or CIDR block/),
      expect.stringMatching(/^alerts\.mqtt\.url: expected a broker URL/),
      expect.stringMatching(
        /^alerts\.mqtt\.topicPrefix: expected a topic prefix without wildcards/,
      ),
      expect.stringMatching(
        /^alerts\.subscriptions\.porch\.events\[0\]\.type: type must be one of/,
      ),
      expect.stringMatching(
        /^alerts\.subscriptions\.lamp\.maxMagnitude: maxMagnitude only matches visible passes/,
      ),
      expect.stringMatching(
        /^alerts\.subscriptions\.lamp\.secret: a subscription with a webhook needs its signing secret/,
      ),
      expect.stringMatching(/^alerts\.subscriptions\.Bad Name: subscription names use lower-case/),
    ]);
    expect(
      problems({
        alerts: {
          subscriptions: {
            porch: {
              observer: 'cabin',
              satellites: [25544],
              events: [{ type: 'pass.aos' }],
              mqtt: true,
            },
          },
        },
      }),
    ).toEqual([
      'alerts.subscriptions.porch.observer: no observer named "cabin" in observers',
      'alerts.subscriptions.porch.mqtt: needs a broker in alerts.mqtt',
    ]);
  });
});

describe('the README section on alerts', () => {
  it('shows config examples that are valid', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('## Home Assistant and alerts'));
    const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)]
      .map((m) => JSON.parse(m[1]!) as Record<string, unknown>)
      .filter((b) => 'alerts' in b);
    expect(blocks).toHaveLength(2);
    for (const b of blocks) {
      expect(problems({ observers: { home: { lat: 52, lon: 5 } }, ...b })).toEqual([]);
    }
  });
});

describe('config-declared subscriptions', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('are loaded at start, owned by the config, signed with its secret, and kept in sync', async () => {
    const dataDir = tempDir();
    const source = new ScriptedPasses();
    source.passes.set(25544, [{ revolution: 3, pass: scriptedPass(25544, NOW + 30 * MINUTE) }]);
    const porch = {
      name: 'Porch light',
      observer: 'home',
      satellites: [25544],
      events: [{ type: 'pass.upcoming', leadMinutes: 10 }],
      webhook: { url: receiver.url() },
      secret: SECRET,
    };
    const start = (subscriptions: Record<string, unknown>) =>
      alertsUnderTest({
        passSource: source,
        time: new FakeTime(),
        dataDir,
        alerts: { subscriptions },
      });

    let t = await start({ porch });
    try {
      const list = (await t.api('GET', '/v1/subscriptions')).body.items;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({
        id: 'cfg_porch',
        owner: 'config',
        name: 'Porch light',
        revision: 1,
      });
      expect(list[0].upcoming.map((e: any) => e.type)).toEqual(['pass.upcoming']);
      expect((await t.api('PATCH', '/v1/subscriptions/cfg_porch', { name: 'x' })).status).toBe(409);
      const del = await t.api('DELETE', '/v1/subscriptions/cfg_porch');
      expect(del.status).toBe(409);
      expect(del.body.type).toBe('/problems/owned-by-config');
      await t.advance(HOUR);
      const got = receiver.received.at(-1)!;
      vi.useFakeTimers({ toFake: ['Date'], now: Number(got.headers['webhook-timestamp']) * 1000 });
      try {
        expect(new Webhook(SECRET).verify(got.body, got.headers)).toMatchObject({
          type: 'pass.upcoming',
          subscription: { id: 'cfg_porch', name: 'Porch light' },
        });
      } finally {
        vi.useRealTimers();
      }
    } finally {
      await t.stop();
    }

    // Changed in the config: updated on the next start.
    t = await start({ porch: { ...porch, name: 'Porch lamp' } });
    try {
      const one = (await t.api('GET', '/v1/subscriptions/cfg_porch')).body;
      expect(one).toMatchObject({ name: 'Porch lamp', revision: 2 });
    } finally {
      await t.stop();
    }

    // Gone from the config: gone.
    t = await start({});
    try {
      expect((await t.api('GET', '/v1/subscriptions')).body.items).toEqual([]);
      expect((await t.api('GET', '/v1/subscriptions/cfg_porch')).status).toBe(404);
    } finally {
      await t.stop();
    }
  });

  it('can turn alerts off: no service, no subscription routes', async () => {
    const { startPasswatch } = await import('../../src/main.js');
    const { testConfig } = await import('../catalog/helpers.js');
    const dir = tempDir();
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ alerts: { enabled: false } }));
    const handle = await startPasswatch({
      config: testConfig({ PASSWATCH_CONFIG: file }),
      log: () => {},
      schedule: false,
    });
    expect(handle.alerts).toBeNull();
    await handle.stop();
  });
});
