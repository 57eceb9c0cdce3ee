/**
 * Which callback URLs a subscription may name (SSRF guard). A callback must be https on a host in
 * WEBHOOK_ALLOWED_HOSTS (exact names, `*.domain` wildcards, or `*` for any public host). Private, loopback, link-local and
 * other non-public addresses are refused, whether written as IP literals or reached through a
 * name that resolves to them, unless the host is listed exactly (not by a wildcard); a loopback
 * host so listed may use plain http, for local development.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { isLoopbackHost } from '../config/index.ts';
import { invalidField, type AppError } from '../errors/index.ts';

export type Lookup = (hostname: string) => Promise<readonly { address: string; family: number }[]>;

export const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

// node:net's BlockList does the CIDR arithmetic for both families, so no hand-written bit masks.
const nonPublic = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) nonPublic.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32],
] as const) nonPublic.addSubnet(net, bits, 'ipv6');

/** True for addresses a webhook must not reach unless explicitly allowed. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return nonPublic.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // IPv4-mapped IPv6 (::ffff:10.0.0.1) reaches the IPv4 address: judge that one.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return nonPublic.check(mapped[1]!, 'ipv4');
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(lower)) {
    const [hi, lo] = lower.slice(7).split(':').map((h) => parseInt(h, 16)) as [number, number];
    return nonPublic.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
  }
  return nonPublic.check(address, 'ipv6');
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets; addresses are compared without them.
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

function matchesPattern(host: string, pattern: string): boolean {
  const p = pattern.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (p === '*') return true;
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

export interface AllowedHosts {
  readonly allowedHosts: readonly string[];
}

const FIELD = '/body/callbackUrl';

function refuse(rule: string, message: string): AppError {
  return invalidField(FIELD, rule, message);
}

/**
 * Resolves when `raw` may receive deliveries, or throws a 400 naming callbackUrl and the rule.
 * Also used right before each delivery, so a name re-pointed at a private address since the
 * subscription was made is caught then.
 */
export async function checkCallbackUrl(raw: string, config: AllowedHosts, lookup: Lookup = systemLookup): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('format', 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('https', 'must use https');
  if (url.username || url.password) throw refuse('no-credentials', 'must not carry a user name or password');
  const host = hostOf(url);
  const explicit = config.allowedHosts.some((p) => !p.startsWith('*') && matchesPattern(host, p));
  if (!explicit && isIP(host) && isNonPublicAddress(host)) {
    throw refuse('public-address', `address ${host} is private, loopback or link-local`);
  }
  if (!explicit && !config.allowedHosts.some((p) => matchesPattern(host, p))) {
    throw refuse('allowed-host', `host "${host}" is not in WEBHOOK_ALLOWED_HOSTS`);
  }
  const loopback = isLoopbackHost(host);
  if (url.protocol === 'http:' && !(explicit && loopback)) {
    throw refuse('https', 'must use https (plain http only for a loopback host listed in WEBHOOK_ALLOWED_HOSTS)');
  }
  if (explicit || isIP(host)) return url;
  let addresses: readonly { address: string }[];
  try {
    addresses = await lookup(host);
  } catch {
    throw refuse('resolvable', `host "${host}" does not resolve`);
  }
  if (addresses.length === 0) throw refuse('resolvable', `host "${host}" does not resolve`);
  const bad = addresses.find((a) => isNonPublicAddress(a.address));
  if (bad) throw refuse('public-address', `host "${host}" resolves to ${bad.address}, a private, loopback or link-local address`);
  return url;
}
