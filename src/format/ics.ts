/**
 * iCalendar (RFC 5545) feeds of passes: one VEVENT per pass from AOS to LOS, times in UTC; in a
 * visible-only feed the event spans the visible part (first visible start to last visible end).
 * UIDs are built from the NORAD id, the revolution number at TCA and the query's observer and
 * threshold, so a refreshed prediction (a pass moved by seconds) updates its event instead of
 * adding another.
 */
import { compassPoint } from './compass.js';
import type { PassJson, PassPointJson } from './pass-json.js';
import { formatInstant, localParts } from './time.js';

export interface IcsPass {
  pass: PassJson;
  /** Revolution number at TCA, or null when the elements carry none. */
  revolution: number | null;
  /** TCA in epoch ms (for the fallback identity when `revolution` is null). */
  tcaMs: number;
  aosMs: number | null;
  losMs: number | null;
}

export interface IcsOptions {
  /** Calendar name shown by clients. */
  name: string;
  /** Identifies the query (observer, threshold) inside UIDs. */
  scope: string;
  /** DTSTAMP: when the feed was generated, epoch ms. */
  generatedMs: number;
  /** Zone for the human times in descriptions (events themselves are UTC). */
  zone: string | null;
  /**
   * Link added as URL: an absolute URL from the configuration (never from the request, whose Host
   * header a client chooses), or absent.
   */
  url?: string | null;
  /**
   * A feed of visible passes: each event starts and ends with the pass's visible part, not its
   * AOS and LOS (which stay in the description).
   */
  visibleOnly?: boolean;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what must go.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/g;

/**
 * Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, any line break
 * (CRLF, lone CR or LF) written as `\\n`, and every other control character the grammar forbids
 * (U+0000-U+001F except tab, U+007F) dropped, so no value can end a content line early.
 */
export function icsText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(CONTROL, '');
}

/** Fold a content line to 75 octets (RFC 5545 3.1), continuation lines start with a space. */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + limit);
    // Do not split a UTF-8 sequence: back up to a lead byte.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74;
  }
  return parts.join('\r\n ');
}

export function utcStamp(epochMs: number): string {
  return `${new Date(Math.round(epochMs / 1000) * 1000).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

function describePoint(label: string, p: PassPointJson, zone: string | null): string {
  const t = localParts(Date.parse(p.time), zone).time;
  return `${label} ${t} az ${Math.round(p.azimuth)}° ${compassPoint(p.azimuth)} el ${p.elevation.toFixed(1)}°`;
}

/** A whole VCALENDAR document with CRLF line ends. */
export function passesIcs(passes: IcsPass[], options: IcsOptions): string {
  const zoneLabel = options.zone ?? 'UTC';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//passwatch//passwatch 0.1//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(options.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  for (const { pass, revolution, tcaMs, aosMs, losMs } of passes) {
    const seen = options.visibleOnly ? pass.visible : [];
    const start = seen.length ? Date.parse(seen[0]!.start.time) : (aosMs ?? tcaMs);
    const end = seen.length ? Date.parse(seen.at(-1)!.end.time) : (losMs ?? tcaMs);
    const identity = revolution === null ? `t${Math.round(tcaMs / 600_000)}` : `r${revolution}`;
    const dir = compassPoint(pass.tca.azimuth);
    const brightest = pass.visible
      .map((v) => v.brightestMagnitude)
      .filter((m): m is number => m !== null);
    const summary =
      `${pass.name || `NORAD ${pass.noradId}`} ${Math.round(pass.maxElevation)}° ${dir}` +
      (pass.visible.length
        ? ` visible${brightest.length ? ` ${Math.min(...brightest).toFixed(1)} mag` : ''}`
        : '');
    const description = [
      pass.aos ? describePoint('AOS', pass.aos, options.zone) : 'AOS before the feed window',
      describePoint('TCA', pass.tca, options.zone),
      pass.los ? describePoint('LOS', pass.los, options.zone) : 'LOS after the feed window',
      `Max elevation ${pass.maxElevation.toFixed(1)}°, ${Math.round(pass.durationSeconds / 60)} min`,
      ...pass.visible.map(
        (v) =>
          `Visible ${localParts(Date.parse(v.start.time), options.zone).time}-${localParts(Date.parse(v.end.time), options.zone).time}` +
          (v.brightestMagnitude === null
            ? ''
            : `, brightest ${v.brightestMagnitude.toFixed(1)} mag`),
      ),
      `Times in ${zoneLabel}. Elements epoch ${pass.elementsEpoch}, ${pass.elementsAgeDays.toFixed(1)} days before this pass${pass.stale ? ' (stale)' : ''}.`,
      ...(pass.elementsWarning ? [`WARNING: ${pass.elementsWarning}`] : []),
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${pass.noradId}-${identity}-${options.scope}@passwatch`,
      `DTSTAMP:${utcStamp(options.generatedMs)}`,
      `DTSTART:${utcStamp(start)}`,
      `DTEND:${utcStamp(Math.max(end, start + 1000))}`,
      `SUMMARY:${icsText(summary)}`,
      `DESCRIPTION:${icsText(description)}`,
      'CATEGORIES:satellite pass',
      'TRANSP:TRANSPARENT',
      ...(options.url ? [`URL:${options.url}`] : []),
      `X-PASSWATCH-TCA:${formatInstant(tcaMs)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
