/**
 * A rigctld client: frequency, mode and split (transmit on the other VFO) over hamlib's network
 * protocol. Frequency commands coalesce like rotator positions: only the newest waiting one is
 * sent.
 */
import {
  type ConnectionStatus,
  HamlibConnection,
  type HamlibConnectionOptions,
  type HamlibResult,
} from './connection.js';
import {
  formatHz,
  HamlibError,
  isModeName,
  numberField,
  textField,
  type VfoName,
} from './protocol.js';

export interface RigctldOptions extends Omit<HamlibConnectionOptions, 'name'> {
  /** Default `radio` (a station names them `downlink` and `uplink`). */
  name?: string;
}

export interface RigMode {
  /** hamlib's mode name: USB, LSB, CW, FM, PKTUSB, ... */
  mode: string;
  /** Passband, Hz; 0 for the radio's default for the mode. */
  passbandHz: number;
}

export interface RigctldStatus extends ConnectionStatus {
  /** Last frequencies sent successfully (receive, and split transmit) and read back, Hz. */
  commandedHz: number | null;
  reportedHz: number | null;
  commandedTxHz: number | null;
  reportedTxHz: number | null;
  mode: RigMode | null;
}

const MAX_HZ = 1e12;

export class RigctldClient {
  readonly connection: HamlibConnection;
  private commandedHz: number | null = null;
  private reportedHz: number | null = null;
  private commandedTxHz: number | null = null;
  private reportedTxHz: number | null = null;
  private mode: RigMode | null = null;

  constructor(options: RigctldOptions) {
    this.connection = new HamlibConnection({ ...options, name: options.name ?? 'radio' });
  }

  get log() {
    return this.connection.log;
  }

  status(): RigctldStatus {
    return {
      ...this.connection.status(),
      commandedHz: this.commandedHz,
      reportedHz: this.reportedHz,
      commandedTxHz: this.commandedTxHz,
      reportedTxHz: this.reportedTxHz,
      mode: this.mode,
    };
  }

  start(): void {
    this.connection.start();
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  /** Tunes the current VFO to `hz` (rounded to whole Hz). `F hz`. */
  async setFrequency(hz: number): Promise<HamlibResult<number>> {
    const bad = this.checkHz(hz, 'set_freq');
    if (bad) return bad;
    const sent = Math.round(hz);
    const r = await this.connection.request(`F ${formatHz(sent)}`, 'set_freq');
    if (!r.ok) return r;
    this.commandedHz = sent;
    return { ok: true, value: sent };
  }

  /** The current VFO's frequency, Hz. `f`. */
  async getFrequency(): Promise<HamlibResult<number>> {
    const r = await this.connection.request('f');
    if (!r.ok) return r;
    const hz = numberField(r.value, 'Frequency');
    if (hz instanceof HamlibError) return { ok: false, error: hz };
    this.reportedHz = hz;
    return { ok: true, value: hz };
  }

  /** Sets the mode and passband of the current VFO. `M mode passband`. */
  async setMode(mode: RigMode): Promise<HamlibResult<RigMode>> {
    const bad = this.checkMode(mode, 'set_mode');
    if (bad) return bad;
    const r = await this.connection.request(
      `M ${mode.mode} ${Math.round(mode.passbandHz)}`,
      'set_mode',
    );
    if (!r.ok) return r;
    this.mode = { ...mode };
    return { ok: true, value: this.mode };
  }

  /** The current VFO's mode and passband. `m`. */
  async getMode(): Promise<HamlibResult<RigMode>> {
    const r = await this.connection.request('m');
    if (!r.ok) return r;
    return modeOf(r.value, 'Mode', 'Passband');
  }

  /** Split on (transmit on `txVfo`) or off. `S 1 VFOB`. */
  async setSplit(on: boolean, txVfo: VfoName = 'VFOB'): Promise<HamlibResult<void>> {
    const r = await this.connection.request(`S ${on ? 1 : 0} ${txVfo}`);
    return r.ok ? { ok: true, value: undefined } : r;
  }

  /** Tunes the split transmit VFO to `hz`. `I hz`. */
  async setSplitFrequency(hz: number): Promise<HamlibResult<number>> {
    const bad = this.checkHz(hz, 'set_split_freq');
    if (bad) return bad;
    const sent = Math.round(hz);
    const r = await this.connection.request(`I ${formatHz(sent)}`, 'set_split_freq');
    if (!r.ok) return r;
    this.commandedTxHz = sent;
    return { ok: true, value: sent };
  }

  /** The split transmit frequency, Hz. `i`. */
  async getSplitFrequency(): Promise<HamlibResult<number>> {
    const r = await this.connection.request('i');
    if (!r.ok) return r;
    const hz = numberField(r.value, 'TX Frequency');
    if (hz instanceof HamlibError) return { ok: false, error: hz };
    this.reportedTxHz = hz;
    return { ok: true, value: hz };
  }

  /** The split transmit mode. `X mode passband`. */
  async setSplitMode(mode: RigMode): Promise<HamlibResult<RigMode>> {
    const bad = this.checkMode(mode, 'set_split_mode');
    if (bad) return bad;
    const r = await this.connection.request(
      `X ${mode.mode} ${Math.round(mode.passbandHz)}`,
      'set_split_mode',
    );
    return r.ok ? { ok: true, value: { ...mode } } : r;
  }

  /** The split transmit mode. `x`. */
  async getSplitMode(): Promise<HamlibResult<RigMode>> {
    const r = await this.connection.request('x');
    if (!r.ok) return r;
    return modeOf(r.value, 'TX Mode', 'TX Passband');
  }

  private checkHz(hz: number, what: string): { ok: false; error: HamlibError } | null {
    if (Number.isFinite(hz) && hz > 0 && hz < MAX_HZ) return null;
    return this.refuse(what, `frequency ${hz} Hz is not a positive number below 1 THz`);
  }

  private checkMode(mode: RigMode, what: string): { ok: false; error: HamlibError } | null {
    if (!isModeName(mode.mode)) {
      return this.refuse(what, `mode ${JSON.stringify(mode.mode)} is not a hamlib mode name`);
    }
    if (!(Number.isFinite(mode.passbandHz) && mode.passbandHz >= 0)) {
      return this.refuse(what, `passband ${mode.passbandHz} Hz is not a number ≥ 0`);
    }
    return null;
  }

  private refuse(what: string, message: string): { ok: false; error: HamlibError } {
    const error = new HamlibError('invalid', message);
    this.log.add({
      type: 'error',
      daemon: this.connection.name,
      command: what,
      kind: error.kind,
      code: null,
      message,
      durationMs: null,
    });
    return { ok: false, error };
  }
}

function modeOf(
  reply: Parameters<typeof textField>[0],
  modeKey: string,
  passbandKey: string,
): HamlibResult<RigMode> {
  const mode = textField(reply, modeKey);
  if (mode instanceof HamlibError) return { ok: false, error: mode };
  const passbandHz = numberField(reply, passbandKey);
  if (passbandHz instanceof HamlibError) return { ok: false, error: passbandHz };
  return { ok: true, value: { mode, passbandHz } };
}
