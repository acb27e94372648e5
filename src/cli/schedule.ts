import { parseArgs } from 'node:util';
import { ConfigError } from '../config/index.js';
import { parseInstant } from '../format/time.js';
import type { ScheduleReport } from '../station/schedule-report.js';
import { UnknownStationError } from '../station/service.js';
import { CliError, type CliIo, type CliServices, requireServices } from './io.js';
import { reportConfigError } from './serve.js';

const help = `Usage: passwatch schedule --station NAME [--days N] [--start ISO] [--json]

Plans a configured station (config "stations") from the stored catalog and transmitter list:
the passes to work, exactly maximising the total priority with the rotator's travel and the
turnaround between passes, and the passes not worked with why. Fetches nothing.

Options:
  --station NAME   a station of the configuration
  --days N         window length in days (default 2, at most 14)
  --start ISO      window start, ISO 8601 with an offset (default now)
  --json           the same JSON as GET /v1/stations/NAME/schedule
`;

type PassJson = ScheduleReport['scheduled'][number];

function row(p: PassJson, status: string): string[] {
  const t = (x: { time: string } | null) => (x ? x.time.slice(0, 16).replace('T', ' ') : '-');
  const mhz = (hz: number | null | undefined) => (hz ? (hz / 1e6).toFixed(4) : '-');
  return [
    t(p.aos),
    t(p.los)?.slice(11) ?? '-',
    `${p.name || p.noradId}`,
    p.maxElevation.toFixed(0),
    String(p.priority),
    p.rotator ? `${p.rotator.mode}${p.rotator.warnings.length ? '!' : ''}` : '-',
    mhz(p.transmitter?.nominalDownlinkHz),
    mhz(p.transmitter?.nominalUplinkHz),
    status,
  ];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

export const scheduleCommand = {
  help,
  run: async (args: string[], io: CliIo, services?: CliServices): Promise<number> => {
    let values: { station?: string; days?: string; start?: string; json?: boolean };
    try {
      values = parseArgs({
        args,
        strict: true,
        options: {
          station: { type: 'string' },
          days: { type: 'string' },
          start: { type: 'string' },
          json: { type: 'boolean' },
        },
      }).values;
    } catch (error) {
      throw new CliError(`${(error as Error).message}; see "passwatch help schedule"`);
    }
    if (!values.station)
      throw new CliError('--station NAME is required; see "passwatch help schedule"');
    const days = values.days === undefined ? 2 : Number(values.days);
    if (!(Number.isFinite(days) && days > 0 && days <= 14)) {
      throw new CliError(`--days must be a number of days from 0 to 14; got "${values.days}"`);
    }
    let startMs: number | undefined;
    try {
      startMs = values.start === undefined ? undefined : parseInstant(values.start, '--start');
    } catch (error) {
      throw new CliError((error as Error).message);
    }
    const { stationSchedule } = requireServices(services);
    let s: ScheduleReport;
    try {
      s = await stationSchedule(
        values.station,
        { ...(startMs !== undefined ? { startMs } : {}), days },
        io.now,
      );
    } catch (error) {
      if (error instanceof ConfigError) return reportConfigError(error, io);
      if (error instanceof UnknownStationError) throw new CliError(error.message, 1);
      throw error;
    }
    if (values.json) {
      io.out(`${JSON.stringify(s, null, 2)}\n`);
      return 0;
    }
    const rows = [
      ['AOS', 'LOS', 'Satellite', 'Max el', 'Prio', 'Rotator', 'Down MHz', 'Up MHz', 'Plan'],
    ];
    const all = [
      ...s.scheduled.map((p) => ({ p, status: 'work' })),
      ...s.rejected.map((r) => ({ p: r, status: `skip: ${r.reason.message}` })),
    ].sort((a, b) => ((a.p.tca?.time ?? '') < (b.p.tca?.time ?? '') ? -1 : 1));
    for (const { p, status } of all) rows.push(row(p, status));
    io.out(
      `Station ${s.station}, ${s.start} to ${s.end}: ${s.scheduled.length} passes to work, total priority ${s.totalPriority}\n\n${table(rows)}` +
        s.problems.map((p) => `problem: NORAD ${p.noradId}: ${p.message}\n`).join(''),
    );
    return 0;
  },
};
