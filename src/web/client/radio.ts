/**
 * Radio pieces of the page: frequencies in MHz, and a satellite's transmitters (SatNOGS DB,
 * `GET /v1/satellites/{noradId}/transmitters`) as a table, shown beside its world map.
 */
import { getJson, type TransmitterJson, type TransmittersResponse } from './api.js';
import { h } from './dom.js';

/** `435.6200 MHz` (kHz resolution and a tenth; null as an en dash). */
export function mhz(hz: number | null | undefined): string {
  return hz === null || hz === undefined ? '–' : `${(hz / 1e6).toFixed(4)} MHz`;
}

/** A frequency range: one frequency, or `low–high MHz`. */
export function band(r: TransmitterJson['downlink']): string {
  if (!r) return '–';
  return r.lowHz === r.highHz
    ? mhz(r.lowHz)
    : `${(r.lowHz / 1e6).toFixed(4)}–${(r.highHz / 1e6).toFixed(4)} MHz`;
}

/** The transmitters of one satellite as a table (or a sentence when there are none). */
export function transmitterTable(resp: TransmittersResponse): HTMLElement {
  if (resp.transmitters.length === 0) {
    return h('p', { class: 'empty' }, `SatNOGS DB lists no transmitters of ${resp.name}.`);
  }
  const row = (t: TransmitterJson) =>
    h(
      'tr',
      { 'data-uuid': t.uuid, class: t.status === 'active' ? null : 'inactive' },
      h('th', { scope: 'row' }, t.description),
      h('td', {}, t.type),
      h('td', {}, [t.mode, t.baud ? `${t.baud} Bd` : null].filter(Boolean).join(' · ') || '–'),
      h('td', { class: 'num' }, band(t.downlink)),
      h(
        'td',
        { class: 'num' },
        band(t.uplink),
        t.uplink && t.type === 'transponder'
          ? t.invert
            ? ' (inverting)'
            : ' (non-inverting)'
          : '',
      ),
      h('td', {}, t.status),
    );
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'transmitters' },
      h(
        'caption',
        {},
        `Transmitters of ${resp.name} (SatNOGS DB, CC BY-SA 4.0${resp.source.dataAsOf ? `, as of ${resp.source.dataAsOf.slice(0, 10)}` : ''})`,
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Description', 'Type', 'Mode', 'Downlink', 'Uplink', 'Status'].map((c) =>
            h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h('tbody', {}, ...resp.transmitters.map(row)),
    ),
  );
}

/** Load and show a satellite's transmitters in `box`. */
export async function showTransmitters(
  box: HTMLElement,
  noradId: number,
  signal: AbortSignal,
): Promise<void> {
  box.setAttribute('aria-busy', 'true');
  try {
    const resp = await getJson<TransmittersResponse>(
      `/v1/satellites/${noradId}/transmitters`,
      signal,
    );
    if (signal.aborted) return;
    box.replaceChildren(transmitterTable(resp));
  } catch (error) {
    if (signal.aborted) return;
    box.replaceChildren(
      h(
        'p',
        { class: 'empty' },
        `The transmitters could not be loaded${error instanceof Error ? `: ${error.message}` : ''}.`,
      ),
    );
  } finally {
    box.removeAttribute('aria-busy');
  }
}
