/**
 * Large JSON bodies written a slice at a time. A 10,000-pass answer takes a few hundred ms to
 * format and serialise; done in one go it holds the event loop (and every health check) that
 * long. `jsonInSlices` writes the same text as `JSON.stringify`, element by element for the
 * top-level arrays, yielding to the event loop whenever `sliceMs` of work has passed.
 */
import { type SliceOptions, Slices } from '../compute/slices.js';

export type { SliceOptions } from '../compute/slices.js';

/** A top-level array whose elements are made (`map`) as they are serialised. */
export class Sliced<T, U = unknown> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => U,
  ) {}
}

/** `items` mapped lazily by `map` while the body is written (see `jsonInSlices`). */
export function sliced<T, U>(items: readonly T[], map: (item: T) => U): Sliced<T, U> {
  return new Sliced(items, map);
}

/**
 * A body of type `T` (a wire type, `format/wire.ts`) whose arrays may be given as `Sliced`
 * arrays making `T`'s elements, so `slicedJson<T>(…)` checks the shape it writes.
 */
export type SlicedBody<T> = {
  [K in keyof T]: T[K] extends readonly (infer E)[]
    ? T[K] | { readonly items: readonly unknown[]; readonly map: (item: never) => E }
    : T[K];
};

/**
 * The UTF-8 bytes of `JSON.stringify(value)` for an object whose large parts are top-level
 * arrays or `Sliced` arrays, written in slices with yields between them. Other values are
 * written with `JSON.stringify` in one piece.
 */
export async function jsonInSlices(
  value: Readonly<Record<string, unknown>>,
  options: SliceOptions = {},
): Promise<Buffer<ArrayBuffer>> {
  const slices = new Slices(options);
  const chunks: Buffer[] = [];
  let text = '';
  const maybeYield = async () => {
    if (!slices.due()) return;
    chunks.push(Buffer.from(text));
    text = '';
    await slices.pause();
  };
  text += '{';
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    const array = v instanceof Sliced ? v : Array.isArray(v) ? new Sliced(v, (x) => x) : null;
    if (array) {
      text += `${first ? '' : ','}${JSON.stringify(key)}:[`;
      first = false;
      let i = 0;
      for (const item of array.items) {
        // As JSON.stringify writes an array element that has no JSON form.
        text += `${i++ === 0 ? '' : ','}${JSON.stringify(array.map(item)) ?? 'null'}`;
        await maybeYield();
      }
      text += ']';
      continue;
    }
    const json = JSON.stringify(v);
    // As JSON.stringify leaves out a property that has no JSON form (undefined, a function).
    if (json === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${json}`;
    first = false;
    await maybeYield();
  }
  text += '}';
  chunks.push(Buffer.from(text));
  return Buffer.concat(chunks);
}

/** A JSON body for `cachedResponse`, written in slices (see `jsonInSlices`). */
export async function slicedJson<T extends object = Record<string, unknown>>(
  value: SlicedBody<T>,
  options: SliceOptions = {},
): Promise<{ body: Buffer<ArrayBuffer>; contentType: string }> {
  return {
    body: await jsonInSlices(value as Readonly<Record<string, unknown>>, options),
    contentType: 'application/json; charset=utf-8',
  };
}

/**
 * The UTF-8 bytes of `parts` joined, taken from the iterable a slice at a time (each part is made
 * as it is asked for, e.g. one calendar event), yielding between slices.
 */
export async function textInSlices(
  parts: Iterable<string>,
  options: SliceOptions = {},
): Promise<Buffer<ArrayBuffer>> {
  const slices = new Slices(options);
  const chunks: Buffer[] = [];
  let text = '';
  for (const part of parts) {
    text += part;
    if (slices.due()) {
      chunks.push(Buffer.from(text));
      text = '';
      await slices.pause();
    }
  }
  chunks.push(Buffer.from(text));
  return Buffer.concat(chunks);
}
