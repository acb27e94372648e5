/**
 * Large JSON bodies written a slice at a time. A 10,000-pass answer takes a few hundred ms to
 * format and serialise; done in one go it holds the event loop (and every health check) that
 * long. `jsonInSlices` writes the same text as `JSON.stringify`, element by element for the
 * top-level arrays, yielding to the event loop whenever `sliceMs` of work has passed.
 */

/** A top-level array whose elements are made (`map`) as they are serialised. */
export class Sliced<T> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => unknown,
  ) {}
}

/** `items` mapped lazily by `map` while the body is written (see `jsonInSlices`). */
export function sliced<T>(items: readonly T[], map: (item: T) => unknown): Sliced<T> {
  return new Sliced(items, map);
}

export interface SliceOptions {
  /** Work between yields, ms (default 10). */
  sliceMs?: number;
  /** Stop (with the signal's reason) once aborted, checked where it yields. */
  signal?: AbortSignal;
  /** How to yield (default `setImmediate`); tests count the yields. */
  yieldNow?: () => Promise<void>;
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The UTF-8 bytes of `JSON.stringify(value)` for an object whose large parts are top-level
 * arrays or `Sliced` arrays, written in slices with yields between them. Other values are
 * written with `JSON.stringify` in one piece.
 */
export async function jsonInSlices(
  value: Readonly<Record<string, unknown>>,
  options: SliceOptions = {},
): Promise<Buffer<ArrayBuffer>> {
  const sliceMs = options.sliceMs ?? 10;
  const yieldNow = options.yieldNow ?? immediate;
  const chunks: Buffer[] = [];
  let text = '';
  let sliceStart = performance.now();
  const maybeYield = async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    chunks.push(Buffer.from(text));
    text = '';
    await yieldNow();
    options.signal?.throwIfAborted();
    sliceStart = performance.now();
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
export async function slicedJson(
  value: Readonly<Record<string, unknown>>,
  options: SliceOptions = {},
): Promise<{ body: Buffer<ArrayBuffer>; contentType: string }> {
  return {
    body: await jsonInSlices(value, options),
    contentType: 'application/json; charset=utf-8',
  };
}
