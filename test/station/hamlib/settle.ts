/** Waiting for the dummy rotator (it slews at a few degrees per second) to stop moving. */
import type { RotatorPosition, RotctldClient } from '../../../src/station/hamlib/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads the position until two reads 150 ms apart agree (the rotator stopped), and returns it.
 * Throws when a read fails or it is still moving after `maxMs`.
 */
export async function settledPosition(
  rotator: RotctldClient,
  maxMs = 60_000,
): Promise<RotatorPosition> {
  const deadline = Date.now() + maxMs;
  let last: RotatorPosition | null = null;
  for (;;) {
    const r = await rotator.getPosition();
    if (!r.ok) throw r.error;
    if (
      last !== null &&
      last.azimuthDeg === r.value.azimuthDeg &&
      last.elevationDeg === r.value.elevationDeg
    ) {
      return r.value;
    }
    if (Date.now() > deadline) throw new Error(`rotator still moving: ${JSON.stringify(r.value)}`);
    last = r.value;
    await sleep(150);
  }
}
