/**
 * The one place that reads satellite.js's initialised SGP4 record beyond its documented use
 * (`sgp4(satrec, t)` and `satrec.error`).
 *
 * SGP4's secular coefficients (drag polynomial, mean motions of the node and perigee, the J2/J3
 * periodic amplitudes) let the pass search bound the motion without propagating
 * (`passes/near-earth`, `passes/finder-bounds`). satellite.js keeps them as fields of its `SatRec`
 * under Vallado's names; they are not a documented interface, so a satellite.js upgrade may rename,
 * drop or redefine them. Every field is read and checked here, once per orbit, and
 * test/core/orbit/sgp4-record.test.ts checks their meaning against Vallado's initialisation
 * formulas (for example `t2cof = 1.5 cc1`, `con41 = 3 cos^2 i - 1`): an upgrade that changes any of
 * them fails there, naming the field.
 */
import { type SatRec, sgp4 } from 'satellite.js';

/** SGP4's initialised coefficients (Vallado 2006 names; angles rad, time in minutes). */
export interface Sgp4Coefficients {
  /** 'n': near-Earth SGP4; 'd': deep-space SDP4 (period of 225 minutes or more). */
  readonly method: 'n' | 'd';
  /** 1 for the simplified drag model (perigee below 220 km): no d2..d4, t3cof..t5cof terms. */
  readonly isimp: number;
  /** Un-Kozai'd mean motion, rad/min. */
  readonly no: number;
  /** Elements at epoch: eccentricity, inclination, node, argument of perigee, mean anomaly. */
  readonly ecco: number;
  readonly inclo: number;
  readonly nodeo: number;
  readonly argpo: number;
  readonly mo: number;
  /** Drag term B*, 1/Earth radii. */
  readonly bstar: number;
  /** Secular rates of the mean anomaly, perigee and node (rad/min); node drag coefficient. */
  readonly mdot: number;
  readonly argpdot: number;
  readonly nodedot: number;
  readonly nodecf: number;
  /** Drag: a(t) = a0 (1 - cc1 t - d2 t^2 - d3 t^3 - d4 t^4)^2; e(t) via cc4, cc5. */
  readonly cc1: number;
  readonly cc4: number;
  readonly cc5: number;
  readonly d2: number;
  readonly d3: number;
  readonly d4: number;
  /** Mean longitude drag terms: l(t) = l0 + l1 t + no (t2cof t^2 + t3cof t^3 + ...). */
  readonly t2cof: number;
  readonly t3cof: number;
  readonly t4cof: number;
  readonly t5cof: number;
  /** J3 long-period amplitudes (as extra eccentricity, and in mean longitude). */
  readonly aycof: number;
  readonly xlcof: number;
  /** 3 cos^2 i - 1, 1 - cos^2 i, 7 cos^2 i - 1 (J2 short-period factors). */
  readonly con41: number;
  readonly x1mth2: number;
  readonly x7thm1: number;
  /** Perigee and apogee heights at epoch, Earth radii above the WGS72 radius. */
  readonly altp: number;
  readonly alta: number;
}

/** satellite.js's SGP4 record lacks a field passwatch reads, or holds something else there. */
export class Sgp4RecordError extends Error {
  constructor(
    readonly field: string,
    found: unknown,
  ) {
    super(
      `satellite.js SGP4 record field '${field}' is ${JSON.stringify(found) ?? String(found)}, ` +
        'not what passwatch expects: a satellite.js upgrade changed its internals ' +
        '(see src/core/orbit/sgp4-record.ts)',
    );
    this.name = 'Sgp4RecordError';
  }
}

/** The numeric coefficients, in their order in `PackedCoefficients`' array. */
const NUMERIC = [
  'isimp',
  'no',
  'ecco',
  'inclo',
  'nodeo',
  'argpo',
  'mo',
  'bstar',
  'mdot',
  'argpdot',
  'nodedot',
  'nodecf',
  'cc1',
  'cc4',
  'cc5',
  'd2',
  'd3',
  'd4',
  't2cof',
  't3cof',
  't4cof',
  't5cof',
  'aycof',
  'xlcof',
  'con41',
  'x1mth2',
  'x7thm1',
  'altp',
  'alta',
] as const satisfies readonly Exclude<keyof Sgp4Coefficients, 'method'>[];

/**
 * The coefficients in one Float64Array, read through getters on the prototype. Every `Orbit`
 * keeps one for its lifetime: as an object with 29 number fields it held 29 boxed numbers more
 * (about 750 bytes per orbit, 12 MB over the active catalogue, and as many more objects for every
 * major GC to mark); packed it is one array of 232 bytes.
 */
