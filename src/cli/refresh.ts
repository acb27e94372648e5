import { parseArgs } from 'node:util';
import { type CatalogReport, type SourceReport, UnknownSourceError } from '../catalog/index.js';
import { ConfigError } from '../config/index.js';
import { CliError, type CliIo, type CliServices, requireServices } from './io.js';
import { reportConfigError } from './serve.js';

const refreshHelp = `Usage: passwatch refresh [--source NAME]... [--force] [--accept-drop] [--json]

Fetches the configured element sources that are due, checks each body, and stores it (all or
nothing per source). Prints one line per source: updated, unchanged, skipped (not due yet),
failed or rejected, with the reason.

Options:
  --source NAME    only this source, repeatable: a source name (celestrak:stations, amsat),
                   a CelesTrak group (stations) or a catalog number (25544)
  --force          ignore the minimum interval and the backoff of sources that are not
                   CelesTrak's (files, other URLs). CelesTrak sources always keep CelesTrak's
                   2-hour rule and their backoff; --force only skips the short wait after a
                   network failure (CelesTrak was never reached), retrying at once.
  --accept-drop    with --source: accept a body that would remove more than the allowed share
                   of the source's objects (now, or at the source's next due refresh)
  --json           print the outcomes as JSON

Exit status: 0 when no source failed or was rejected, 1 otherwise, 78 for invalid configuration.
`;

export const refreshCommand = {
  help: refreshHelp,
  run: async (args: string[], io: CliIo, services?: CliServices): Promise<number> => {
    let values: { source?: string[]; force?: boolean; 'accept-drop'?: boolean; json?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        strict: true,
        allowPositionals: false,
        options: {
          source: { type: 'string', multiple: true },
          force: { type: 'boolean' },
          'accept-drop': { type: 'boolean' },
          json: { type: 'boolean' },
        },
      }));
    } catch (error) {
      throw usageError(error, 'refresh');
    }
    if (values['accept-drop'] && !values.source) {
      throw new CliError(
        '--accept-drop needs --source NAME: accept a drop for one source at a time',
      );
    }
    const { refresh } = requireServices(services);
    let reports: SourceReport[];
    try {
      reports = await refresh(
        {
          ...(values.source ? { sources: values.source } : {}),
          force: values.force ?? false,
          acceptDrop: values['accept-drop'] ?? false,
        },
        io.now,
      );
    } catch (error) {
      if (error instanceof ConfigError) return reportConfigError(error, io);
      if (error instanceof UnknownSourceError) throw new CliError(error.message);
      throw error;
    }
    if (values.json) {
      io.out(`${JSON.stringify({ sources: reports.map(reportJson) }, null, 2)}\n`);
    } else {
      io.out(refreshTable(reports));
    }
    return reports.some((r) => r.outcome === 'failed' || r.outcome === 'rejected') ? 1 : 0;
  },
};

function reportJson(r: SourceReport) {
  return {
    source: r.source,
    outcome: r.outcome,
    reason: r.reason,
    httpStatus: r.httpStatus,
    bytes: r.bytes,
    objects: r.objects,
    issues: r.issues,
    started: new Date(r.startedMs).toISOString(),
    finished: new Date(r.finishedMs).toISOString(),
    nextAttempt: new Date(r.nextAttemptMs).toISOString(),
  };
}

function refreshTable(reports: SourceReport[]): string {
  const rows = [['Source', 'Outcome', 'Objects', 'Detail']];
  for (const r of reports) {
    const o = r.objects;
    const objects = o ? `${o.after} (+${o.added} ~${o.changed} -${o.removed})` : '';
    const detail = [
      r.reason,
      r.issues.length ? `${r.issues.length} bad record(s), first: ${r.issues[0]}` : null,
    ]
      .filter(Boolean)
      .join('; ');
    rows.push([r.source, r.outcome, objects, detail]);
  }
  return table(rows);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

const catalogHelp = `Usage: passwatch catalog [--json]

Shows the stored catalog: object counts, element ages (objects older than the stale limit are
counted as stale), groups, and every source with its last outcome and next allowed fetch.
Does not fetch anything.
`;

export const catalogCommand = {
  help: catalogHelp,
  run: async (args: string[], io: CliIo, services?: CliServices): Promise<number> => {
    let json = false;
    try {
      json =
        parseArgs({ args, strict: true, options: { json: { type: 'boolean' } } }).values.json ??
        false;
    } catch (error) {
      throw usageError(error, 'catalog');
    }
    const { catalogReport } = requireServices(services);
    let report: CatalogReport;
    try {
      report = await catalogReport(io.now);
    } catch (error) {
      if (error instanceof ConfigError) return reportConfigError(error, io);
      throw error;
    }
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const s = report.summary;
    const sources = report.sources.map(({ spec, state, nextAttemptMs }) => ({
      source: spec.name,
      location: spec.location,
      origin: state?.origin ?? null,
      objects: state?.objectCount ?? 0,
      lastOutcome: state?.lastOutcome ?? null,
      lastReason: state?.lastReason ?? null,
      lastAttempt: iso(state?.lastAttemptMs ?? null),
      lastSuccess: iso(state?.lastSuccessMs ?? null),
      failures: state?.failures ?? 0,
      nextAttempt: Number.isFinite(nextAttemptMs) ? iso(nextAttemptMs) : null,
    }));
    if (json) {
      io.out(
        `${JSON.stringify(
          {
            now: iso(report.nowMs),
            objects: s.objects,
            stale: s.stale,
            staleAfterDays: s.staleAfterDays,
            oldestEpoch: iso(s.oldestEpochMs),
            newestEpoch: iso(s.newestEpochMs),
            medianAgeDays: s.medianAgeDays,
            groups: report.groups,
            sources,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const age = s.medianAgeDays === null ? 'n/a' : `${s.medianAgeDays.toFixed(1)} days`;
    let out = `${s.objects} objects, ${s.stale} stale (elements older than ${s.staleAfterDays} days); median element age ${age}\n`;
    if (s.objects > 0) out += `epochs ${iso(s.oldestEpochMs)} to ${iso(s.newestEpochMs)}\n`;
    out += `groups: ${report.groups.map((g) => `${g.name} ${g.count}`).join(', ') || 'none'}\n\n`;
    const rows = [['Source', 'Objects', 'Data', 'Last outcome', 'Next fetch', 'Detail']];
    for (const x of sources) {
      rows.push([
        x.source,
        String(x.objects),
        x.origin === 'file' ? `file ${x.location}` : (x.origin ?? '-'),
        x.lastOutcome ?? 'never fetched',
        x.nextAttempt === iso(0) ? 'now' : (x.nextAttempt ?? ''),
        x.lastReason ?? '',
      ]);
    }
    io.out(out + table(rows));
    return 0;
  },
};

function usageError(error: unknown, command: string): unknown {
  if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    return new CliError(`${error.message}; see "passwatch help ${command}"`);
  }
  return error;
}
