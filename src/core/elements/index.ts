export { decodeAlpha5, encodeAlpha5, MAX_ALPHA5_NORAD_ID } from './alpha5.js';
export { detectElementFormat, parseElements, parseOmmCsv, parseOmmJson } from './omm.js';
export { type OmmRecord, ommRecord } from './omm-record.js';
export { formatTle, parseTle, TLE_LINE_LENGTH, type TleParseOptions, tleChecksum } from './tle.js';
export type { ElementFormat, ElementParseIssue, ElementParseResult, ElementSet } from './types.js';
