/**
 * Prometheus text exposition (format 0.0.4) of request counts and latencies, refresh outcomes
 * and catalog age, with no dependency.
 */
import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/** The `route` label of a request that no route answers (404, 405): never its raw path. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The `route` label of a request: the pattern of the route that matched its method and path
 * (`/v1/satellites/:noradId`), also when a guard refused it before the route ran, or
 * `unmatched`. Middleware patterns (`*`, `/v1/*`) and raw paths never become labels: a client
 * choosing paths cannot grow the number of series.
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!;
    if (r.method !== 'ALL') return r.path;
  }
  return UNMATCHED_ROUTE;
}

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;

function key(labels: Labels): string {
  return Object.entries(labels)
    .map(
      ([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
    )
    .join(',');
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>();
  private readonly refreshes = new Map<string, number>();

  /** Count one answered request and its latency. */
  request(method: string, route: string, status: number, seconds: number): void {
    const k = key({ method, route, status: String(status) });
    this.requests.set(k, (this.requests.get(k) ?? 0) + 1);
    const lk = key({ route });
    let h = this.latency.get(lk);
    if (!h) {
      h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(lk, h);
    }
    for (const [i, le] of BUCKETS.entries()) if (seconds <= le) h.buckets[i]! += 1;
    h.sum += seconds;
    h.count += 1;
  }

  /** Count one refresh outcome of a source. */
  refresh(source: string, outcome: string): void {
    const k = key({ source, outcome });
    this.refreshes.set(k, (this.refreshes.get(k) ?? 0) + 1);
  }

  /** The exposition text; `gauges` are read at scrape time. */
  render(gauges: { name: string; help: string; value: number | null; labels?: Labels }[]): string {
    const out: string[] = [
      '# HELP passwatch_http_requests_total HTTP requests answered.',
      '# TYPE passwatch_http_requests_total counter',
    ];
    for (const [k, v] of this.requests) out.push(`passwatch_http_requests_total{${k}} ${v}`);
    out.push(
      '# HELP passwatch_http_request_duration_seconds Time to answer an HTTP request.',
      '# TYPE passwatch_http_request_duration_seconds histogram',
    );
    for (const [k, h] of this.latency) {
      for (const [i, le] of BUCKETS.entries()) {
        out.push(`passwatch_http_request_duration_seconds_bucket{${k},le="${le}"} ${h.buckets[i]}`);
      }
      out.push(`passwatch_http_request_duration_seconds_bucket{${k},le="+Inf"} ${h.count}`);
      out.push(`passwatch_http_request_duration_seconds_sum{${k}} ${h.sum}`);
      out.push(`passwatch_http_request_duration_seconds_count{${k}} ${h.count}`);
    }
    out.push(
      '# HELP passwatch_refresh_total Catalog refreshes by source and outcome.',
      '# TYPE passwatch_refresh_total counter',
    );
    for (const [k, v] of this.refreshes) out.push(`passwatch_refresh_total{${k}} ${v}`);
    let previous = '';
    for (const g of gauges) {
      // One HELP/TYPE per metric; labelled series of one metric follow each other.
      if (g.name !== previous) out.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
      previous = g.name;
      const labels = g.labels ? `{${key(g.labels)}}` : '';
      out.push(`${g.name}${labels} ${g.value === null ? 'NaN' : g.value}`);
    }
    return `${out.join('\n')}\n`;
  }
}
