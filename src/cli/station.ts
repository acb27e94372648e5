/**
 * `passwatch station run NAME [--simulate-from TIME] [--speed N]`: the station's whole control
 * loop against its real daemons, on the real clock or on a shifted, accelerated one, printing the
 * command log as it goes.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/index.js';
import { parseInstant } from '../format/time.js';
import { type ControlTick, simulatedClock } from '../station/control.js';
import { formatLogEntry } from '../station/hamlib/index.js';
import { logEntryJson, NoDaemonError, StationRuntime } from '../station/runtime.js';
import { stationSpec, UnknownStationError } from '../station/service.js';
import {
  CliError,
  type CliIo,
  type CliServices,
  requireServices,
  type StoredSources,
} from './io.js';
import { reportConfigError } from './serve.js';

const help = `Usage: passwatch station run NAME [--simulate-from TIME] [--speed N]
                            [--until TIME] [--passes N] [--json]

Drives the station NAME (configured, or stored through the API) through its daemons
(rotator.daemon: rotctld; radio: rigctld) along its schedule, as the server does when
control.enabled is set, and prints every command, reply and error as it goes. Runs until
SIGINT/SIGTERM, --until or --passes.

To try a rig without waiting for a pass, --simulate-from runs the loop on a clock that starts at
TIME (ISO 8601 with an offset) and runs --speed times faster than real time. The daemons are real:
start them first (for a try without hardware: rotctld -m 1 -t 4533, rigctld -m 1 -t 4532).

Options:
  --simulate-from TIME  start the loop's clock at TIME (default: now, real time)
  --speed N             run the clock N times faster (default 1, at most 100)
  --until TIME          stop when the loop's clock reaches TIME
  --passes N            stop after N passes have been worked (and the rotator parked)
  --json                one JSON object per line ("line": start, log, phase, tick, stop)
`;

const subHelp = `Usage: passwatch station run NAME [--simulate-from TIME] [--speed N] [--until TIME] [--passes N] [--json]
`;

interface RunValues {
  'simulate-from'?: string;
  speed?: string;
  until?: string;
  passes?: string;
  json?: boolean;
}

function parse(args: string[]): { name: string; values: RunValues } {
  let parsed: { values: RunValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        'simulate-from': { type: 'string' },
        speed: { type: 'string' },
        until: { type: 'string' },
        passes: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}; see "passwatch help station"`);
  }
  const [sub, name, ...extra] = parsed.positionals;
  if (sub !== 'run') {
    throw new CliError(
      sub === undefined
        ? `a subcommand is required: ${subHelp.trim()}`
        : `unknown subcommand "${sub}"; see "passwatch help station"`,
    );
  }
  if (!name) throw new CliError('station run needs the NAME of a station');
  if (extra.length > 0) throw new CliError(`unexpected argument "${extra[0]}"`);
  return { name, values: parsed.values };
}

function instant(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseInstant(value, flag);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

export const stationCommand = {
  help,
  run: async (args: string[], io: CliIo, services: CliServices | undefined): Promise<number> => {
    const { name, values } = parse(args);
    const fromMs = instant(values['simulate-from'], '--simulate-from');
    const untilMs = instant(values.until, '--until');
    const speed = values.speed === undefined ? 1 : Number(values.speed);
    if (!(Number.isFinite(speed) && speed > 0 && speed <= 100)) {
      throw new CliError(`--speed must be a number above 0, at most 100; got "${values.speed}"`);
    }
    if (values.speed !== undefined && fromMs === undefined) {
      throw new CliError('--speed needs --simulate-from TIME');
    }
    const passes = values.passes === undefined ? null : Number(values.passes);
    if (passes !== null && !(Number.isInteger(passes) && passes >= 1 && passes <= 1000)) {
      throw new CliError(`--passes must be a whole number from 1 to 1000; got "${values.passes}"`);
    }
    const startMs = fromMs ?? io.now();
    if (untilMs !== undefined && untilMs <= startMs) {
      throw new CliError(`--until must be after the start (${iso(startMs)})`);
    }

    let sources: StoredSources;
    try {
      sources = await requireServices(services).stationSources(() => startMs);
    } catch (error) {
      if (error instanceof ConfigError) return reportConfigError(error, io);
      throw error;
    }
    const clock = fromMs === undefined ? { now: io.now } : simulatedClock(fromMs, speed, io.now);
    const json = values.json === true;
    const write = (line: string) => io.out(`${line}\n`);
    let worked = 0;
    let tracked: string | null = null;
    let runtime: StationRuntime;
    try {
      stationSpec(sources.stations, name);
      runtime = new StationRuntime({
        config: sources.stations,
        name,
        catalog: sources.catalog,
        transmitter: (uuid) => sources.transmitters.get(uuid),
        clock,
        logCapacity: 10_000,
        onEvent: (e) => {
          if (e.event === 'station' && typeof e.phase === 'string') {
            if (e.phase === 'tracking' && typeof e.pass === 'string') tracked = e.pass;
            if (e.phase === 'idle' && tracked !== null) {
              worked++;
              tracked = null;
            }
            if (json) write(JSON.stringify({ line: 'phase', time: iso(clock.now()), ...e }));
            else
              write(
                `${iso(clock.now()).slice(11, 23)} station  # ${e.phase}${e.pass ? ` ${e.pass}` : ''}`,
              );
          }
        },
        ...(json
          ? {
              onTick: (t: ControlTick) =>
                write(JSON.stringify({ line: 'tick', ...t, time: iso(t.timeMs) })),
            }
          : {}),
      });
    } catch (error) {
      if (error instanceof UnknownStationError || error instanceof NoDaemonError) {
        throw new CliError(error.message, 1);
      }
      throw error;
    }

    const planned = runtime.plan();
    const daemons = runtime
      .connections()
      .map((c) => `${c.name} ${c.host}:${c.port}`)
      .join(', ');
    const next = planned.find((p) => p.losMs >= startMs);
    const header = `Station ${name}: ${daemons}; ${
      fromMs === undefined ? 'real time' : `simulated from ${iso(fromMs)} at ${speed}×`
    }; ${planned.length} passes planned${
      next ? `, next NORAD ${next.noradId} AOS ${iso(next.aosMs)} LOS ${iso(next.losMs)}` : ''
    }`;
    if (json) write(JSON.stringify({ line: 'start', station: name, message: header }));
    else write(header);

    let after = 0;
    const flush = () => {
      for (const e of runtime.log.entries({ afterSeq: after })) {
        after = e.seq;
        write(json ? JSON.stringify({ line: 'log', ...logEntryJson(e) }) : formatLogEntry(e));
      }
    };
    let signalled: string | null = null;
    const onSignal = (signal: NodeJS.Signals) => {
      signalled = signal;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      runtime.start({ speed: fromMs === undefined ? 1 : speed });
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        flush();
        if (signalled !== null) break;
        if (untilMs !== undefined && clock.now() >= untilMs) break;
        if (passes !== null && worked >= passes) break;
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await runtime.stop();
      flush();
    }
    const end = `Stopped at ${iso(clock.now())}${signalled ? ` (${signalled})` : ''}: ${worked} passes worked, ${runtime.log.total} log entries`;
    if (json) write(JSON.stringify({ line: 'stop', passes: worked, message: end }));
    else write(end);
    return 0;
  },
};
