/**
 * Keyset paging. The skiptoken is the last key of the previous page, opaque to clients; the
 * nextLink is an absolute URL on the request's own host (Power Automate follows it as is).
 */
import type { Request } from 'express';
import { invalidField } from '../errors/index.ts';

export function encodeSkipToken(lastKey: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey }), 'utf8').toString('base64url');
}

export function decodeSkipToken(token: unknown): string | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { k?: unknown };
    // A forged token could carry a NUL, which PostgreSQL refuses as text: treat it as not ours.
    if (typeof parsed.k === 'string' && !parsed.k.includes('\u0000') && parsed.k.isWellFormed()) return parsed.k;
  } catch {
    // fall through to the error below
  }
  throw invalidField('/query/skiptoken', 'format', 'is not a skip token this API issued');
}

/**
 * The absolute base URL of the request (scheme and host as the client used them; behind a trusted
 * proxy, as X-Forwarded-Proto / X-Forwarded-Host name them). `requireValidHost` has vetted both.
 */
export function baseUrl(req: Request): string {
  return `${req.protocol}://${req.host ?? 'localhost'}`;
}

export function nextLink(req: Request, lastKey: string): string {
  const url = new URL(req.originalUrl, baseUrl(req));
  url.searchParams.set('skiptoken', encodeSkipToken(lastKey));
  return url.toString();
}
