export {
  type CloseApproach,
  ConjunctionScreen,
  type ScreenOptions,
  type ScreenStats,
  screenConjunctions,
} from './screen.js';
