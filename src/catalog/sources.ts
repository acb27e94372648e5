/**
 * Element sources: CelesTrak GP groups and single objects (always fetched as OMM), and any other
 * URL or local file in TLE/3LE/OMM.
 */
import type { ElementFormat } from '../core/elements/index.js';
import type { CatalogSettings } from './settings.js';

export type SourceKind = 'celestrak-group' | 'celestrak-catnr' | 'url' | 'file' | 'import';

/** One query passwatch refreshes on its own: the unit of all-or-nothing loading and backoff. */
export interface SourceSpec {
  /** `celestrak:<group>`, `celestrak:catnr:<id>`, or the configured name. */
  name: string;
  kind: SourceKind;
  /** URL or absolute file path. */
  location: string;
  /** Declared format, or `auto` to detect it from the body. */
  format: ElementFormat | 'auto';
  /** Groups its objects belong to. */
  groups: readonly string[];
  /** CelesTrak's policy applies: 2-hour floor between fetches, "not updated" answers. */
  celestrak: boolean;
  /** Least time between two fetches, ms. */
  minIntervalMs: number;
}

/** CelesTrak updates GP data at most every 2 hours; never ask for the same query more often. */
export const CELESTRAK_MIN_INTERVAL_MS = 2 * 3_600_000;

const CELESTRAK_HOSTS = ['celestrak.org', 'celestrak.com'];

/** `${base}/NORAD/elements/gp.php?GROUP=<group>&FORMAT=<format>`. */
export function celestrakGroupUrl(baseUrl: string, group: string, format: 'json' | 'csv'): string {
  return `${baseUrl.replace(/\/+$/, '')}/NORAD/elements/gp.php?GROUP=${encodeURIComponent(group)}&FORMAT=${format}`;
}

/** `${base}/NORAD/elements/gp.php?CATNR=<id>&FORMAT=<format>`. */
export function celestrakCatnrUrl(
  baseUrl: string,
  noradId: number,
  format: 'json' | 'csv',
): string {
  return `${baseUrl.replace(/\/+$/, '')}/NORAD/elements/gp.php?CATNR=${noradId}&FORMAT=${format}`;
}

/** CelesTrak's own hosts, or a GP query on the configured CelesTrak base URL (a mirror). */
function isCelestrakUrl(url: string, baseUrl: string): boolean {
  const host = new URL(url).hostname;
  return (
    CELESTRAK_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) ||
    url.startsWith(`${baseUrl.replace(/\/+$/, '')}/NORAD/`)
  );
}

/** The sources a configuration asks for, CelesTrak groups first, in config order. */
export function sourcesFromConfig(catalog: CatalogSettings): SourceSpec[] {
  const { baseUrl, format, groups, catalogNumbers } = catalog.celestrak;
  const omm: ElementFormat = format === 'json' ? 'omm-json' : 'omm-csv';
  const specs: SourceSpec[] = [];
  for (const group of groups) {
    specs.push({
      name: `celestrak:${group}`,
      kind: 'celestrak-group',
      location: celestrakGroupUrl(baseUrl, group, format),
      format: omm,
      groups: [group],
      celestrak: true,
      minIntervalMs: CELESTRAK_MIN_INTERVAL_MS,
    });
  }
  for (const id of catalogNumbers) {
    specs.push({
      name: `celestrak:catnr:${id}`,
      kind: 'celestrak-catnr',
      location: celestrakCatnrUrl(baseUrl, id, format),
      format: omm,
      groups: [],
      celestrak: true,
      minIntervalMs: CELESTRAK_MIN_INTERVAL_MS,
    });
  }
  for (const s of catalog.sources) {
    const location = s.url ?? s.path!;
    const celestrak = s.url !== null && isCelestrakUrl(s.url, baseUrl);
    const minIntervalMs = s.minIntervalMinutes * 60_000;
    specs.push({
      name: s.name,
      kind: s.url !== null ? 'url' : 'file',
      location,
      format: s.format,
      groups: s.groups,
      celestrak,
      minIntervalMs: celestrak ? Math.max(minIntervalMs, CELESTRAK_MIN_INTERVAL_MS) : minIntervalMs,
    });
  }
  return specs;
}

/**
 * Find the sources a user means by `name`: a source name (`celestrak:stations`, `amsat`), a
 * CelesTrak group (`stations`) or a catalog number (`25544`).
 */
export function matchSources(specs: readonly SourceSpec[], name: string): SourceSpec[] {
  return specs.filter(
    (s) =>
      s.name === name || s.name === `celestrak:${name}` || s.name === `celestrak:catnr:${name}`,
  );
}
