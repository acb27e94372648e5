import { describe, expect, it } from 'vitest';
import { jsonInSlices, sliced } from '../../src/api/serialize.js';

const value = {
  name: 'ISS "Zarya"\n',
  nothing: undefined,
  fn: () => 1,
  zero: 0,
  none: null,
  nested: { a: [1, 2, { b: 'é' }], when: new Date(Date.UTC(2026, 7, 22)) },
  passes: Array.from({ length: 50 }, (_, i) => ({ i, at: `2026-08-22T00:${i}Z`, skip: undefined })),
  holes: [undefined, () => 0, 3],
  empty: [],
};

describe('jsonInSlices', () => {
  it('writes exactly the UTF-8 of JSON.stringify, whatever the values', async () => {
    const bytes = await jsonInSlices(value, { sliceMs: 0, yieldNow: async () => {} });
    expect(bytes.toString('utf8')).toBe(JSON.stringify(value));
    expect(bytes.byteLength).toBe(Buffer.byteLength(JSON.stringify(value)));
  });

  it('makes sliced elements as it writes them, as a map before JSON.stringify would', async () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    const double = (i: number) => ({ twice: 2 * i });
    const bytes = await jsonInSlices(
      { head: 1, items: sliced(items, double), tail: sliced([], double) },
      { yieldNow: async () => {} },
    );
    expect(bytes.toString()).toBe(JSON.stringify({ head: 1, items: items.map(double), tail: [] }));
  });

  it('yields to the event loop between array elements once a slice of work is used up', async () => {
    let yields = 0;
    const yieldNow = async () => {
      yields++;
    };
    // A slice of 0 ms is always used up: one yield after every element and every other property.
    await jsonInSlices({ a: 1, list: [1, 2, 3, 4, 5], b: 'x' }, { sliceMs: 0, yieldNow });
    expect(yields).toBe(7);
    // A slice no work reaches: written in one go.
    yields = 0;
    await jsonInSlices({ a: 1, list: [1, 2, 3, 4, 5] }, { sliceMs: 1e9, yieldNow });
    expect(yields).toBe(0);
  });

  it('stops where it yields once the signal aborts (the client went away)', async () => {
    const controller = new AbortController();
    let made = 0;
    const writing = jsonInSlices(
      {
        items: sliced(
          Array.from({ length: 100 }, (_, i) => i),
          (i) => {
            made++;
            if (i === 10) controller.abort(new Error('gone'));
            return i;
          },
        ),
      },
      { sliceMs: 0, signal: controller.signal, yieldNow: async () => {} },
    );
    await expect(writing).rejects.toThrow('gone');
    expect(made).toBe(11);
  });
});
