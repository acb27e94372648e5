/**
 * The one iCalendar (RFC 5545) writer (`icsCalendar`) and the feeds built on it:
 * - passes (`passesIcs`): one VEVENT per pass from AOS to LOS, times in UTC; in a visible-only
 *   feed the event spans the visible part (first visible start to last visible end). UIDs are
 *   built from the NORAD id, the revolution number at TCA and the query's observer and threshold,
 *   so a refreshed prediction (a pass moved by seconds) updates its event instead of adding
 *   another;
 * - close approaches (`conjunctionsIcs`): one VEVENT a minute either side of each time of closest
 *   approach; the UID holds the pair and the TCA to the 10 minutes, so a re-predicted approach
 *   (moved by seconds) updates its event.
 * The station schedule's feed (`station/service.ts`) is written by `icsCalendar` too.
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

/** One VEVENT. */
export interface IcsEvent {
  uid: string;
  startMs: number;
  /** At least a second after the start (a shorter event is lengthened to one). */
  endMs: number;
  summary: string;
  description: string;
  category: string;
  /** TRANSP: a pass to work blocks time (OPAQUE); a prediction to know about does not. */
  busy?: boolean;
  url?: string | null;
  /** `X-PASSWATCH-TCA`: the predicted instant, epoch ms. */
  tcaMs?: number;
}

export interface IcsCalendarOptions {
  /** Calendar name shown by clients. */
  name: string;
  /** DTSTAMP: when the feed was generated, epoch ms. */
  generatedMs: number;
  /** How often clients should fetch it again, hours (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshHours: number;
}

/** A whole VCALENDAR document, lines folded, with CRLF line ends. */
export function icsCalendar(options: IcsCalendarOptions, events: Iterable<IcsEvent>): string {
  return [...icsCalendarParts(options, events)].join('');
}

/**
 * `icsCalendar`'s text in parts (the header, then one part per event as `events` yields it, then
 * the end), so a long feed can be written a slice at a time.
 */
export function* icsCalendarParts(
  options: IcsCalendarOptions,
  events: Iterable<IcsEvent>,
): Generator<string> {
  const text = (lines: string[]) => lines.map((line) => `${fold(line)}\r\n`).join('');
  yield text([
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//passwatch//passwatch 0.1//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(options.name)}`,
    `REFRESH-INTERVAL;VALUE=DURATION:PT${options.refreshHours}H`,
    `X-PUBLISHED-TTL:PT${options.refreshHours}H`,
  ]);
  for (const e of events) {
    yield text([
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(options.generatedMs)}`,
      `DTSTART:${utcStamp(e.startMs)}`,
      `DTEND:${utcStamp(Math.max(e.endMs, e.startMs + 1000))}`,
      `SUMMARY:${icsText(e.summary)}`,
      `DESCRIPTION:${icsText(e.description)}`,
      `CATEGORIES:${icsText(e.category)}`,
      `TRANSP:${e.busy ? 'OPAQUE' : 'TRANSPARENT'}`,
      ...(e.url ? [`URL:${e.url}`] : []),
      ...(e.tcaMs !== undefined ? [`X-PASSWATCH-TCA:${formatInstant(e.tcaMs)}`] : []),
      'END:VEVENT',
    ]);
  }
  yield text(['END:VCALENDAR']);
}

function describePoint(label: string, p: PassPointJson, zone: string | null): string {
  const t = localParts(Date.parse(p.time), zone).time;
  return `${label} ${t} az ${Math.round(p.azimuth)}° ${compassPoint(p.azimuth)} el ${p.elevation.toFixed(1)}°`;
}

/** The passes as a calendar feed. */
export function passesIcs(passes: Iterable<IcsPass>, options: IcsOptions): string {
  return [...passesIcsParts(passes, options)].join('');
}

/** `passesIcs` in parts, one per pass, each made as it is asked for (see `icsCalendarParts`). */
export function passesIcsParts(passes: Iterable<IcsPass>, options: IcsOptions): Generator<string> {
  function* events(): Generator<IcsEvent> {
    for (const p of passes) yield passEvent(p, options);
  }
  return icsCalendarParts(
    { name: options.name, generatedMs: options.generatedMs, refreshHours: 1 },
    events(),
  );
}

function passEvent(
  { pass, revolution, tcaMs, aosMs, losMs }: IcsPass,
  options: IcsOptions,
): IcsEvent {
  const zoneLabel = options.zone ?? 'UTC';
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
        (v.brightestMagnitude === null ? '' : `, brightest ${v.brightestMagnitude.toFixed(1)} mag`),
    ),
    `Times in ${zoneLabel}. Elements epoch ${pass.elementsEpoch}, ${pass.elementsAgeDays.toFixed(1)} days before this pass${pass.stale ? ' (stale)' : ''}.`,
    ...(pass.elementsWarning ? [`WARNING: ${pass.elementsWarning}`] : []),
  ].join('\n');
  return {
    uid: `${pass.noradId}-${identity}-${options.scope}@passwatch`,
    startMs: start,
    endMs: end,
    summary,
    description,
    category: 'satellite pass',
    url: options.url ?? null,
    tcaMs,
  };
}

/** One object of a close approach, with its elements' age at the TCA. */
export interface IcsApproachObject {
  noradId: number;
  name: string;
  epoch: string;
  ageDays: number;
  stale: boolean;
  /** For stale elements: the warning worded at this TCA; else null. */
  warning: string | null;
}

export interface IcsConjunction {
  primary: IcsApproachObject;
  other: IcsApproachObject;
  tcaMs: number;
  missKm: number;
  relativeSpeedKmS: number;
}

const label = (o: { name: string; noradId: number }) => o.name || `NORAD ${o.noradId}`;

/** The close approaches as a calendar feed. */
export function conjunctionsIcs(
  items: readonly IcsConjunction[],
  options: {
    name: string;
    scope: string;
    generatedMs: number;
    url?: string | null;
  },
): string {
  const age = (o: IcsApproachObject) =>
    `${label(o)} epoch ${o.epoch}, ${o.ageDays.toFixed(1)} days old at TCA${o.stale ? ' (stale)' : ''}`;
  const events = items.map(
    (c): IcsEvent => ({
      uid: `${c.primary.noradId}-${c.other.noradId}-t${Math.round(c.tcaMs / 600_000)}-${options.scope}@passwatch`,
      startMs: c.tcaMs - 60_000,
      endMs: c.tcaMs + 60_000,
      summary: `${label(c.primary)} – ${label(c.other)} ${c.missKm.toFixed(2)} km`,
      description: [
        `Close approach of ${c.primary.name} (${c.primary.noradId}) and ${c.other.name} (${c.other.noradId}).`,
        `TCA ${formatInstant(c.tcaMs)}, miss distance ${c.missKm.toFixed(3)} km, relative speed ${c.relativeSpeedKmS.toFixed(3)} km/s.`,
        `Elements: ${age(c.primary)}; ${age(c.other)}.`,
        ...[c.primary.warning, c.other.warning].flatMap((w) => (w ? [`WARNING: ${w}`] : [])),
        'Predicted with SGP4 from public element sets: a screening, not a collision probability.',
      ].join('\n'),
      category: 'close approach',
      url: options.url ?? null,
      tcaMs: c.tcaMs,
    }),
  );
  return icsCalendar(
    { name: options.name, generatedMs: options.generatedMs, refreshHours: 6 },
    events,
  );
}
