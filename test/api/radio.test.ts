import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dopplerShiftedHz, uplinkHz } from '../../src/core/radio/index.js';
import { apiUnderTest } from './helpers.js';

let api: Awaited<ReturnType<typeof apiUnderTest>>;
beforeAll(async () => {
  api = await apiUnderTest();
});
afterAll(async () => {
  await api.stop();
});

const problem = (r: { res: Response }) =>
  expect(r.res.headers.get('content-type')).toMatch(/problem\+json/);

describe('GET /v1/satellites/{noradId}/transmitters', () => {
  it("lists RS-44's transmitters from the bundled SatNOGS list, with the source", async () => {
    const r = await api.get('/v1/satellites/44909/transmitters');
    expect(r.status).toBe(200);
    expect(r.body.name).toMatch(/RS-44/);
    const transponder = r.body.transmitters.find(
      (t: { uuid: string }) => t.uuid === '89NTmbqJEuTGW36fd386Fy',
    );
    expect(transponder).toMatchObject({
      type: 'transponder',
      invert: true,
      uplink: { lowHz: 145_935_000, highHz: 145_995_000 },
      downlink: { lowHz: 435_610_000, highHz: 435_670_000 },
    });
    expect(r.body.source).toMatchObject({
      origin: 'snapshot',
      dataAsOf: '2026-08-08',
      transmitters: 2910,
    });
    expect(r.body.source.licence).toMatch(/CC BY-SA 4.0/);
  });

  it('gives problem+json for an unknown satellite', async () => {
    const r = await api.get('/v1/satellites/99999/transmitters');
    expect(r.status).toBe(404);
    problem(r);
    expect(r.body.errors[0].parameter).toBe('noradId');
  });

  it('shows the transmitter list in /v1/catalog', async () => {
    const r = await api.get('/v1/catalog');
    expect(r.body.transmitters).toMatchObject({ name: 'satnogs:transmitters', origin: 'snapshot' });
  });
});

describe('/track with a transmitter', () => {
  const base =
    '/v1/satellites/44909/track?lat=52&lon=5&start=2026-08-22T07:40:00Z&end=2026-08-22T08:00:00Z&step=60';

  it('adds downlinkHz and uplinkHz per point for an inverting transponder at a chosen downlink', async () => {
    const r = await api.get(`${base}&transmitter=89NTmbqJEuTGW36fd386Fy&downlinkHz=435620000`);
    expect(r.status).toBe(200);
    expect(r.body.transmitter).toMatchObject({
      nominalDownlinkHz: 435_620_000,
      nominalUplinkHz: 145_985_000,
    });
    for (const p of r.body.points) {
      expect(p.downlinkHz).toBe(Math.round(dopplerShiftedHz(435_620_000, p.rangeRateKmS)));
      expect(Math.abs(p.uplinkHz - uplinkHz(145_985_000, p.rangeRateKmS))).toBeLessThan(1);
    }
    // Approaching: heard high, sent low; later receding: the opposite.
    const first = r.body.points[0];
    const last = r.body.points.at(-1);
    expect(Math.sign(first.rangeRateKmS)).not.toBe(Math.sign(last.rangeRateKmS));
  });

  it('keeps frequency= working beside it', async () => {
    const r = await api.get(`${base}&frequency=435620000`);
    expect(r.status).toBe(200);
    expect(r.body.points[0].frequencyHz).toBeGreaterThan(0);
    expect(r.body.points[0].downlinkHz).toBeUndefined();
  });

  it('names the parameter of a bad request', async () => {
    const cases: [string, string][] = [
      ['&transmitter=nosuchtransmitter', 'transmitter'],
      ['&transmitter=eozSf5mKyzNxoascs8V4bV', 'transmitter'], // the ISS's, not RS-44's
      ['&transmitter=89NTmbqJEuTGW36fd386Fy&downlinkHz=435700000', 'downlinkHz'],
      ['&downlinkHz=435620000', 'downlinkHz'],
    ];
    for (const [q, parameter] of cases) {
      const r = await api.get(base + q);
      expect(r.status, q).toBe(400);
      problem(r);
      expect(r.body.errors[0].parameter, q).toBe(parameter);
    }
  });
});
