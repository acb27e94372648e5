/**
 * Alpha-5 catalogue numbers: the five-character TLE catalogue field extended past 99999 by
 * replacing the leading digit with a letter (A = 10 ... Z = 33, skipping I and O), so that
 * `A0000` is 100000 and `Z9999` is 339999.
 */

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Largest catalogue number a five-character TLE field can carry (`Z9999`). */
export const MAX_ALPHA5_NORAD_ID = 339_999;

/**
 * Decode a TLE catalogue-number field (columns 3-7).
 *
 * Accepts five digits (leading spaces allowed, as in old element sets) or one Alpha-5 letter
 * followed by four digits. Letters I and O are not part of Alpha-5, and lowercase is refused.
 *
 * @param field The five characters of the field.
 * @returns The NORAD catalogue number, or null when the field is not a valid catalogue number.
 * @example decodeAlpha5('A0000') // 100000
 * @example decodeAlpha5('25544') // 25544
 */
export function decodeAlpha5(field: string): number | null {
  if (field.length !== 5) return null;
  if (/^ *\d+$/.test(field)) return Number(field.trim());
  const match = /^([A-Z])(\d{4})$/.exec(field);
  if (!match) return null;
  const index = LETTERS.indexOf(match[1]!);
  if (index < 0) return null;
  return (index + 10) * 10_000 + Number(match[2]);
}

/**
 * Encode a NORAD catalogue number for TLE columns 3-7: zero-padded digits below 100000,
 * Alpha-5 from 100000 to 339999.
 *
 * @param noradId A non-negative integer catalogue number.
 * @returns The five-character field, or null when the number does not fit (negative,
 *   fractional, or above 339999).
 * @example encodeAlpha5(5) // '00005'
 * @example encodeAlpha5(339999) // 'Z9999'
 */
export function encodeAlpha5(noradId: number): string | null {
  if (!Number.isInteger(noradId) || noradId < 0 || noradId > MAX_ALPHA5_NORAD_ID) return null;
  if (noradId < 100_000) return String(noradId).padStart(5, '0');
  const letter = LETTERS[Math.floor(noradId / 10_000) - 10]!;
  return letter + String(noradId % 10_000).padStart(4, '0');
}
