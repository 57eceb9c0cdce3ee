/**
 * Authentication middleware for the three AUTH_MODEs. Every outcome is either a `res.locals.principal`
 * or an AppError (401/403/503) carrying the challenge headers; the app's problem middleware renders it.
 * Tokens and keys are never logged or echoed: failures log only the jose error code.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTPayload } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { AppError } from '../errors/index.ts';

export interface Principal {
  readonly kind: 'user' | 'app' | 'apikey' | 'anonymous';
  readonly id: string;
  readonly name?: string;
  readonly tenantId?: string;
  /** App roles the token carries (`roles` claim); empty for API keys and anonymous callers. */
  readonly roles?: readonly string[];
}

export type AuthSettings = Config['auth'];
export type AuthLogger = Pick<Logger, 'warn'>;

export interface AuthOptions {
  /** Used for the JWKS download; tests pass a fake or point at a local server. */
  fetch?: typeof fetch;
  logger?: AuthLogger;
  /** JWKS cache tuning; the defaults suit Entra ID, tests shorten the cooldown to exercise rotation. */
  jwks?: { cooldownMs?: number; cacheMaxAgeMs?: number; timeoutMs?: number };
  /** Allowed clock skew between Entra ID and this server when checking exp/nbf. */
  clockToleranceSeconds?: number;
}

export interface Auth {
  readonly middleware: RequestHandler;
}

export const API_KEY_HEADER = 'x-api-key';

/** The caller as set by the auth middleware; `anonymous` when the middleware did not run. */
export function principalOf(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? ANONYMOUS;
}

const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous', id: 'anonymous' });

/**
 * Whether the caller may change state from the operator console (retry, redeliver, start, cancel).
 * Signed-in users need one of `adminRoles` (an app role assigned to them); application tokens
 * already passed the sync-role check; API-key holders and loopback callers in `none` mode are
 * the operators themselves.
 */
export function mayChange(principal: Principal, adminRoles: readonly string[]): boolean {
  if (principal.kind !== 'user') return true;
  return adminRoles.some((r) => principal.roles?.includes(r));
}

export function createAuth(settings: AuthSettings, options: AuthOptions = {}): Auth {
  switch (settings.mode) {
    case 'entra':
      return { middleware: entraMiddleware(settings, options) };
    case 'apikey':
      return { middleware: apiKeyMiddleware(settings.apiKeys) };
    case 'none':
      return {
        middleware: (_req, res, next) => {
          res.locals.principal = ANONYMOUS;
          next();
        },
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Entra ID bearer tokens

/** jose error codes that mean "this token is not acceptable" (401); anything else is our side (503). */
const TOKEN_ERRORS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'The access token has expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The token signing algorithm is not accepted; RS256 is required',
  ERR_JOSE_NOT_SUPPORTED: 'The token uses an unsupported algorithm or header',
  ERR_JWS_INVALID: 'The access token is malformed',
  ERR_JWT_INVALID: 'The access token is malformed',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'The token signature is invalid',
  ERR_JWKS_NO_MATCHING_KEY: 'The token was signed with an unknown key',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'The token signing key is ambiguous',
};

const CLAIM_ERRORS: Record<string, string> = {
  aud: 'The token audience is not accepted by this API',
  iss: 'The token issuer is not accepted by this API',
  nbf: 'The access token is not yet valid',
  exp: 'The access token has no expiry',
};

function entraMiddleware(settings: AuthSettings, options: AuthOptions): RequestHandler {
  if (!settings.jwksUri) throw new Error('auth: entra mode needs a JWKS URI');
  if (settings.issuers.length === 0) throw new Error('auth: entra mode needs at least one issuer');
  if (settings.audience.length === 0) throw new Error('auth: entra mode needs at least one audience');
  const jwks = createRemoteJWKSet(new URL(settings.jwksUri), {
    // jose keeps the keys for cacheMaxAge and refetches on an unknown kid (key rotation), but at most
    // once per cooldown so a flood of forged kids cannot hammer the Entra endpoint.
    cooldownDuration: options.jwks?.cooldownMs ?? 30_000,
    cacheMaxAge: options.jwks?.cacheMaxAgeMs ?? 600_000,
    timeoutDuration: options.jwks?.timeoutMs ?? 5_000,
    ...(options.fetch ? { [customFetch]: options.fetch } : {}),
  });
  const verifyOptions = {
    issuer: [...settings.issuers],
    audience: [...settings.audience],
    algorithms: ['RS256'],
    requiredClaims: ['exp'],
    clockTolerance: options.clockToleranceSeconds ?? 60,
  };
  const scopeChallenge = `Bearer error="insufficient_scope", scope="${settings.requiredScope}"`;

  return async (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      throw new AppError('UNAUTHENTICATED', {
        detail: 'Send an Entra ID access token as "Authorization: Bearer <token>".',
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, verifyOptions));
    } catch (e) {
      throw tokenFailure(e, options.logger);
    }
    const principal = toPrincipal(payload);
    if (principal.kind === 'user') {
      if (!spaceList(payload.scp).includes(settings.requiredScope)) {
        throw new AppError('FORBIDDEN', {
          detail: `The token lacks the delegated scope "${settings.requiredScope}".`,
          headers: { 'WWW-Authenticate': scopeChallenge },
        });
      }
    } else {
      const roles = Array.isArray(payload.roles) ? payload.roles : [];
      if (!settings.appRoles.some((r) => roles.includes(r))) {
        throw new AppError('FORBIDDEN', {
          detail: `An application token needs one of the app roles: ${settings.appRoles.join(', ')}.`,
          headers: { 'WWW-Authenticate': scopeChallenge },
        });
      }
    }
    res.locals.principal = principal;
    next();
  };
}

/** The token of an `Authorization: Bearer` header; undefined when absent or another scheme. */
function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header);
  return match?.[1];
}

