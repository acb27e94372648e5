/**
 * Which addresses webhooks may be sent to. Home automation lives on the LAN or the same host, so
 * private and loopback addresses are allowed; link-local and cloud-metadata addresses are
 * refused. Configured allow and deny entries (IP addresses or CIDR blocks) override: the most
 * specific entry that contains an address decides, a configured entry beats a built-in one of the
 * same length, and deny beats allow at equal length. Pure: resolving names happens in deliver.ts.
 */
import { isIP } from 'node:net';

/** Refused unless a configured allow entry says otherwise. */
export const BUILT_IN_DENY: readonly string[] = [
  '169.254.0.0/16', // IPv4 link-local, including 169.254.169.254 (cloud metadata)
  '100.100.100.200/32', // Alibaba Cloud metadata (inside the CGNAT block, which stays allowed)
  'fe80::/10', // IPv6 link-local
  'fd00:ec2::254/128', // AWS metadata over IPv6
  '0.0.0.0/8', // "this network"; connecting to it reaches the host itself in surprising ways
  '::/128',
  '224.0.0.0/4', // multicast
  'ff00::/8',
];

interface Block {
  text: string;
  v6: boolean;
  base: bigint;
  bits: number;
  action: 'allow' | 'deny';
  configured: boolean;
}

/** Parse `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or block; null when invalid. */
export function parseCidr(text: string): { v6: boolean; base: bigint; bits: number } | null {
  const [addr, len, extra] = text.trim().split('/');
  if (addr === undefined || extra !== undefined) return null;
  const ip = parseIp(addr);
  if (ip === null) return null;
  const max = ip.v6 ? 128 : 32;
  const bits = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : Number.NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { v6: ip.v6, base: mask(ip.value, bits, max), bits };
}

function mask(value: bigint, bits: number, max: number): bigint {
  const shift = BigInt(max - bits);
  return (value >> shift) << shift;
}

/** An IP address as a number; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) counts as IPv4. */
export function parseIp(text: string): { v6: boolean; value: bigint } | null {
  const s = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const kind = isIP(s);
  if (kind === 4) {
    return { v6: false, value: s.split('.').reduce((acc, part) => (acc << 8n) | BigInt(part), 0n) };
  }
  if (kind !== 6) return null;
  let head = s;
  let tailV4: bigint | null = null;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    tailV4 = parseIp(v4[1]!)!.value;
    head = `${s.slice(0, -v4[1]!.length)}0:0`;
  }
  const [left = '', right] = head.split('::');
  const l = left === '' ? [] : left.split(':');
  const r = right === undefined || right === '' ? [] : right.split(':');
  const groups =
    right === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r];
  let value = groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
  if (tailV4 !== null) value = (value & ~0xffffffffn) | tailV4;
  if (value >> 32n === 0xffffn) return { v6: false, value: value & 0xffffffffn };
  return { v6: true, value };
}

/** Decides whether an address may receive webhooks. */
export class AddressPolicy {
  private readonly blocks: Block[];

  /**
   * @param allow Configured allow entries (IP or CIDR).
   * @param deny Configured deny entries.
   * @throws RangeError for an entry that is not an IP address or CIDR block.
   */
  constructor(allow: readonly string[] = [], deny: readonly string[] = []) {
    const block = (text: string, action: 'allow' | 'deny', configured: boolean): Block => {
      const parsed = parseCidr(text);
      if (!parsed) throw new RangeError(`"${text}" is not an IP address or CIDR block`);
      return { text, ...parsed, action, configured };
    };
    this.blocks = [
      ...BUILT_IN_DENY.map((t) => block(t, 'deny', false)),
      ...allow.map((t) => block(t, 'allow', true)),
      ...deny.map((t) => block(t, 'deny', true)),
    ];
  }

  /**
   * Why the address is refused, or null when it is allowed. An IPv6 address that carries an IPv4
   * one (IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`) is refused when either is.
   */
  refusal(address: string): string | null {
    const ip = parseIp(address);
    if (ip === null) return `"${address}" is not an IP address`;
    const embedded = embeddedIpv4(ip);
    if (embedded !== null) {
      const inner = this.decide({ v6: false, value: embedded });
      if (inner !== null) {
        return `${address} carries the IPv4 address ${ipv4Text(embedded)}, ${describe(inner, ipv4Text(embedded))}`;
      }
    }
    const best = this.decide(ip);
    return best === null ? null : describe(best, address);
  }

  /** The deciding block of a refused address, or null when it is allowed. */
  private decide(ip: { v6: boolean; value: bigint }): Block | null {
    let best: Block | null = null;
    for (const b of this.blocks) {
      if (b.v6 !== ip.v6) continue;
      if (mask(ip.value, b.bits, b.v6 ? 128 : 32) !== b.base) continue;
      if (
        best === null ||
        b.bits > best.bits ||
        (b.bits === best.bits && b.configured && !best.configured) ||
        (b.bits === best.bits && b.configured === best.configured && b.action === 'deny')
      ) {
        best = b;
      }
    }
    return best === null || best.action === 'allow' ? null : best;
  }
}

function describe(block: Block, address: string): string {
  return block.configured
    ? `${address} is refused by the configured deny entry ${block.text}`
    : `${address} is a link-local, metadata or non-unicast address (${block.text}), refused unless alerts.delivery.allow lists it`;
}

/** The top 96 bits of 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052), shifted down 32. */
const NAT64_HIGH = 0x0064ff9bn << 64n;

/**
 * The IPv4 address inside an IPv4-compatible (`::a.b.c.d`, deprecated but still routed by some
 * stacks) or NAT64 IPv6 address, or null. `::` and `::1` are not IPv4-compatible.
 */
function embeddedIpv4(ip: { v6: boolean; value: bigint }): bigint | null {
  if (!ip.v6) return null;
  const high = ip.value >> 32n;
  const low = ip.value & 0xffffffffn;
  if (high === 0n && low > 1n) return low;
  if (high === NAT64_HIGH) return low;
  return null;
}

function ipv4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
}
