import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonLine, LineBatch, type LogEvent } from '../src/log.js';

const AT = Date.parse('2026-08-22T12:34:56.789Z');
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('jsonLine', () => {
  it('is JSON.stringify({ time, ...event }) and a newline, whatever the fields hold', () => {
    const events: LogEvent[] = [
      {
        event: 'request',
        method: 'GET',
        route: '/v1/x/:id',
        path: '/v1/x/1',
        status: 200,
        ms: 0.4,
      },
      { event: 'error', message: 'a "quoted"\nline\u2028 é \u0001', nested: { a: [1, null] } },
      { event: 'skip', gone: undefined, fn: () => 1, count: Number.NaN, big: -0 },
      { event: 'own time', time: 'not the clock', after: 1 },
    ];
    for (const event of events) {
      expect(jsonLine(event, AT)).toBe(
        `${JSON.stringify({ time: new Date(AT).toISOString(), ...event })}\n`,
      );
    }
    expect(jsonLine({ event: 'x' }, AT)).toBe('{"time":"2026-08-22T12:34:56.789Z","event":"x"}\n');
  });
});

describe('LineBatch', () => {
  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const writes: string[] = [];
    const batch = new LineBatch((text) => writes.push(text));
    batch.push('a\n');
    batch.push('b\n');
    batch.push('c\n');
    expect(writes).toEqual([]);
    await turn();
    expect(writes).toEqual(['a\nb\nc\n']);
    batch.push('d\n');
    await turn();
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
    await turn();
    expect(writes).toHaveLength(2);
  });

  it('writes at once when the waiting lines reach the limit, and on flush', async () => {
    const writes: string[] = [];
    const batch = new LineBatch((text) => writes.push(text), 6);
    batch.push('ab\n');
    batch.push('cd\n');
    expect(writes).toEqual(['ab\ncd\n']);
    batch.push('e\n');
    batch.flush();
    expect(writes).toEqual(['ab\ncd\n', 'e\n']);
    batch.flush();
    await turn();
    expect(writes).toHaveLength(2);
  });
});

describe('jsonLog', () => {
  it('writes every line on stdout, also those logged just before the process exits', () => {
    const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { jsonLog } = await import(${JSON.stringify(main)});
         jsonLog({ event: 'one' });
         setImmediate(() => { jsonLog({ event: 'two', n: 2 }); jsonLog({ event: 'three' }); process.exit(3); });`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.status).toBe(3);
    const lines = child.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event)).toEqual(['one', 'two', 'three']);
    expect(lines[1]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      event: 'two',
      n: 2,
    });
  });
});
