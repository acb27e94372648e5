/**
 * Environment variables that override settings. Each maps to one setting path; values are
 * converted by kind, and anything that does not convert is passed on as text so that validation
 * reports it with the variable's name.
 */

export type EnvKind = 'string' | 'number' | 'boolean' | 'list' | 'number-list' | 'json';

export interface EnvVariable {
  name: string;
  path: string;
  kind: EnvKind;
}

/** Every variable passwatch reads (besides `PASSWATCH_CONFIG`), in README order. */
export const ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'PORT', path: 'server.port', kind: 'number' },
  { name: 'PASSWATCH_HOST', path: 'server.host', kind: 'string' },
  { name: 'PASSWATCH_CORS_ORIGINS', path: 'server.corsOrigins', kind: 'list' },
  { name: 'PASSWATCH_DATA_DIR', path: 'dataDir', kind: 'string' },
  { name: 'PASSWATCH_ADMIN_TOKEN', path: 'adminToken', kind: 'string' },
  { name: 'PASSWATCH_OBSERVERS', path: 'observers', kind: 'json' },
  { name: 'PASSWATCH_API_MAX_DAYS', path: 'api.maxDays', kind: 'number' },
  { name: 'PASSWATCH_API_WORK_BUDGET', path: 'api.workBudgetSatelliteDays', kind: 'number' },
  { name: 'PASSWATCH_API_TIMEOUT_SECONDS', path: 'api.requestTimeoutSeconds', kind: 'number' },
  { name: 'PASSWATCH_API_DEFAULT_PAGE_SIZE', path: 'api.defaultPageSize', kind: 'number' },
  { name: 'PASSWATCH_API_MAX_PAGE_SIZE', path: 'api.maxPageSize', kind: 'number' },
  { name: 'PASSWATCH_API_CACHE_MEGABYTES', path: 'api.cacheMegabytes', kind: 'number' },
  { name: 'PASSWATCH_API_HEAVY_CONCURRENCY', path: 'api.heavyConcurrency', kind: 'number' },
  { name: 'PASSWATCH_API_MAX_MAGNITUDE', path: 'api.maxMagnitude', kind: 'number' },
  { name: 'PASSWATCH_API_MAX_LIVE_STREAMS', path: 'api.maxLiveStreams', kind: 'number' },
  { name: 'PASSWATCH_CELESTRAK_URL', path: 'catalog.celestrak.baseUrl', kind: 'string' },
  { name: 'PASSWATCH_CELESTRAK_FORMAT', path: 'catalog.celestrak.format', kind: 'string' },
  { name: 'PASSWATCH_GROUPS', path: 'catalog.celestrak.groups', kind: 'list' },
  { name: 'PASSWATCH_CATNR', path: 'catalog.celestrak.catalogNumbers', kind: 'number-list' },
  { name: 'PASSWATCH_SOURCES', path: 'catalog.sources', kind: 'json' },
  { name: 'PASSWATCH_REFRESH_SCHEDULE', path: 'catalog.refresh.schedule', kind: 'string' },
  { name: 'PASSWATCH_REFRESH_TIMEZONE', path: 'catalog.refresh.timezone', kind: 'string' },
  {
    name: 'PASSWATCH_REFRESH_JITTER_MINUTES',
    path: 'catalog.refresh.jitterMinutes',
    kind: 'number',
  },
  { name: 'PASSWATCH_REFRESH_ON_START', path: 'catalog.refresh.onStart', kind: 'boolean' },
  {
    name: 'PASSWATCH_FETCH_TIMEOUT_SECONDS',
    path: 'catalog.refresh.timeoutSeconds',
    kind: 'number',
  },
  {
    name: 'PASSWATCH_MAX_BODY_MEGABYTES',
    path: 'catalog.refresh.maxBodyMegabytes',
    kind: 'number',
  },
  {
    name: 'PASSWATCH_BACKOFF_BASE_MINUTES',
    path: 'catalog.refresh.backoffBaseMinutes',
    kind: 'number',
  },
  {
    name: 'PASSWATCH_BACKOFF_MAX_MINUTES',
    path: 'catalog.refresh.backoffMaxMinutes',
    kind: 'number',
  },
  { name: 'PASSWATCH_MAX_DROP_SHARE', path: 'catalog.refresh.maxDropShare', kind: 'number' },
  { name: 'PASSWATCH_STALE_DAYS', path: 'catalog.staleDays', kind: 'number' },
  { name: 'PASSWATCH_HISTORY_DAYS', path: 'catalog.historyDays', kind: 'number' },
  { name: 'PASSWATCH_SNAPSHOT', path: 'catalog.snapshot', kind: 'boolean' },
  { name: 'PASSWATCH_SATNOGS_URL', path: 'catalog.transmitters.baseUrl', kind: 'string' },
];

/** The variable naming a JSON file merged over the defaults. */
export const CONFIG_FILE_VARIABLE = 'PASSWATCH_CONFIG';

export type Env = Readonly<Record<string, string | undefined>>;

/** An environment value converted for its setting, or why it could not be read at all. */
export type EnvValue = { value: unknown } | { error: string };

/**
 * Convert one variable's text. Empty text counts as unset (returns null), except for lists,
 * where it means an empty list (`PASSWATCH_GROUPS=` turns the CelesTrak groups off).
 */
export function readEnvValue(kind: EnvKind, text: string): EnvValue | null {
  const s = text.trim();
  if (s === '' && kind !== 'list' && kind !== 'number-list') return null;
  switch (kind) {
    case 'string':
      return { value: s };
    case 'number':
      return { value: numberOrText(s) };
    case 'boolean': {
      const lower = s.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return { value: true };
      if (['false', '0', 'no', 'off'].includes(lower)) return { value: false };
      return { value: s };
    }
    case 'list':
      return { value: splitList(s) };
    case 'number-list':
      return { value: splitList(s).map(numberOrText) };
    case 'json':
      try {
        return { value: JSON.parse(s) };
      } catch (error) {
        return { error: `is not valid JSON (${(error as Error).message})` };
      }
  }
}

function splitList(s: string): string[] {
  return s
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function numberOrText(s: string): number | string {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s) ? Number(s) : s;
}
