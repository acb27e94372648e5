import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Config, ConfigError, formatProblem, loadConfig } from '../../src/config/index.js';

const CWD = mkdtempSync(join(tmpdir(), 'passwatch-station-settings-'));
const observers = { home: { lat: 52, lon: 5, alt: 10 } };

function load(stations: unknown): Config {
  const path = join(mkdtempSync(join(tmpdir(), 'passwatch-cfg-')), 'config.json');
  writeFileSync(path, JSON.stringify({ observers, stations }));
  return loadConfig({ PASSWATCH_CONFIG: path }, { cwd: CWD });
}

function problems(stations: unknown): string[] {
  try {
    load(stations);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.map((p) => formatProblem(p).replace(/ \(from [^)]*\)\)/, ''));
    }
    throw error;
  }
  return [];
}

const rotator = { azimuthRateDegS: 6, elevationRateDegS: 6 };

describe('station daemon and control settings', () => {
  it('default to no daemons and control off, with documented loop settings', () => {
    const c = load({ shack: { observer: 'home', rotator } });
    const s = c.stations.shack!;
    expect(s.rotator?.daemon).toBeNull();
    expect(s.radio).toBeNull();
    expect(s.control).toEqual({
      enabled: false,
      updateSeconds: 1,
      rotatorIntervalSeconds: 10,
      rotatorThresholdDeg: 2,
      retuneStepHz: 10,
      prepositionMarginSeconds: 30,
      radioLeadSeconds: 60,
      planHours: 24,
      commandTimeoutSeconds: 3,
    });
  });

  it('read a rotctld, a rigctld with split uplink or a second rigctld', () => {
    const c = load({
      shack: {
        observer: 'home',
        rotator: { ...rotator, daemon: { host: '127.0.0.1', port: 4533 } },
        radio: { downlink: { host: 'shack-pi.local', port: 4532 } },
        control: { enabled: true, retuneStepHz: 25 },
      },
      portable: {
        observer: 'home',
        radio: {
          downlink: { host: '10.0.0.2', port: 4532 },
          uplink: { host: '10.0.0.2', port: 4534 },
        },
        control: { enabled: true },
      },
      rx: { observer: 'home', radio: { downlink: { host: '::1', port: 4532 }, uplink: null } },
    });
    expect(c.stations.shack!.rotator!.daemon).toEqual({ host: '127.0.0.1', port: 4533 });
    expect(c.stations.shack!.radio).toEqual({
      downlink: { host: 'shack-pi.local', port: 4532 },
      uplink: 'split',
    });
    expect(c.stations.shack!.control.retuneStepHz).toBe(25);
    expect(c.stations.portable!.radio!.uplink).toEqual({ host: '10.0.0.2', port: 4534 });
    expect(c.stations.rx!.radio!.uplink).toBeNull();
  });

  it('report every bad daemon or control setting at once, naming the field', () => {
    expect(
      problems({
        a: {
          observer: 'home',
          rotator: { ...rotator, daemon: { host: '', port: 70000 } },
          radio: { downlink: { host: 'x y', port: 4532.5 }, uplink: 'duplex' },
          control: { enabled: 'yes', updateSeconds: 0, retuneStepHz: -1, speed: 2 },
        },
        b: { observer: 'home', control: { enabled: true } },
      }),
    ).toEqual([
      'stations.a.rotator.daemon.host: expected a host name or IP address, e.g. "127.0.0.1"; got ""',
      'stations.a.rotator.daemon.port: expected a TCP port from 1 to 65535; got 70000',
      'stations.a.radio.downlink.host: expected a host name or IP address, e.g. "127.0.0.1"; got "x y"',
      'stations.a.radio.downlink.port: expected a TCP port from 1 to 65535; got 4532.5',
      'stations.a.radio.uplink: expected "split" (the same radio, transmitting on VFO B), a daemon { host, port }, or null; got "duplex"',
      'stations.a.control.speed: unknown setting; known here: enabled, updateSeconds, rotatorIntervalSeconds, rotatorThresholdDeg, retuneStepHz, prepositionMarginSeconds, radioLeadSeconds, planHours, commandTimeoutSeconds',
      'stations.a.control.enabled: expected true or false; got "yes"',
      'stations.a.control.updateSeconds: expected a number from 0.1 to 60; got 0',
      'stations.a.control.retuneStepHz: expected a number from 1 to 100000; got -1',
      'stations.b.control.enabled: control needs a daemon to drive: set rotator.daemon (rotctld) and/or radio.downlink (rigctld)',
    ]);
  });
});
