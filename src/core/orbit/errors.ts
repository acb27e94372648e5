/** Why SGP4 could not produce a position. Codes follow Vallado's sgp4 error numbers. */
export type PropagationErrorKind =
  | 'mean-eccentricity' // 1: mean eccentricity out of [0, 1)
  | 'mean-motion' // 2: mean motion below zero
  | 'perturbed-eccentricity' // 3: perturbed eccentricity out of [0, 1)
  | 'semi-latus-rectum' // 4: semi-latus rectum below zero
  | 'decayed' // 6: below the Earth's surface, or long decayed (community check)
  | 'invalid-elements'; // the set could not be initialised at all

const MESSAGES: Record<PropagationErrorKind, string> = {
  'mean-eccentricity': 'mean eccentricity left the range [0, 1)',
  'mean-motion': 'mean motion fell below zero',
  'perturbed-eccentricity': 'perturbed eccentricity left the range [0, 1)',
  'semi-latus-rectum': 'semi-latus rectum fell below zero',
  decayed: 'the object has decayed (its orbit reaches the Earth)',
  'invalid-elements': 'the element set cannot be propagated',
};

const CODES: Record<PropagationErrorKind, number> = {
  'mean-eccentricity': 1,
  'mean-motion': 2,
  'perturbed-eccentricity': 3,
  'semi-latus-rectum': 4,
  decayed: 6,
  'invalid-elements': 0,
};

/** Thrown when SGP4 cannot propagate an element set to a given instant. */
export class PropagationError extends Error {
  override readonly name = 'PropagationError';
  /** Vallado's SGP4 error code (1-4, 6); 0 for sets that fail before propagation. */
  readonly code: number;
  constructor(
    readonly kind: PropagationErrorKind,
    readonly noradId: number,
    /** Instant asked for, epoch ms. */
    readonly epochMs: number,
  ) {
    super(`NORAD ${noradId} at ${new Date(epochMs).toISOString()}: ${MESSAGES[kind]}`);
    this.code = CODES[kind];
  }
}

/** Map a satellite.js / Vallado error code to its kind. */
export function errorKindFromCode(code: number): PropagationErrorKind {
  switch (code) {
    case 1:
      return 'mean-eccentricity';
    case 2:
      return 'mean-motion';
    case 3:
      return 'perturbed-eccentricity';
    case 4:
      return 'semi-latus-rectum';
    case 6:
      return 'decayed';
    default:
      return 'invalid-elements';
  }
}
