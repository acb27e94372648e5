/**
 * The test broker helper survives a port taken between picking and binding it (two test runs at
 * once): mosquitto's "Address already in use" is recognised, and another port is tried.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../catalog/helpers.js';
import { freePort, startMosquitto, startMosquittoOn } from './helpers.js';

describe('the mosquitto test helper', () => {
  it('tells a port taken by another process from a start', async () => {
    const other = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    try {
      expect(await startMosquittoOn(port, join(tempDir(), 'm.conf'))).toBe('port taken');
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    const broker = await startMosquittoOn(port, join(tempDir(), 'm.conf'));
    if (broker === 'port taken') throw new Error('the port was freed');
    expect(broker.port).toBe(port);
    await broker.stop();
  });

  it('starts a broker that accepts connections', async () => {
    const broker = await startMosquitto();
    try {
      const { connect } = await import('node:net');
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: broker.port }, () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      expect(ok).toBe(true);
    } finally {
      await broker.stop();
    }
  });
});
