/**
 * Where a webhook may go (SSRF): only http(s) to public addresses. Loopback,
 * link-local, private, shared (CGNAT), unspecified, multicast, broadcast and
 * reserved addresses are refused, in IPv4 and IPv6, including IPv4 addresses
 * carried inside IPv6 (mapped, NAT64, 6to4). Checked twice: when a choice is
 * saved (an address written in the URL; a name cannot be judged yet), and when
 * sending, after DNS resolution, on every address the name resolves to; the
 * request then connects to the very address that was checked (pinned through
 * the request's `lookup`), so a second DNS answer cannot differ. The operator
 * may allow hosts (WEBHOOK_ALLOWED_HOSTS): a listed host, as written in the
 * URL, is not checked.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { LookupFunction } from 'node:net';

/** What a refused target records (events, outbox): the same words whatever the address, so it tells a caller nothing about the network. */
export const TARGET_NOT_ALLOWED = 'target address not allowed';
/** What any other failure to reach a target records; the cause goes to the service log only. */
export const DELIVERY_FAILED = 'delivery failed';

/**
 * A delivery failure whose message may be recorded where API callers read it
 * (the event, the outbox row). Anything else is recorded as DELIVERY_FAILED;
 * `detail` is for the service log.
 */
export class RecordableDeliveryError extends Error {
  constructor(
    message: string,
    readonly detail: string = message,
  ) {
    super(message);
    this.name = 'RecordableDeliveryError';
  }
}

export class TargetNotAllowedError extends RecordableDeliveryError {
  constructor(detail: string) {
    super(TARGET_NOT_ALLOWED, detail);
    this.name = 'TargetNotAllowedError';
  }
}

type Family = 'ipv4' | 'ipv6';
const RANGES: Array<[kind: string, family: Family, network: string, prefix: number]> = [
  ['unspecified', 'ipv4', '0.0.0.0', 8],
  ['private', 'ipv4', '10.0.0.0', 8],
  ['shared (CGNAT)', 'ipv4', '100.64.0.0', 10],
  ['loopback', 'ipv4', '127.0.0.0', 8],
  ['link-local', 'ipv4', '169.254.0.0', 16],
  ['private', 'ipv4', '172.16.0.0', 12],
  ['reserved', 'ipv4', '192.0.0.0', 24],
  ['private', 'ipv4', '192.168.0.0', 16],
  ['reserved', 'ipv4', '198.18.0.0', 15],
  ['multicast', 'ipv4', '224.0.0.0', 4],
  ['broadcast', 'ipv4', '255.255.255.255', 32],
  ['reserved', 'ipv4', '240.0.0.0', 4],
  ['unspecified', 'ipv6', '::', 128],
  ['loopback', 'ipv6', '::1', 128],
  // IPv4-compatible (deprecated): never a real destination
  ['reserved', 'ipv6', '::', 96],
  ['reserved', 'ipv6', '64:ff9b:1::', 48],
  ['reserved', 'ipv6', '100::', 64],
  ['private', 'ipv6', 'fc00::', 7],
  ['link-local', 'ipv6', 'fe80::', 10],
  ['private', 'ipv6', 'fec0::', 10],
  ['multicast', 'ipv6', 'ff00::', 8],
];
const BLOCKS = RANGES.map(([kind, family, network, prefix]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return { kind, list, family };
});

/** The 16 bytes of an IPv6 address (valid per isIP). */
function ipv6Bytes(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 255];
  });
}

/** An IPv4 address an IPv6 one carries where a gateway would forward to it: NAT64 (64:ff9b::/96) and 6to4 (2002::/16). Mapped (::ffff:0:0/96) BlockList already matches against the IPv4 ranges. */
function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  const isNat64 = b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0);
  if (isNat64) return b.slice(12, 16).join('.');
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.');
  return undefined;
}

/** The kind of a forbidden address ('loopback', 'private', …), or undefined for a public one. */
export function forbiddenKind(address: string): string | undefined {
  const version = isIP(address);
  if (version === 0) return 'not an IP address';
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  const found = BLOCKS.find((b) => b.list.check(address, family));
  if (found) return found.kind;
  if (family === 'ipv6') {
    const inner = embeddedIpv4(address);
    if (inner) {
      const kind = forbiddenKind(inner);
      return kind ? `${kind} (inside IPv6)` : undefined;
    }
  }
  return undefined;
}

/** A URL's host as the allow-list and the checks see it: lowercase, IPv6 without brackets, without a trailing dot. */
export function hostOf(url: URL): string {
  return url.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

export type Resolve = (host: string) => Promise<LookupAddress[]>;
const systemResolve: Resolve = (host) => dnsLookup(host, { all: true, verbatim: true });

export const MAX_URL_LENGTH = 500;

export class WebhookTargets {
  private readonly allowed: ReadonlySet<string>;

  /** `allowedHosts`: the operator's list (WEBHOOK_ALLOWED_HOSTS, canonical as hostOf gives them). */
  constructor(
    allowedHosts: readonly string[] = [],
    private readonly resolve: Resolve = systemResolve,
  ) {
    this.allowed = new Set(allowedHosts.map((h) => h.replace(/\.$/, '').toLowerCase()));
  }

  /** When a choice is saved: what is wrong with this URL as a webhook target, or undefined. */
  checkUrl(raw: string): string | undefined {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return `${JSON.stringify(raw.slice(0, 100))} is not a URL; expected e.g. https://oa.agency.example/jm-hook`;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol} is not allowed; use https:// (or http://)`;
    if (url.username || url.password) return 'credentials in the URL are not allowed; the request is signed instead';
    if (raw.length > MAX_URL_LENGTH) return `at most ${MAX_URL_LENGTH} characters`;
    const host = hostOf(url);
    const kind = isIP(host) && !this.allowed.has(host) ? forbiddenKind(host) : undefined;
    if (kind) return `${host} is a ${kind} address; webhooks go to public addresses only (an operator may allow a host with WEBHOOK_ALLOWED_HOSTS)`;
    return undefined;
  }

  /**
   * When sending: the address to connect to, checked. A name is resolved and
   * every address it gives must be allowed (one private answer refuses it); the
   * caller connects to the address returned, never resolving again.
   */
  async pin(url: URL): Promise<LookupAddress> {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetNotAllowedError(`${url.protocol} is not a webhook scheme`);
    const host = hostOf(url);
    const allowed = this.allowed.has(host);
    const version = isIP(host);
    if (version !== 0) {
      const kind = allowed ? undefined : forbiddenKind(host);
      if (kind) throw new TargetNotAllowedError(`${host} is a ${kind} address`);
      return { address: host, family: version };
    }
    const addresses = await this.resolve(host);
    if (addresses.length === 0) throw new Error(`${host} resolves to no address`);
    if (!allowed) {
      for (const { address } of addresses) {
        const kind = forbiddenKind(address);
        if (kind) throw new TargetNotAllowedError(`${host} resolves to ${address}, a ${kind} address`);
      }
    }
    return addresses[0];
  }
}

/** A `lookup` for a request that answers only the pinned address (Node asks with {all: true} when it tries families in turn). */
export function pinnedLookup(pinned: LookupAddress): LookupFunction {
  return (_host, options, callback) => {
    if (options.all) callback(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
}
