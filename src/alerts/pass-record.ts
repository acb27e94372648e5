/**
 * The pass record the planner stores (the `passes.pass` column): the API's pass JSON with its
 * revolution number, written once by the planner and read back through one schema instead of
 * casts. Records planned by older versions lack the element-age fields (optional here).
 */
import { z } from 'zod';

const Instant = z.object({ time: z.string() });
const Horizon = z.object({ time: z.string(), azimuth: z.number() });

export const StoredPass = z.object({
  noradId: z.number(),
  aos: Horizon.nullable(),
  tca: Instant,
  los: Horizon.nullable(),
  maxElevation: z.number(),
  durationSeconds: z.number(),
  visible: z.array(
    z.object({ start: Instant, end: Instant, brightestMagnitude: z.number().nullable() }),
  ),
  elementsEpoch: z.string().optional(),
  elementsAgeDays: z.number().optional(),
  stale: z.boolean().optional(),
  elementsWarning: z.string().nullable().optional(),
});
export type StoredPass = z.infer<typeof StoredPass>;

/** The stored text of a pass record. */
export function encodePass(pass: StoredPass): string {
  return JSON.stringify(pass);
}

/**
 * A stored pass record, checked against the schema (throws naming the field when the row is not
 * one). The object returned is the stored one, keys in their stored order, so payloads built
 * from it are byte for byte what they were.
 */
export function decodePass(text: string): StoredPass {
  const raw: unknown = JSON.parse(text);
  StoredPass.parse(raw);
  return raw as StoredPass;
}
