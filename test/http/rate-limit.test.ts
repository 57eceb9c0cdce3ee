import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/index.ts';
import { isAppError } from '../../api/src/errors/index.ts';
import type { Principal } from '../../api/src/http/auth.ts';
import { createRateLimit } from '../../api/src/http/rate-limit.ts';
import { createTestApp } from '../support/app.ts';
import { createTestDb } from '../support/db.ts';

/** Stands in for the auth middleware: the principal comes from a test header, or none is set. */
const fakeAuth: RequestHandler = (req, res, next) => {
  const id = req.get('x-test-principal');
  if (id) res.locals.principal = { kind: 'user', id } satisfies Principal;
  next();
};

function appWith(limit: RequestHandler) {
  const app = express();
  app.use(fakeAuth, limit);
  app.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  const renderProblem: ErrorRequestHandler = (err, _req, res, _next) => {
    if (!isAppError(err)) return res.status(500).json({ unexpected: String(err) });
    res.set(err.headers).status(err.status).type('application/problem+json').json({ code: err.code, detail: err.detail });
  };
  app.use(renderProblem);
  return app;
}

describe('createRateLimit', () => {
  it('when a client exceeds the per-minute limit, answers 429 RATE_LIMITED with Retry-After', async () => {
    const app = appWith(createRateLimit(3));
    for (let i = 0; i < 3; i++) expect((await request(app).get('/ping')).status).toBe(200);
    const res = await request(app).get('/ping');
    expect(res.status).toBe(429);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('sends the standard RateLimit and RateLimit-Policy headers, not the legacy X-RateLimit ones', async () => {
    const res = await request(appWith(createRateLimit(5))).get('/ping');
    expect(res.status).toBe(200);
    expect(res.headers['ratelimit']).toMatch(/r=4; t=\d+/);
    expect(res.headers['ratelimit-policy']).toMatch(/q=5; w=60/);
    expect(res.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('counts authenticated callers by principal, so one caller cannot exhaust another', async () => {
    const app = appWith(createRateLimit(2));
    for (let i = 0; i < 2; i++) expect((await request(app).get('/ping').set('x-test-principal', 'alice')).status).toBe(200);
    expect((await request(app).get('/ping').set('x-test-principal', 'alice')).status).toBe(429);
    // Same IP (127.0.0.1), different principal: its own budget.
    expect((await request(app).get('/ping').set('x-test-principal', 'bob')).status).toBe(200);
    // Anonymous from the same IP is counted by IP, separately from the principals.
    expect((await request(app).get('/ping')).status).toBe(200);
  });

  it('counts anonymous callers by IP address', async () => {
    const app = appWith(createRateLimit(1));
    app.set('trust proxy', 1);
    expect((await request(app).get('/ping').set('X-Forwarded-For', '203.0.113.7')).status).toBe(200);
    expect((await request(app).get('/ping').set('X-Forwarded-For', '203.0.113.7')).status).toBe(429);
    expect((await request(app).get('/ping').set('X-Forwarded-For', '198.51.100.9')).status).toBe(200);
  });

  it('when the limit is 0, lets every request through without rate-limit headers', async () => {
    const app = appWith(createRateLimit(0));
    for (let i = 0; i < 20; i++) {
      const res = await request(app).get('/ping');
      expect(res.status).toBe(200);
      expect(res.headers['ratelimit']).toBeUndefined();
    }
  });

  it('rejects a negative or fractional limit at start-up', () => {
    expect(() => createRateLimit(-1)).toThrow(/perMinute/);
    expect(() => createRateLimit(1.5)).toThrow(/perMinute/);
  });
});

// The same limiter as createApp mounts it: behind the real auth, answered by the app's error
// handler, and checked against openapi.yaml like every other response.
describe('rate limit through the app', () => {
  // One database for the three apps: each app has its own limiter, counters in its own memory.
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });

  it('when a client sends more than RATE_LIMIT_PER_MINUTE requests in a minute, answers 429 problem+json with Retry-After', async () => {
    const t = await createTestApp({ db, env: { RATE_LIMIT_PER_MINUTE: '3' } });
    for (let i = 0; i < 3; i++) expect((await t.request.get('/assets')).status).toBe(200);
    const res = await t.request.get('/assets/ANY');
    expect(res.status).toBe(429);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(res.body.detail).toMatch(/More than 3 requests in a minute/);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.headers['ratelimit-policy']).toMatch(/q=3; w=60/);
  });

  it('counts each API key on its own, so one caller cannot exhaust another', async () => {
    const t = await createTestApp({ db, env: { RATE_LIMIT_PER_MINUTE: '2', AUTH_MODE: 'apikey', API_KEYS: 'key-one-0123456789abcdef,key-two-0123456789abcdef' } });
    const as = (key: string) => t.request.get('/assets').set('x-api-key', key);
    for (let i = 0; i < 2; i++) expect((await as('key-one-0123456789abcdef')).status).toBe(200);
    expect((await as('key-one-0123456789abcdef')).status).toBe(429);
    expect((await as('key-two-0123456789abcdef')).status).toBe(200);
  });

  it('refuses an unauthenticated caller with 401 before counting it', async () => {
    const t = await createTestApp({ db, env: { RATE_LIMIT_PER_MINUTE: '1', AUTH_MODE: 'apikey', API_KEYS: 'key-one-0123456789abcdef' } });
    for (let i = 0; i < 3; i++) expect((await t.request.get('/assets')).status).toBe(401);
    expect((await t.request.get('/assets').set('x-api-key', 'key-one-0123456789abcdef')).status).toBe(200);
  });
});
