/**
 * Generic one-dimensional search, the building blocks of the pass search and visibility (what
 * Skyfield's `searchlib.py` is to its `find_events`): minima (Brent), roots (Illinois, bracketed
 * Newton, plain Newton and secant iterations) and condition flips (bisection).
 */
export { bisectFlip, type FlipBracket } from './flip.js';
export { minimaWithin } from './minima.js';
export {
  bracketMinimum,
  brentMinimum,
  type Found,
  gridMinimum,
  gridTime,
  type MinimumBracket,
  refineGridPoint,
} from './minimize.js';
export {
  bracketedRoot,
  type IllinoisOptions,
  illinoisRoot,
  newtonIterate,
  secantIterate,
} from './roots.js';
