/**
 * An iCalendar (RFC 5545) feed of close approaches: one VEVENT per approach, a minute either side
 * of the time of closest approach. The UID holds the pair and the TCA to the 10 minutes, so a
 * re-predicted approach (moved by seconds) updates its event.
 */
import { fold, icsText, utcStamp } from './ics.js';
import { formatInstant } from './time.js';

export interface IcsConjunction {
  primary: { noradId: number; name: string };
  other: { noradId: number; name: string };
  tcaMs: number;
  missKm: number;
  relativeSpeedKmS: number;
}

export function conjunctionsIcs(
  items: readonly IcsConjunction[],
  options: { name: string; scope: string; generatedMs: number; url?: string | null },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//passwatch//passwatch 0.1//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icsText(options.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
    'X-PUBLISHED-TTL:PT6H',
  ];
  for (const c of items) {
    const summary = `${c.primary.name || c.primary.noradId} – ${c.other.name || c.other.noradId} ${c.missKm.toFixed(2)} km`;
    const description = [
      `Close approach of ${c.primary.name} (${c.primary.noradId}) and ${c.other.name} (${c.other.noradId}).`,
      `TCA ${formatInstant(c.tcaMs)}, miss distance ${c.missKm.toFixed(3)} km, relative speed ${c.relativeSpeedKmS.toFixed(3)} km/s.`,
      'Predicted with SGP4 from public element sets: a screening, not a collision probability.',
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${c.primary.noradId}-${c.other.noradId}-t${Math.round(c.tcaMs / 600_000)}-${options.scope}@passwatch`,
      `DTSTAMP:${utcStamp(options.generatedMs)}`,
      `DTSTART:${utcStamp(c.tcaMs - 60_000)}`,
      `DTEND:${utcStamp(c.tcaMs + 60_000)}`,
      `SUMMARY:${icsText(summary)}`,
      `DESCRIPTION:${icsText(description)}`,
      'CATEGORIES:close approach',
      'TRANSP:TRANSPARENT',
      ...(options.url ? [`URL:${options.url}`] : []),
      `X-PASSWATCH-TCA:${formatInstant(c.tcaMs)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
