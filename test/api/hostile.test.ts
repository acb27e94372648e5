import { connect } from 'node:net';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icsText } from '../../src/format/ics.js';
import type { ServingHandle } from '../../src/main.js';
import { alertsUnderTest, ScriptedPasses, TOKEN } from '../alerts/helpers.js';
import { apiUnderTest, servedUnderTest } from './helpers.js';

const ISS = 25544;
const FEED = `/v1/satellites/${ISS}/passes.ics?lat=52&lon=5&start=2026-08-22T00:00:00Z&days=1`;

describe('calendar feeds', () => {
  let api: Awaited<ReturnType<typeof apiUnderTest>>;
  beforeAll(async () => {
    api = await apiUnderTest();
  });
  afterAll(() => api.stop());

  it('cannot be poisoned through the Host header: no link from the request reaches the cache', async () => {
    const forged = await api.app.request(`http://attacker.example${FEED}`);
    expect(forged.status).toBe(200);
    expect(await forged.text()).not.toContain('attacker.example');
    const honest = await api.app.request(`http://passwatch.lan${FEED}`);
    const text = await honest.text();
    expect(text).not.toContain('attacker.example');
    // Without a configured public URL the feed carries no URL line at all.
    expect(text).not.toMatch(/^URL:/m);
  });

  it('link to the configured public URL, whatever the Host', async () => {
    const pub = await apiUnderTest({}, { publicUrl: 'https://sky.example.org/pw/' });
    try {
      const text = await (await pub.app.request(`http://attacker.example${FEED}`)).text();
      const urls = text.split('\r\n').filter((l) => l.startsWith('URL:'));
      expect(urls.length).toBeGreaterThan(0);
      for (const line of urls) {
        expect(line).toMatch(/^URL:https:\/\/sky\.example\.org\/pw\/v1\/satellites\/25544\//);
      }
    } finally {
      await pub.stop();
    }
  });

  it('escape control characters in names: a lone CR cannot start a new content line', async () => {
    const record = api.handle.catalog.record(ISS)!;
    const name = 'ISS\rX-INJECTED:1\u0007\nBEGIN:VALARM';
    api.handle.catalog.apply({
      upserts: [{ ...record, name, elements: { ...record.elements, name } }],
      removed: [],
      sources: ['test'],
    });
    try {
      const text = await (await api.app.request(FEED)).text();
      // Every CR belongs to a CRLF line end; no control character other than tab remains.
      const controls = [...text.replace(/\r\n/g, '')].filter((ch) => {
        const code = ch.charCodeAt(0);
        return (code < 0x20 && code !== 9) || code === 0x7f;
      });
      expect(controls).toEqual([]);
      expect(text).not.toMatch(/^X-INJECTED/m);
      expect(text).not.toMatch(/^BEGIN:VALARM/m);
      const events = new ICAL.Component(ICAL.parse(text))
        .getAllSubcomponents('vevent')
        .map((v) => new ICAL.Event(v));
      expect(events.length).toBeGreaterThan(0);
      expect(events[0]!.summary).toMatch(/^ISS\nX-INJECTED:1\nBEGIN:VALARM /);
    } finally {
      api.handle.catalog.replaceAll(api.handle.store.loadObjects(), ['test']);
    }
  });

  it('icsText keeps tab and printable text, escapes the TEXT specials', () => {
    expect(icsText('a\tb;c,d\\e')).toBe('a\tb\\;c\\,d\\\\e');
    expect(icsText('x\r\ny\rz\n\u0000\u001f\u007fw')).toBe('x\\ny\\nz\\nw');
  });
});

describe('request guards', () => {
  let t: Awaited<ReturnType<typeof alertsUnderTest>>;
  beforeAll(async () => {
    t = await alertsUnderTest({ passSource: new ScriptedPasses() });
  });
  afterAll(() => t.stop());
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('/docs/assets answers 404 for prototype keys, not 500', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const res = await t.app.request(`/docs/assets/${name}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('POST/PATCH bodies that are not declared JSON get 415 problem+json', async () => {
    for (const [method, path] of [
      ['POST', '/v1/subscriptions'],
      ['PATCH', '/v1/subscriptions/sub_abc'],
    ] as const) {
      for (const type of [null, 'text/plain', 'application/x-www-form-urlencoded']) {
        const headers: Record<string, string> = { ...auth };
        const init: RequestInit = { method, headers, body: new TextEncoder().encode('{}') };
        if (type) headers['content-type'] = type;
        const res = await t.app.request(path, init);
        expect(res.status, `${method} ${type}`).toBe(415);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
        const problem = (await res.json()) as { errors: { parameter: string }[] };
        expect(problem.errors[0]!.parameter).toBe('Content-Type');
      }
    }
  });

  it('bodies over the limit get 413 before they are read whole, with or without a token', async () => {
    const big = 'x'.repeat(1_048_577);
    for (const headers of [{}, auth]) {
      const res = await t.app.request('/v1/subscriptions', {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: `"${big}"`,
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    // A streamed body (no Content-Length) is cut off at the limit, not buffered to the end.
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 65_536;
        if (pulled > 64 * 1_048_576) controller.close();
        else controller.enqueue(new Uint8Array(65_536).fill(32));
      },
    });
    const res = await t.app.request('/v1/subscriptions', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThan(4 * 1_048_576);
  });

  it('checks the admin token before validating anything (401 before 400/415)', async () => {
    const cases: [string, string, RequestInit][] = [
      [
        'POST',
        '/v1/subscriptions',
        { body: '{"nope":1}', headers: { 'content-type': 'text/plain' } },
      ],
      [
        'PATCH',
        '/v1/subscriptions/not!an!id',
        { body: '{}', headers: { 'content-type': 'application/json' } },
      ],
      ['GET', '/v1/subscriptions/not!an!id', {}],
      ['GET', '/v1/subscriptions/sub_abc/deliveries?limit=-5', {}],
      ['POST', '/v1/catalog/refresh?source=a&source=b', {}],
    ];
    for (const [method, path, init] of cases) {
      const res = await t.app.request(path, { method, ...init });
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it('accepts the Bearer scheme in any case', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
      const res = await t.app.request('/v1/subscriptions', {
        headers: { authorization: `${scheme} ${TOKEN}` },
      });
      expect(res.status, scheme).toBe(200);
    }
    const res = await t.app.request('/v1/subscriptions', {
      headers: { authorization: `Basic ${TOKEN}` },
    });
    expect(res.status).toBe(401);
  });

  it('answers a method a path does not have with 405 and Allow', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/v1/satellites', 'GET, HEAD'],
      ['POST', `/v1/satellites/${ISS}/passes`, 'GET, HEAD'],
      ['PUT', '/healthz', 'GET, HEAD'],
      ['GET', '/v1/catalog/refresh', 'POST'],
    ] as const) {
      const res = await t.app.request(path, { method, headers: auth });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await t.app.request('/v1/nothing-here', { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses a UTC offset beyond ±18:00, naming the field', async () => {
    for (const start of ['2026-08-22T00:00:00+23:00', '2026-08-22T00:00:00-18:01']) {
      const res = await t.app.request(
        `/v1/satellites/${ISS}/passes?lat=52&lon=5&start=${encodeURIComponent(start)}`,
      );
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { parameter: string }[] };
      expect(problem.errors[0]!.parameter).toBe('start');
    }
    const ok = await t.app.request(
      `/v1/satellites/${ISS}/passes?lat=52&lon=5&start=${encodeURIComponent('2026-08-22T00:00:00+14:00')}`,
    );
    expect(ok.status).toBe(200);
  });
});

describe('over a real socket', () => {
  let handle: ServingHandle;
  beforeAll(async () => {
    handle = await servedUnderTest();
  });
  afterAll(() => handle.stop());

  const raw = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(handle.server.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => {
        answer += d.toString('latin1');
      });
      socket.on('end', () => resolve(answer));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      socket.write(request);
    });

  it('answers an oversized header with a problem+json 431', async () => {
    const answer = await raw(
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    const problem = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as {
      status: number;
    };
    expect(problem.status).toBe(431);
  });
});
