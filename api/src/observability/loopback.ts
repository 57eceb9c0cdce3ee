/**
 * Whether a request comes from this machine. `req.ip` honours TRUST_PROXY, so behind a reverse
 * proxy the client's address is judged, not the proxy's (which is often on loopback itself).
 */
import type { Request } from 'express';

export function isLoopbackAddress(ip: string | undefined): boolean {
  if (!ip) return false;
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return v4.startsWith('127.') || ip === '::1';
}

export function fromLoopback(req: Request): boolean {
  return isLoopbackAddress(req.ip ?? req.socket.remoteAddress);
}
