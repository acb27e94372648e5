/** Replaced with `true` by scripts/build.js (esbuild `define`); absent when run from sources. */
declare const PASSWATCH_BUILT: boolean | undefined;

/**
 * Whether this code runs from the build in `dist/` (made at install by scripts/build.js) rather
 * than from the TypeScript sources (tsx, vitest).
 */
export const BUILT: boolean = typeof PASSWATCH_BUILT !== 'undefined' && PASSWATCH_BUILT;