function tokenFailure(e: unknown, logger: AuthLogger | undefined): AppError {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
  let description = code ? TOKEN_ERRORS[code] : undefined;
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = (e as { claim?: string }).claim ?? '';
    description = CLAIM_ERRORS[claim] ?? `The token claim "${claim.replace(/[^\w-]/g, '')}" is not valid`;
  }
  if (description) {
    logger?.warn({ reason: code }, 'bearer token rejected');
    return new AppError('UNAUTHENTICATED', {
      detail: description,
      headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
    });
  }
  // The JWKS could not be fetched or read: the caller's token may be fine, so do not answer 401
  // (clients would drop a good token); tell them to retry instead.
  logger?.warn({ reason: code ?? (e instanceof Error ? e.name : 'unknown') }, 'signing keys unavailable');
  return new AppError('UNAVAILABLE', {
    detail: 'The signing keys of the identity provider could not be loaded; try again shortly.',
    headers: { 'Retry-After': '30' },
    cause: e,
  });
}

/** Delegated tokens carry `scp`; app-only (client credentials) tokens carry only `roles`. */
function toPrincipal(payload: JWTPayload): Principal {
  const claim = (name: string): string | undefined => {
    const v = payload[name];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const kind = payload.scp === undefined ? 'app' : 'user';
  const id = claim('oid') ?? claim('sub') ?? 'unknown';
  // v2 tokens name the client in azp, v1 tokens in appid.
  const name =
    kind === 'user'
      ? (claim('preferred_username') ?? claim('upn') ?? claim('unique_name') ?? claim('name'))
      : (claim('azp') ?? claim('appid') ?? claim('app_displayname'));
  const tenantId = claim('tid');
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
  return {
    kind,
    id,
    ...(name !== undefined ? { name } : {}),
    ...(tenantId !== undefined ? { tenantId } : {}),
    roles,
  };
}

function spaceList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(' ').filter(Boolean) : [];
}

// ---------------------------------------------------------------------------------------------
// API keys

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function apiKeyMiddleware(keys: readonly string[]): RequestHandler {
  if (keys.length === 0) throw new Error('auth: apikey mode needs at least one key');
  // Hashing both sides gives equal-length buffers, so timingSafeEqual cannot leak a key's length.
  const known = keys.map((key) => ({ digest: sha256(key), id: `apikey:${sha256(key).toString('hex').slice(0, 12)}` }));
  const challenge = { 'WWW-Authenticate': 'APIKey header="X-API-Key"' };

  return (req, res, next) => {
    const presented = req.headers[API_KEY_HEADER];
    if (typeof presented !== 'string' || presented === '') {
      throw new AppError('UNAUTHENTICATED', { detail: 'Send the API key in the X-API-Key header.', headers: challenge });
    }
    const digest = sha256(presented);
    let match: (typeof known)[number] | undefined;
    // Compare against every key without stopping early so the time taken does not reveal which matched.
    for (const candidate of known) {
      if (timingSafeEqual(candidate.digest, digest) && !match) match = candidate;
    }
    if (!match) throw new AppError('UNAUTHENTICATED', { detail: 'The API key is not valid.', headers: challenge });
    // The id is a short fingerprint, not the key, so it can be logged and used as a rate-limit key.
    res.locals.principal = { kind: 'apikey', id: match.id } satisfies Principal;
    next();
  };
}
