/**
 * A rotctld client: position, park and stop over hamlib's network protocol, never outside the
 * rotator's limits. Position commands coalesce: while one is on its way to a slow daemon, only
 * the newest waiting position is kept.
 */
import {
  type ConnectionStatus,
  HamlibConnection,
  type HamlibConnectionOptions,
  type HamlibResult,
} from './connection.js';
import {
  guardPosition,
  limitsProblems,
  type RotatorLimits,
  type RotatorPosition,
} from './limits.js';
import { formatDeg, HamlibError, numberField } from './protocol.js';

export interface RotctldOptions extends Omit<HamlibConnectionOptions, 'name'> {
  /** Default `rotator`. */
  name?: string;
  limits: RotatorLimits;
}

/** What a set-position command did. */
export interface SetPositionResult {
  /** What was sent (inside the limits). */
  commanded: RotatorPosition;
  /** Whether the asked position had to be clamped. */
  clamped: boolean;
}

export interface RotctldStatus extends ConnectionStatus {
  /** The last position sent successfully, and the last one read back. */
  commanded: RotatorPosition | null;
  reported: RotatorPosition | null;
  clampedCommands: number;
}

export class RotctldClient {
  readonly connection: HamlibConnection;
  readonly limits: RotatorLimits;
  private commanded: RotatorPosition | null = null;
  private reported: RotatorPosition | null = null;
  private clampedCommands = 0;

  /** @throws RangeError for unusable limits (a configuration error, found at start-up). */
  constructor(options: RotctldOptions) {
    const problems = limitsProblems(options.limits);
    if (problems.length > 0) {
      throw new RangeError(`rotator limits: ${problems[0]!.field} ${problems[0]!.message}`);
    }
    const { azimuthMinDeg, azimuthMaxDeg, elevationMinDeg, elevationMaxDeg } = options.limits;
    this.limits = { azimuthMinDeg, azimuthMaxDeg, elevationMinDeg, elevationMaxDeg };
    this.connection = new HamlibConnection({ ...options, name: options.name ?? 'rotator' });
  }

  get log() {
    return this.connection.log;
  }

  status(): RotctldStatus {
    return {
      ...this.connection.status(),
      commanded: this.commanded,
      reported: this.reported,
      clampedCommands: this.clampedCommands,
    };
  }

  /** Connects now rather than at the first command. */
  start(): void {
    this.connection.start();
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  /**
   * Points the rotator at `asked`, clamped into the limits (with a warning in the log when it
   * had to be). `P az el`.
   */
  async setPosition(asked: RotatorPosition): Promise<HamlibResult<SetPositionResult>> {
    const guarded = guardPosition(this.limits, asked);
    if (guarded === null) {
      const error = new HamlibError(
        'invalid',
        `position ${asked.azimuthDeg}, ${asked.elevationDeg} is not a pair of numbers`,
      );
      this.log.add({
        type: 'error',
        daemon: this.connection.name,
        command: 'set_pos',
        kind: error.kind,
        code: null,
        message: error.message,
        durationMs: null,
      });
      return { ok: false, error };
    }
    const { position, warning } = guarded;
    const command = `P ${formatDeg(position.azimuthDeg)} ${formatDeg(position.elevationDeg)}`;
    if (warning) {
      this.clampedCommands++;
      this.log.add({ type: 'warning', daemon: this.connection.name, command, message: warning });
    }
    const r = await this.connection.request(command, 'set_pos');
    if (!r.ok) return r;
    this.commanded = position;
    return { ok: true, value: { commanded: position, clamped: warning !== null } };
  }

  /** The rotator's position as it reports it. `p`. */
  async getPosition(): Promise<HamlibResult<RotatorPosition>> {
    const r = await this.connection.request('p');
    if (!r.ok) return r;
    const azimuthDeg = numberField(r.value, 'Azimuth');
    if (azimuthDeg instanceof HamlibError) return { ok: false, error: azimuthDeg };
    const elevationDeg = numberField(r.value, 'Elevation');
    if (elevationDeg instanceof HamlibError) return { ok: false, error: elevationDeg };
    this.reported = { azimuthDeg, elevationDeg };
    return { ok: true, value: this.reported };
  }

  /** Sends the rotator to its own park position (the controller's). `K`. */
  async park(): Promise<HamlibResult<void>> {
    const r = await this.connection.request('K', 'set_pos');
    return r.ok ? { ok: true, value: undefined } : r;
  }

  /** Stops any movement. `S`. */
  async stop(): Promise<HamlibResult<void>> {
    const r = await this.connection.request('S', 'set_pos');
    return r.ok ? { ok: true, value: undefined } : r;
  }
}
