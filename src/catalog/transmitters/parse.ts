/**
 * The SatNOGS DB transmitter list (`/api/transmitters/?format=json`) parsed and normalised. Pure:
 * no I/O. Bad records are left out and reported; a body that is not a JSON array of records is
 * refused as a whole.
 */
import { z } from 'zod';

/** A frequency range, Hz. A single frequency has `lowHz === highHz`. */
export interface FrequencyRange {
  lowHz: number;
  highHz: number;
}

export type TransmitterType = 'transmitter' | 'transceiver' | 'transponder';

/** One SatNOGS DB transmitter, normalised. */
export interface Transmitter {
  /** SatNOGS DB's id (22 characters, URL-safe). */
  uuid: string;
  noradId: number;
  description: string;
  /** `transmitter` (downlink only), `transceiver` (uplink and downlink), `transponder` (linear or FM relay). */
  type: TransmitterType;
  /** Downlink mode (`FM`, `USB`, `GMSK`...), null when SatNOGS has none. */
  mode: string | null;
  /** Uplink mode, when different from the downlink's or given. */
  uplinkMode: string | null;
  /** Satellite to ground, Hz; null when there is none. */
  downlink: FrequencyRange | null;
  /** Ground to satellite, Hz; null when there is none. */
  uplink: FrequencyRange | null;
  /** An inverting transponder: the uplink's low edge comes out at the downlink's high edge. */
  invert: boolean;
  /** Symbol rate, Bd, when known. */
  baud: number | null;
  /** `active`, `inactive`, `invalid`. */
  status: string;
  /** `Amateur`, `Meteorological`, ... (`Unknown` when SatNOGS does not say). */
  service: string;
  /** Last change in SatNOGS DB, ISO 8601 UTC. */
  updated: string;
}

/** A record left out of a list. */
export interface TransmitterIssue {
  /** Index in the JSON array. */
  index: number;
  uuid: string | null;
  reason: string;
}

export interface TransmitterParse {
  transmitters: Transmitter[];
  issues: TransmitterIssue[];
}

/** The body as a whole is not a SatNOGS transmitter list. */
export class TransmitterListError extends Error {
  override readonly name = 'TransmitterListError';
}

const hz = z.number().finite().positive().max(1e12).nullable();

const SatnogsRecord = z.object({
  uuid: z.string().min(1).max(64),
  description: z.string().max(1000).nullish(),
  type: z.enum(['Transmitter', 'Transceiver', 'Transponder']),
  uplink_low: hz.optional(),
  uplink_high: hz.optional(),
  downlink_low: hz.optional(),
  downlink_high: hz.optional(),
  mode: z.string().max(100).nullish(),
  uplink_mode: z.string().max(100).nullish(),
  invert: z.boolean().nullish(),
  baud: z.number().finite().nonnegative().nullish(),
  norad_cat_id: z.number().int().positive().max(999_999_999),
  status: z.string().max(50).nullish(),
  service: z.string().max(100).nullish(),
  updated: z.iso.datetime({ offset: true }),
});

type SatnogsRecord = z.infer<typeof SatnogsRecord>;

function range(
  low: number | null | undefined,
  high: number | null | undefined,
): FrequencyRange | null {
  const lo = low ?? null;
  const hi = high ?? null;
  if (lo === null && hi === null) return null;
  const a = lo ?? hi!;
  const b = hi ?? lo!;
  return { lowHz: Math.min(a, b), highHz: Math.max(a, b) };
}

const TYPES: Record<SatnogsRecord['type'], TransmitterType> = {
  Transmitter: 'transmitter',
  Transceiver: 'transceiver',
  Transponder: 'transponder',
};

/** One validated SatNOGS record as a `Transmitter`. */
export function normaliseTransmitter(r: SatnogsRecord): Transmitter {
  return {
    uuid: r.uuid,
    noradId: r.norad_cat_id,
    description: r.description ?? '',
    type: TYPES[r.type],
    mode: r.mode ?? null,
    uplinkMode: r.uplink_mode ?? null,
    downlink: range(r.downlink_low, r.downlink_high),
    uplink: range(r.uplink_low, r.uplink_high),
    invert: r.invert ?? false,
    baud: r.baud ?? null,
    status: r.status ?? 'unknown',
    service: r.service ?? 'Unknown',
    updated: new Date(r.updated).toISOString(),
  };
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'record'}: ${i.message}`)
    .join('; ');
}

/**
 * Parse already-decoded JSON (the SatNOGS API answer). Records that fail validation, have no
 * frequency at all, or repeat a uuid are left out with a reason.
 *
 * @throws TransmitterListError when `data` is not an array.
 */
export function parseTransmitterRecords(data: unknown): TransmitterParse {
  if (!Array.isArray(data)) {
    throw new TransmitterListError(
      `expected a JSON array of transmitters, got ${data === null ? 'null' : typeof data}`,
    );
  }
  const transmitters: Transmitter[] = [];
  const issues: TransmitterIssue[] = [];
  const seen = new Set<string>();
  data.forEach((raw: unknown, index) => {
    const uuid =
      typeof raw === 'object' && raw !== null && 'uuid' in raw && typeof raw.uuid === 'string'
        ? raw.uuid
        : null;
    const parsed = SatnogsRecord.safeParse(raw);
    if (!parsed.success) {
      issues.push({ index, uuid, reason: describe(parsed.error) });
      return;
    }
    const t = normaliseTransmitter(parsed.data);
    if (t.downlink === null && t.uplink === null) {
      issues.push({ index, uuid, reason: 'no downlink and no uplink frequency' });
      return;
    }
    if (seen.has(t.uuid)) {
      issues.push({ index, uuid, reason: 'repeated uuid' });
      return;
    }
    seen.add(t.uuid);
    transmitters.push(t);
  });
  return { transmitters, issues };
}

/**
 * Parse the text of a SatNOGS transmitter list.
 *
 * @throws TransmitterListError when the text is not JSON or not an array.
 */
export function parseTransmitterList(text: string): TransmitterParse {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const start = text.trimStart().slice(0, 60).replace(/\s+/g, ' ');
    throw new TransmitterListError(
      `not JSON (${error instanceof Error ? error.message : String(error)}); starts with "${start}"`,
    );
  }
  return parseTransmitterRecords(data);
}

/** Transmitters grouped by NORAD id, each list in a stable order (type, downlink, uuid). */
export function byNoradId(transmitters: readonly Transmitter[]): Map<number, Transmitter[]> {
  const out = new Map<number, Transmitter[]>();
  for (const t of transmitters) {
    const list = out.get(t.noradId);
    if (list) list.push(t);
    else out.set(t.noradId, [t]);
  }
  for (const list of out.values()) list.sort(compareTransmitters);
  return out;
}

function compareTransmitters(a: Transmitter, b: Transmitter): number {
  const fa = a.downlink?.lowHz ?? a.uplink?.lowHz ?? 0;
  const fb = b.downlink?.lowHz ?? b.uplink?.lowHz ?? 0;
  return fa - fb || (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0);
}