class PackedCoefficients {
  constructor(
    readonly method: 'n' | 'd',
    private readonly values: Float64Array,
  ) {}

  static {
    NUMERIC.forEach((name, i) => {
      Object.defineProperty(PackedCoefficients.prototype, name, {
        get(this: PackedCoefficients): number {
          return this.values[i]!;
        },
        enumerable: true,
      });
    });
  }
}

/**
 * The coefficients of an initialised record, checked; throws `Sgp4RecordError` naming a field.
 * Read-only: the numbers are copied, and the object has getters only. The fields are read by
 * name, in `NUMERIC`'s order, rather than by a loop of keyed reads: this runs for every orbit
 * built (16,000 when the catalogue loads, again in each worker thread), and the keyed reads of
 * 29 names took about a sixth of `Orbit`'s construction (CPU profile of repeated builds).
 */
export function sgp4Coefficients(satrec: SatRec): Sgp4Coefficients {
  const f = satrec as unknown as Readonly<Record<(typeof NUMERIC)[number] | 'method', unknown>>;
  const method = f.method;
  if (method !== 'n' && method !== 'd') throw new Sgp4RecordError('method', method);
  const values = Float64Array.of(
    num(f.isimp, 'isimp'),
    num(f.no, 'no'),
    num(f.ecco, 'ecco'),
    num(f.inclo, 'inclo'),
    num(f.nodeo, 'nodeo'),
    num(f.argpo, 'argpo'),
    num(f.mo, 'mo'),
    num(f.bstar, 'bstar'),
    num(f.mdot, 'mdot'),
    num(f.argpdot, 'argpdot'),
    num(f.nodedot, 'nodedot'),
    num(f.nodecf, 'nodecf'),
    num(f.cc1, 'cc1'),
    num(f.cc4, 'cc4'),
    num(f.cc5, 'cc5'),
    num(f.d2, 'd2'),
    num(f.d3, 'd3'),
    num(f.d4, 'd4'),
    num(f.t2cof, 't2cof'),
    num(f.t3cof, 't3cof'),
    num(f.t4cof, 't4cof'),
    num(f.t5cof, 't5cof'),
    num(f.aycof, 'aycof'),
    num(f.xlcof, 'xlcof'),
    num(f.con41, 'con41'),
    num(f.x1mth2, 'x1mth2'),
    num(f.x7thm1, 'x7thm1'),
    num(f.altp, 'altp'),
    num(f.alta, 'alta'),
  );
  const isimp = values[0];
  if (isimp !== 0 && isimp !== 1) throw new Sgp4RecordError('isimp', isimp);
  return new PackedCoefficients(method, values) as unknown as Sgp4Coefficients;
}

function num(value: unknown, name: (typeof NUMERIC)[number]): number {
  if (typeof value !== 'number') throw new Sgp4RecordError(name, value);
  return value;
}

/**
 * SGP4's drag factor `tempa` of the last propagation (1 at epoch, 0 or below once the model has
 * decayed): the community decay check. Read after every `sgp4` call.
 */
export function lastDragFactor(satrec: SatRec): number {
  return satrec.tempa;
}

/**
 * Propagate once more at the epoch, with the time as a double (-0), right after initialisation.
 * sgp4init's own propagation at the epoch stores an integer time (0) in the record, so the first
 * propagation at any other time changes the representation of `satrec.t` and with it the hidden
 * class of every record made until then: each is migrated to the new class by the first code that
 * touches it, inside `sgp4` in the middle of the pass search (several per cent of a
 * whole-catalogue search). Done at construction, only the first record ever changes class; later
 * ones are made with the final one. At -0 SGP4 computes and writes back exactly what it did at 0
 * (test/core/orbit/sgp4-record.test.ts checks every field).
 */
export function settleRecordShape(satrec: SatRec): void {
  sgp4(satrec, -0);
}

/** How many more records of each kind `settleNewRecord` settles in this process. */
const toSettle = { tle: 100, omm: 100 };

/**
 * `settleRecordShape` for the first records a process builds of each kind (from TLE lines, from
 * OMM fields) only: once the first has changed class, V8 makes every later record with the final
 * class already (over the active catalogue, the records have the same classes after construction,
 * and one after a search, either way). Settling every record ran `sgp4` once more per orbit for
 * nothing: 16,000 times when the active catalogue is built.
 */
export function settleNewRecord(satrec: SatRec, kind: 'tle' | 'omm'): void {
  if (toSettle[kind] <= 0) return;
  toSettle[kind]--;
  settleRecordShape(satrec);
}
