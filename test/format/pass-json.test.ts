/**
 * The pass item's JSON text stays what it was when it was built by spreading `passJson` into a
 * new object: the same keys in the same order, for real passes with visible parts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTle } from '../../src/core/elements/index.js';
import { type PassOf, passItemJson, passJson, pointJson } from '../../src/format/pass-json.js';
import { predictMany } from '../../src/predict/many.js';

const START = Date.parse('2026-08-21T12:00:00Z');
const elements = ['amateur.tle', 'stations.tle'].flatMap(
  (file) =>
    parseTle(readFileSync(new URL(`../fixtures/elements/${file}`, import.meta.url), 'utf8'), file)
      .elements,
);
const targets = elements.map((e, i) => ({
  noradId: e.noradId,
  name: e.name,
  elements: e,
  stdMagnitude: i % 4 === 0 ? null : -2 + (i % 6),
}));

/** The item as it used to be made: `passJson` spread, then its revolution and source. */
function spreadForm(item: PassOf, zone: string | null, staleDays: number) {
  const pass = passJson(item.pass, item.record.elements, zone, staleDays);
  return {
    ...pass,
    visible: pass.visible.map((v, i) => {
      const b = item.pass.visible[i]!.brightest;
      return {
        ...v,
        brightest: b ? { ...pointJson(b, zone), magnitude: v.brightest!.magnitude } : null,
      };
    }),
    revolution: item.revolution,
    magnitudeSource: 'catalog' as const,
  };
}

describe('passItemJson', () => {
  it('writes the same text as the spread object it replaces', async () => {
    const { items } = await predictMany(targets, {
      observer: { latitudeDeg: 52, longitudeDeg: 5, altitudeM: 0 },
      horizonMask: null,
      startMs: START,
      endMs: START + 2 * 86_400_000,
      minElevationDeg: 0,
      visibleOnly: false,
      maxMagnitude: 6,
      maxSunElevationDeg: -6,
    });
    const bright = items.filter((i) => i.pass.visible.some((v) => v.brightest));
    expect(bright.length).toBeGreaterThan(5);
    for (const item of items) {
      for (const zone of [null, 'Europe/Amsterdam']) {
        expect(JSON.stringify(passItemJson(item, zone, 1, 'catalog'))).toBe(
          JSON.stringify(spreadForm(item, zone, 1)),
        );
      }
    }
    const json = passItemJson(bright[0]!, null, 14, null);
    expect(Object.keys(json).slice(-2)).toEqual(['revolution', 'magnitudeSource']);
    expect(Object.keys(json.visible.find((v) => v.brightest)!.brightest!)).toEqual([
      'time',
      'azimuth',
      'elevation',
      'rangeKm',
      'magnitude',
    ]);
  });
});
