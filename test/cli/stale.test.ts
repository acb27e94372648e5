/** The single-satellite `passwatch passes` warns on stderr when its elements are stale. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { driftRow } from '../../src/format/drift.js';
import { runCli } from './helpers.js';

const STATIONS = fileURLToPath(new URL('../fixtures/elements/stations.tle', import.meta.url));
const BASE = ['passes', '--elements', STATIONS, '--sat', '25544', '--lat', '52', '--lon', '5'];

const run = (args: string[], nowIso: string) => runCli(args, Date.parse(nowIso));

describe('passwatch passes (one satellite) and element age', () => {
  it('prints no warning with fresh elements', async () => {
    const { code, err } = await run([...BASE, '--days', '1'], '2026-08-22T00:00:00Z');
    expect(code).toBe(0);
    expect(err).toBe('');
  });

  it('warns on stderr with the age, the limit and the measured drift when they are stale', async () => {
    // "now" 100 days after the epoch (2026-08-21): the default window starts then.
    const { code, out, err } = await run(
      [...BASE, '--days', '1', '--json'],
      '2026-11-29T12:00:00Z',
    );
    expect(code).toBe(0);
    expect(err.split('\n')).toHaveLength(2);
    expect(err).toMatch(
      /^passwatch: warning: ISS \(ZARYA\) \(25544\): its elements \(epoch 2026-08-21\) are 10\d days old at this prediction, more than the 14-day limit \(stale\)\. SGP4 elements drift with age: in low Earth orbit below 500 km \(high drag\) they drifted about \d+ km a day in our measurement/,
    );
    const row = driftRow('leo-low', 100)!;
    expect(err).toContain(`${Math.round(row.ageDays)}-day-old sets were`);
    expect(err).toMatch(/a pass|passes/);
    // stdout stays clean JSON, each pass marked stale.
    const { passes } = JSON.parse(out);
    expect(passes.length).toBeGreaterThan(0);
    for (const p of passes) expect(p.stale).toBe(true);
  });
});
