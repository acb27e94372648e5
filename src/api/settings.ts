/**
 * The `server` and `api` settings sections: where the HTTP server listens, CORS, and the limits
 * of one request. Defaults are here and nowhere else.
 */
import { z } from 'zod';
import type { ObserversSettings } from '../fields/index.js';
import { list, numberIn, parseUrl, RANGES, section, text, whenValid } from '../fields/index.js';
import type { StationsSettings } from '../station/settings.js';

const ORIGIN_EXPECTED =
  '"*" or an origin such as "https://example.org" (scheme, host, optional port; no path)';

/** `*`, or an origin (`https://example.org`) normalised to `URL.origin`. */
const corsOrigin = z
  .string({ error: ORIGIN_EXPECTED })
  .refine(
    (s) => {
      if (s === '*') return true;
      const url = parseUrl(s);
      return url !== null && /^https?:$/.test(url.protocol) && url.origin === s.replace(/\/$/, '');
    },
    { error: ORIGIN_EXPECTED, params: { expected: true } },
  )
  .transform((s) => (s === '*' ? s : new URL(s).origin));

export const serverSettings = section({
  host: text('a host name or IP address to listen on').default('0.0.0.0'),
  port: numberIn({ min: 0, max: 65_535, integer: true }).default(8080),
  /** Origins allowed by CORS (`https://example.org` or `*`); empty = CORS off. */
  corsOrigins: list(corsOrigin).default([]),
  /** Request bodies larger than this get 413 before they are read whole. */
  maxBodyMegabytes: numberIn({ min: 0.001, max: 64 }).default(1),
});
export type ServerSettings = z.output<typeof serverSettings>;

export const apiSettings = section({
  /** Longest prediction window a request may ask for, days. */
  maxDays: numberIn({ min: 1, max: 60, integer: true }).default(14),
  /** Largest satellites x days one request may cost. */
  workBudgetSatelliteDays: numberIn({ min: 1, max: 1_000_000 }).default(3000),
  requestTimeoutSeconds: numberIn({ min: 1, max: 600 }).default(30),
  defaultPageSize: numberIn({ min: 1, max: 10_000, integer: true }).default(50),
  maxPageSize: numberIn({ min: 1, max: 10_000, integer: true }).default(1000),
  /** Memory the response cache may hold (0 turns it off). */
  cacheMegabytes: numberIn({ min: 0, max: 4096 }).default(64),
  /** Expensive requests computed at once; more wait briefly, then get 503 with Retry-After. */
  heavyConcurrency: numberIn({ min: 1, max: 64, integer: true }).default(2),
  /** Faintest magnitude that counts as visible when a request does not say (default 6). */
  maxMagnitude: numberIn(RANGES.magnitude).default(6),
  /** Live streams (`/v1/satellites/{noradId}/live`) open at once; more get 503. */
  maxLiveStreams: numberIn({ min: 1, max: 10_000, integer: true }).default(64),
}).superRefine(
  (a, ctx) => {
    if (a.defaultPageSize > a.maxPageSize) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultPageSize'],
        message: `expected at most api.maxPageSize (${a.maxPageSize}); got ${a.defaultPageSize}`,
      });
    }
  },
  whenValid('defaultPageSize', 'maxPageSize'),
);
export type ApiSettings = z.output<typeof apiSettings>;

/** What the API reads of the configuration: its sections, the observers and the admin token. */
export interface ApiConfig {
  server: ServerSettings;
  api: ApiSettings;
  observers: ObserversSettings;
  /** Token for admin routes (refresh, subscriptions); null disables them. */
  adminToken: string | null;
  /** Radio stations (the station routes); none when absent. */
  stations?: StationsSettings;
}
