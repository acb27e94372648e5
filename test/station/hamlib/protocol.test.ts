import { describe, expect, it } from 'vitest';
import {
  CommandLog,
  guardPosition,
  HamlibError,
  limitsProblems,
  parseExtendedReply,
} from '../../../src/station/hamlib/index.js';

describe("hamlib's extended replies", () => {
  it('reads the echo, the fields and the code', () => {
    expect(parseExtendedReply(['get_pos:', 'Azimuth: 21.02', 'Elevation: 3.50', 'RPRT 0'])).toEqual(
      {
        echo: 'get_pos:',
        fields: [
          { key: 'Azimuth', value: '21.02' },
          { key: 'Elevation', value: '3.50' },
        ],
        code: 0,
      },
    );
    expect(parseExtendedReply(['set_freq: abc', 'RPRT -1'])).toMatchObject({ code: 1, fields: [] });
    expect(
      parseExtendedReply(['get_split_freq:', 'TX Frequency: 145900000', 'RPRT 0']),
    ).toMatchObject({ fields: [{ key: 'TX Frequency', value: '145900000' }] });
  });

  it('calls anything else a protocol error', () => {
    for (const lines of [[], ['get_pos:', 'Azimuth: 1'], ['get_pos:', 'no colon', 'RPRT 0']]) {
      const r = parseExtendedReply(lines);
      expect(r).toBeInstanceOf(HamlibError);
      expect((r as HamlibError).kind).toBe('protocol');
    }
  });
});

describe('the command log', () => {
  it('keeps the newest entries up to its capacity, numbered across drops', () => {
    let t = 1_000;
    const log = new CommandLog(3, () => t++);
    for (const command of ['a', 'b', 'c', 'd', 'e'])
      log.add({ type: 'sent', daemon: 'rotator', command });
    expect(log.total).toBe(5);
    expect(log.entries().map((e) => [e.seq, e.type === 'sent' && e.command, e.timeMs])).toEqual([
      [3, 'c', 1002],
      [4, 'd', 1003],
      [5, 'e', 1004],
    ]);
    expect(log.entries({ afterSeq: 3 }).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.entries({ limit: 1 }).map((e) => e.seq)).toEqual([5]);
    log.add({ type: 'sent', daemon: 'downlink', command: 'f' });
    expect(log.entries({ daemon: 'downlink' }).map((e) => e.seq)).toEqual([6]);
  });
});

describe('the limits guard', () => {
  const limits = {
    azimuthMinDeg: -180,
    azimuthMaxDeg: 180,
    elevationMinDeg: 0,
    elevationMaxDeg: 90,
  };

  it('passes positions inside the range untouched', () => {
    expect(guardPosition(limits, { azimuthDeg: -179.5, elevationDeg: 90 })).toEqual({
      position: { azimuthDeg: -179.5, elevationDeg: 90 },
      warning: null,
    });
  });

  it('clamps each axis into its range and says what it did', () => {
    expect(guardPosition(limits, { azimuthDeg: 270, elevationDeg: 95 })).toEqual({
      position: { azimuthDeg: 180, elevationDeg: 90 },
      warning:
        'azimuth 270° is outside -180–180°, clamped to 180°; elevation 95° is outside 0–90°, clamped to 90°',
    });
    expect(guardPosition(limits, { azimuthDeg: 10, elevationDeg: -2 })?.position).toEqual({
      azimuthDeg: 10,
      elevationDeg: 0,
    });
  });

  it('refuses what is not a number, and limits that are not a range', () => {
    expect(
      guardPosition(limits, { azimuthDeg: Number.POSITIVE_INFINITY, elevationDeg: 1 }),
    ).toBeNull();
    expect(limitsProblems({ ...limits, azimuthMaxDeg: -200 })).toEqual([
      { field: 'azimuthMaxDeg', message: 'must be greater than azimuthMinDeg' },
    ]);
    const spec = {
      ...limits,
      azimuthRateDegS: 6,
      elevationRateDegS: 6,
      park: { azimuthDeg: 0, elevationDeg: 0 },
    };
    expect(limitsProblems(spec)).toEqual([]);
    expect(limitsProblems({ ...limits, elevationMinDeg: Number.NaN })[0]?.field).toBe(
      'elevationMinDeg',
    );
  });
});
