/**
 * Checks on raw request input that JSON Schema cannot express: the body's bytes must be UTF-8,
 * strings must be text PostgreSQL can store exactly (no NUL, no unpaired surrogate — PostgreSQL
 * refuses the first and the UTF-8 encoder silently turns the second into U+FFFD), a body the
 * client compressed must decompress, and the Host header must be a host so the absolute URLs we
 * build from it (Location, nextLink) are URLs on that host.
 */
import type { Request, RequestHandler } from 'express';
import { AppError, invalidField, type FieldError } from '../errors/index.ts';
import { escapePointer } from './openapi.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body's text; a leading byte-order mark is dropped (RFC 8259 lets parsers ignore it). */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError('MALFORMED_JSON', {
      detail: 'The body is not valid UTF-8; send JSON encoded as UTF-8.',
      errors: [{ field: '/body', rule: 'encoding', message: 'must be UTF-8 encoded' }],
    });
  }
}

const STORABLE = 'must not contain the NUL character or an unpaired surrogate (\\u0000, lone \\uD800-\\uDFFF)';

function storable(s: string): boolean {
  return !s.includes('\u0000') && s.isWellFormed();
}

/** True when every string and object key in `value` can be stored; walks without allocating. */
function allStorable(value: unknown): boolean {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) {
    for (const v of value) if (!allStorable(v)) return false;
    return true;
  }
  if (value !== null && typeof value === 'object') {
    for (const k of Object.keys(value)) if (!storable(k) || !allStorable((value as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Every string (and object key) in `value` that cannot be stored as text, as field errors under
 * `pointer`, e.g. `/body/lineas/0/descripcion`. Stops after a handful: one is enough to refuse.
 * Clean input, nearly all of it, is checked by one walk that builds no pointers.
 */
export function unstorableText(value: unknown, pointer: string, out: FieldError[] = []): FieldError[] {
  return allStorable(value) ? out : collectUnstorable(value, pointer, out);
}

function collectUnstorable(value: unknown, pointer: string, out: FieldError[]): FieldError[] {
  if (out.length >= 10) return out;
  if (typeof value === 'string') {
    if (!storable(value)) out.push({ field: pointer, rule: 'characters', message: STORABLE });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => collectUnstorable(v, `${pointer}/${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = `${pointer}/${escapePointer(k)}`;
      if (!storable(k)) out.push({ field: at, rule: 'characters', message: STORABLE });
      else collectUnstorable(v, at, out);
    }
  }
  return out;
}

/** Errors from reading the body (body-parser / raw-body / zlib) as catalogue errors. */
export function bodyReadError(err: unknown, req: Request): unknown {
  const e = err as { type?: string; status?: number; code?: string };
  // Typed errors (limit, unsupported encoding, aborted) are translated by the problem middleware.
  if (typeof e?.type === 'string') return err;
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity' && e?.status === 400) {
    return invalidField('/header/Content-Encoding', 'encoding', `says ${encoding} but the body does not decode as ${encoding}`);
  }
  return err;
}

// RFC 9110 Host = uri-host [ ":" port ]: a registered name or IPv4 address, or an IPv6 literal.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function isValidHost(host: string | undefined): host is string {
  return host !== undefined && host.length <= 255 && HOST.test(host);
}

/**
 * Refuses a request whose Host (or trusted X-Forwarded-Host / -Proto) cannot form a URL. With no
 * proxy trusted the Host header is the host and the scheme is the socket's, so the check reads the
 * header itself: Express's `req.host` / `req.protocol` getters work out proxy trust on each call,
 * which cost about a microsecond per request under load.
 */
export function requireValidHost(trustProxy: number): RequestHandler {
  if (trustProxy === 0) {
    return (req, _res, next) => {
      if (!isValidHost(req.headers.host)) return next(invalidField('/header/Host', 'format', 'must be a host name or address with an optional port'));
      next();
    };
  }
  return (req, _res, next) => {
    if (!isValidHost(req.host)) {
      const forwarded = req.host !== undefined && req.host !== req.get('host');
      return next(invalidField(forwarded ? '/header/X-Forwarded-Host' : '/header/Host', 'format', 'must be a host name or address with an optional port'));
    }
    if (req.protocol !== 'http' && req.protocol !== 'https') {
      return next(invalidField('/header/X-Forwarded-Proto', 'enum', 'must be http or https'));
    }
    next();
  };
}
