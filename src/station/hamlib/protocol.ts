/**
 * hamlib's network protocol (rotctld, rigctld), the pure part: command lines, replies in the
 * extended response format, and hamlib's error codes as typed errors.
 *
 * Every command is sent with the `+` prefix (extended response): the daemon echoes the command
 * name, then one `Key: value` line per value, then `RPRT n` (0 for success, −n a hamlib error
 * code), so every reply has an unambiguous end, whatever the command.
 */

/** hamlib's error codes (`rig_errcode_e`, shared by rigs and rotators) and their messages. */
export const HAMLIB_ERROR_MESSAGES: Readonly<Record<number, string>> = {
  1: 'invalid parameter',
  2: 'invalid configuration',
  3: 'memory shortage',
  4: 'feature not implemented',
  5: 'communication timed out',
  6: 'I/O error',
  7: 'internal hamlib error',
  8: 'protocol error',
  9: 'command rejected by the device',
  10: 'command performed, but argument truncated',
  11: 'feature not available',
  12: 'target VFO unaccessible',
  13: 'communication bus error',
  14: 'communication bus collision',
  15: 'null handle or invalid pointer parameter',
  16: 'invalid VFO',
  17: 'argument out of domain',
  18: 'function deprecated',
  19: 'security error',
  20: 'device is not powered on',
};

/**
 * Why a command did not succeed:
 * - `rprt`: the daemon answered `RPRT −n` (`code` is n, e.g. 1 invalid parameter);
 * - `timeout`: no complete reply within the command timeout (the connection is then reset);
 * - `not-connected`: the daemon is down and the client is waiting to reconnect;
 * - `disconnected`: the connection dropped while the command was queued or in flight;
 * - `protocol`: a reply that is not hamlib's extended format;
 * - `superseded`: a newer command of the same kind (a position, a frequency) replaced it in the
 *   queue before it was sent;
 * - `queue-full`: too many commands waiting;
 * - `invalid`: refused before sending (a value that is not a finite number, a bad mode name);
 * - `closed`: the client was closed.
 */
export type HamlibErrorKind =
  | 'rprt'
  | 'timeout'
  | 'not-connected'
  | 'disconnected'
  | 'protocol'
  | 'superseded'
  | 'queue-full'
  | 'invalid'
  | 'closed';

/** A failed hamlib command. Returned in results, never thrown at the caller. */
export class HamlibError extends Error {
  override readonly name = 'HamlibError';
  constructor(
    readonly kind: HamlibErrorKind,
    message: string,
    /** For `rprt`: hamlib's error code as a positive number (`RPRT -1` gives 1). */
    readonly code: number | null = null,
  ) {
    super(message);
  }

  toJSON(): { kind: HamlibErrorKind; code: number | null; message: string } {
    return { kind: this.kind, code: this.code, message: this.message };
  }
}

/** The error for `RPRT -n` (n > 0). */
export function rprtError(code: number): HamlibError {
  const n = Math.abs(code);
  return new HamlibError('rprt', `RPRT -${n}: ${HAMLIB_ERROR_MESSAGES[n] ?? 'unknown error'}`, n);
}

/** One `Key: value` line of an extended reply. */
export interface ReplyField {
  key: string;
  value: string;
}

/** A complete extended reply. */
export interface ExtendedReply {
  /** The echoed command line (`get_pos:`, `set_freq: 145800000`). */
  echo: string;
  fields: ReplyField[];
  /** 0 for success, else hamlib's error code as a positive number. */
  code: number;
}

const RPRT = /^RPRT (-?\d+)$/;

/** Whether `line` ends a reply (`RPRT n`). */
export function isReplyEnd(line: string): boolean {
  return RPRT.test(line);
}

/**
 * Parses the lines of one extended reply, the `RPRT n` line included.
 * @returns the reply, or a `protocol` error for lines that are not hamlib's extended format.
 */
export function parseExtendedReply(lines: readonly string[]): ExtendedReply | HamlibError {
  const last = lines.at(-1);
  const end = last === undefined ? null : RPRT.exec(last);
  if (!end) return new HamlibError('protocol', `reply without RPRT line: ${JSON.stringify(lines)}`);
  const code = Math.abs(Number(end[1]));
  const body = lines.slice(0, -1);
  const echo = body[0] ?? '';
  const fields: ReplyField[] = [];
  for (const line of body.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      return new HamlibError('protocol', `reply line is not "Key: value": ${JSON.stringify(line)}`);
    }
    fields.push({ key: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return { echo, fields, code };
}

/** The value of field `key`, as a finite number, or a `protocol` error. */
export function numberField(reply: ExtendedReply, key: string): number | HamlibError {
  const field = reply.fields.find((f) => f.key === key);
  const value = field === undefined ? Number.NaN : Number(field.value);
  if (field === undefined || field.value === '' || !Number.isFinite(value)) {
    return new HamlibError(
      'protocol',
      `reply to ${reply.echo} has no numeric "${key}" (${JSON.stringify(reply.fields)})`,
    );
  }
  return value;
}

/** The value of field `key` as text, or a `protocol` error. */
export function textField(reply: ExtendedReply, key: string): string | HamlibError {
  const field = reply.fields.find((f) => f.key === key);
  if (field === undefined) {
    return new HamlibError('protocol', `reply to ${reply.echo} has no "${key}"`);
  }
  return field.value;
}

/** hamlib mode names (`rig_strrmode`): letters and digits only, so they cannot break a line. */
const MODE = /^[A-Z][A-Z0-9]{0,15}$/;

/** Whether `mode` can be sent as a hamlib mode name (USB, LSB, CW, FM, PKTUSB, ...). */
export function isModeName(mode: string): boolean {
  return MODE.test(mode);
}

/** hamlib VFO names this client sends. */
export type VfoName = 'VFOA' | 'VFOB' | 'Main' | 'Sub' | 'currVFO' | 'TX' | 'RX';

/** A frequency as sent: whole hertz (the daemons keep integer Hz). */
export function formatHz(hz: number): string {
  return Math.round(hz).toFixed(0);
}

/** An angle as sent: hundredths of a degree (what rotators resolve at best). */
export function formatDeg(deg: number): string {
  return (Math.round(deg * 100) / 100).toFixed(2);
}
