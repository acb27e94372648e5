/**
 * The webhook address guard against addresses that smuggle a refused IPv4 address inside IPv6,
 * other clouds' metadata addresses, and a save-time reachability check that says no more about a
 * port than whether it is reachable.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probe } from '../../src/alerts/http.js';
import { AddressPolicy } from '../../src/alerts/index.js';
import { freePort } from './helpers.js';

describe('the address policy', () => {
  const p = new AddressPolicy();

  it('refuses IPv4-compatible IPv6 carrying a refused IPv4 address', () => {
    for (const a of ['::169.254.169.254', '[::169.254.169.254]', '::a9fe:a9fe', '::0.0.0.7']) {
      expect(p.refusal(a), a).toMatch(/169\.254\.0\.0\/16|0\.0\.0\.0\/8/);
    }
    // Loopback and the unspecified address keep their IPv6 meaning.
    expect(p.refusal('::1')).toBeNull();
    expect(p.refusal('::')).toMatch(/::\/128/);
    expect(p.refusal('::192.168.1.20')).toBeNull();
  });

  it('refuses NAT64 addresses carrying a refused IPv4 address', () => {
    for (const a of [
      '64:ff9b::169.254.169.254',
      '64:ff9b::a9fe:a9fe',
      '64:ff9b::100.100.100.200',
    ]) {
      expect(p.refusal(a), a).toMatch(/carries the IPv4 address/);
    }
    expect(p.refusal('64:ff9b::192.168.1.20')).toBeNull();
  });

  it('refuses the Alibaba Cloud metadata address but not the rest of the CGNAT block', () => {
    expect(p.refusal('100.100.100.200')).toMatch(/100\.100\.100\.200\/32/);
    expect(p.refusal('100.64.1.2')).toBeNull();
  });

  it('lets a configured allow entry open an embedded address too', () => {
    const q = new AddressPolicy(['169.254.10.0/24']);
    expect(q.refusal('::169.254.10.5')).toBeNull();
    expect(q.refusal('::169.254.11.5')).not.toBeNull();
  });
});

describe('the save-time reachability check', () => {
  it('answers the same, no sooner than its timeout, however a connection fails', async () => {
    const policy = new AddressPolicy();
    const closed = await freePort();
    const timeoutMs = 400;
    const answers: string[] = [];
    for (const url of [`http://127.0.0.1:${closed}/`, `http://no-such-host.invalid:${closed}/`]) {
      const started = performance.now();
      const why = await probe(url, policy, timeoutMs);
      expect(performance.now() - started).toBeGreaterThanOrEqual(timeoutMs - 5);
      answers.push(why!.replace(/no-such-host\.invalid|127\.0\.0\.1/, 'HOST'));
    }
    expect(answers[0]).toBe(`no connection to HOST:${closed}`);
    expect(answers[1]).toBe(answers[0]);
  });

  it('says reachable when a connection opens', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      expect(await probe(`http://127.0.0.1:${port}/`, new AddressPolicy(), 2000)).toBeNull();
    } finally {
      server.close();
    }
  });
});
