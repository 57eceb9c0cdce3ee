/**
 * Per-client request rate limit. Mounted after the auth middleware so an authenticated caller is
 * counted by principal (many Power Automate flows share a few egress IPs); anonymous callers by IP.
 * The counter lives in this process's memory (express-rate-limit's MemoryStore): with several
 * replicas each enforces the limit on its own share of the traffic.
 */
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AppError } from '../errors/index.ts';
import type { Principal } from './auth.ts';

const WINDOW_MS = 60_000;

export function createRateLimit(perMinute: number): RequestHandler {
  if (!Number.isInteger(perMinute) || perMinute < 0) throw new Error('rate limit: perMinute must be a whole number ≥ 0');
  if (perMinute === 0) return (_req, _res, next) => next();

  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    // IETF draft-8 `RateLimit` / `RateLimit-Policy` headers instead of the legacy X-RateLimit-* ones.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req, res) => {
      const principal = res.locals.principal as Principal | undefined;
      if (principal && principal.kind !== 'anonymous') return `${principal.kind}:${principal.id}`;
      // ipKeyGenerator groups an IPv6 client's /56 so rotating addresses inside it does not evade the limit.
      return `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    },
    // Hand the refusal to the app's error middleware so a 429 is problem+json like every other error.
    handler: (_req, res, next) => {
      // The library has already computed Retry-After from the window's reset time (headers are on).
      const computed = Number(res.getHeader('Retry-After'));
      const seconds = Number.isFinite(computed) && computed > 0 ? computed : WINDOW_MS / 1000;
      next(
        new AppError('RATE_LIMITED', {
          detail: `More than ${perMinute} requests in a minute; retry after ${seconds} s.`,
          headers: { 'Retry-After': String(seconds) },
        }),
      );
    },
  });
}
