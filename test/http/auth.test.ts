import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../api/src/config/index.ts';
import { isAppError } from '../../api/src/errors/index.ts';
import { createAuth, principalOf, type AuthOptions } from '../../api/src/http/auth.ts';

const TENANT = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = 'api://energy-cmms';
const V2_ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const V1_ISSUER = `https://sts.windows.net/${TENANT}/`;

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  // Entra's JWKS entries carry no "alg", so the middleware's own RS256 restriction is what is tested.
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig' } };
}

/** A real JWKS endpoint on 127.0.0.1 whose published keys the test can change (key rotation). */
let jwksServer: Server;
let jwksUri: string;
let published: JWK[] = [];
let jwksHits = 0;
let keyA: SigningKey;
let keyB: SigningKey;

beforeAll(async () => {
  keyA = await newKey('key-a');
  keyB = await newKey('key-b');
  jwksServer = createServer((_req, res) => {
    jwksHits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUri = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/discovery/v2.0/keys`;
});

afterAll(async () => {
  await new Promise((resolve) => jwksServer.close(resolve));
});

beforeEach(() => {
  published = [keyA.publicJwk];
  jwksHits = 0;
});

function settings(overrides: Partial<Config['auth']> = {}): Config['auth'] {
  return {
    mode: 'entra',
    modeDefaulted: false,
    tenantId: TENANT,
    audience: [AUDIENCE, 'aaaaaaaa-0000-0000-0000-000000000001'],
    issuers: [V2_ISSUER, V1_ISSUER],
    jwksUri,
    requiredScope: 'user_impersonation',
    appRoles: ['CMMS.Sync'],
    apiKeys: [],
    ...overrides,
  };
}

/** The app under test: the middleware, a route echoing the principal, and a minimal problem renderer. */
function appWith(middleware: RequestHandler) {
  const app = express();
  app.use(middleware);
  app.get('/whoami', (_req, res) => {
    res.json(res.locals.principal);
  });
  const renderProblem: ErrorRequestHandler = (err, _req, res, _next) => {
    if (!isAppError(err)) return res.status(500).json({ unexpected: String(err) });
    res.set(err.headers).status(err.status).type('application/problem+json').json({ code: err.code, detail: err.detail });
  };
  app.use(renderProblem);
  return app;
}

function entraApp(overrides: Partial<Config['auth']> = {}, options: AuthOptions = {}) {
  return appWith(createAuth(settings(overrides), options).middleware);
}

const delegatedClaims = { scp: 'user_impersonation', oid: 'user-oid-1', tid: TENANT, preferred_username: 'ana@contoso.com' };

async function sign(
  claims: Record<string, unknown>,
  opts: { key?: SigningKey; kid?: string; issuer?: string; audience?: string; expiresIn?: string | number } = {},
) {
  const key = opts.key ?? keyA;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: opts.kid ?? key.kid })
    .setIssuer(opts.issuer ?? V2_ISSUER)
    .setAudience(opts.audience ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '1h')
    .sign(key.privateKey);
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('entra mode', () => {
  it('when a valid v2 delegated token is sent, passes and puts the user on res.locals.principal', async () => {
    const res = await request(entraApp()).get('/whoami').auth(await sign(delegatedClaims), { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'user', id: 'user-oid-1', name: 'ana@contoso.com', tenantId: TENANT, roles: [] });
  });

  it('when a valid v1 token (sts.windows.net issuer, client-id audience) is sent, passes', async () => {
    const token = await sign(
      { scp: 'openid user_impersonation', oid: 'user-oid-2', tid: TENANT, upn: 'luis@contoso.com' },
      { issuer: V1_ISSUER, audience: 'aaaaaaaa-0000-0000-0000-000000000001' },
    );
    const res = await request(entraApp()).get('/whoami').set('Authorization', `bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'user', id: 'user-oid-2', name: 'luis@contoso.com' });
  });

  it('when an app-only token carries an accepted app role, passes as kind app', async () => {
    const token = await sign({ roles: ['CMMS.Sync'], oid: 'sp-oid', azp: 'client-app-id', tid: TENANT });
    const res = await request(entraApp()).get('/whoami').auth(token, { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'app', id: 'sp-oid', name: 'client-app-id', tenantId: TENANT, roles: ['CMMS.Sync'] });
  });

  it('when no Authorization header is sent, answers 401 with a bare Bearer challenge', async () => {
    const res = await request(entraApp()).get('/whoami');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('when another scheme (Basic) is sent, answers 401 with a bare Bearer challenge', async () => {
    const res = await request(entraApp()).get('/whoami').set('Authorization', 'Basic dXNlcjpwYXNz');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  const rejected: Array<[string, () => Promise<string>, RegExp]> = [
    ['the audience is another API', () => sign(delegatedClaims, { audience: 'api://someone-else' }), /audience/],
    ['the issuer is another tenant', () => sign(delegatedClaims, { issuer: 'https://login.microsoftonline.com/other/v2.0' }), /issuer/],
    ['the token has expired', () => sign(delegatedClaims, { expiresIn: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
    ['the signature does not match the key', () => sign(delegatedClaims, { key: keyB, kid: keyA.kid }), /signature/],
    ['the kid is unknown', () => sign(delegatedClaims, { key: keyB }), /unknown key/],
    ['the token is not a JWT', async () => 'not-a-jwt', /malformed/],
    [
      'alg is HS256 (signed with the public key as HMAC secret)',
      () =>
        new SignJWT(delegatedClaims)
          .setProtectedHeader({ alg: 'HS256', kid: keyA.kid })
          .setIssuer(V2_ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(JSON.stringify(keyA.publicJwk))),
      /algorithm/,
    ],
    [
      'alg is none (unsigned)',
      async () => {
        const exp = Math.floor(Date.now() / 1000) + 3600;
        return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...delegatedClaims, iss: V2_ISSUER, aud: AUDIENCE, exp })}.`;
      },
      /algorithm/,
    ],
    [
      'alg is RS384 with the published RSA key',
      async () => {
        const { privateKey } = await generateKeyPair('RS384');
        return new SignJWT(delegatedClaims)
          .setProtectedHeader({ alg: 'RS384', kid: keyA.kid })
          .setIssuer(V2_ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('1h')
          .sign(privateKey);
      },
      /algorithm/,
    ],
    [
      'the token has no expiry',
      () =>
        new SignJWT(delegatedClaims)
          .setProtectedHeader({ alg: 'RS256', kid: keyA.kid })
          .setIssuer(V2_ISSUER)
          .setAudience(AUDIENCE)
          .sign(keyA.privateKey),
      /expiry/,
    ],
  ];

  for (const [situation, makeToken, description] of rejected) {
    it(`when ${situation}, answers 401 invalid_token with an error_description`, async () => {
      const res = await request(entraApp()).get('/whoami').auth(await makeToken(), { type: 'bearer' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      const challenge = String(res.headers['www-authenticate']);
      expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"]+"$/);
      expect(challenge).toMatch(description);
    });
  }

  it('when a delegated token lacks user_impersonation, answers 403 insufficient_scope', async () => {
    const token = await sign({ ...delegatedClaims, scp: 'User.Read' });
    const res = await request(entraApp()).get('/whoami').auth(token, { type: 'bearer' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(res.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="user_impersonation"');
  });

  it('when an app-only token has no accepted role, answers 403', async () => {
    const token = await sign({ roles: ['Other.Role'], oid: 'sp-oid' });
    const res = await request(entraApp()).get('/whoami').auth(token, { type: 'bearer' });
    expect(res.status).toBe(403);
    expect(res.body.detail).toMatch(/CMMS\.Sync/);
  });

  it('when the signing key rotates to a new kid, refetches the JWKS and accepts the new key', async () => {
    const app = entraApp({}, { jwks: { cooldownMs: 0 } });
    expect((await request(app).get('/whoami').auth(await sign(delegatedClaims), { type: 'bearer' })).status).toBe(200);
    published = [keyB.publicJwk];
    const res = await request(app).get('/whoami').auth(await sign(delegatedClaims, { key: keyB }), { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(jwksHits).toBe(2);
  });

  it('caches the JWKS between requests and refetches at most once per cooldown for unknown kids', async () => {
    const app = entraApp();
    for (let i = 0; i < 3; i++) {
      expect((await request(app).get('/whoami').auth(await sign(delegatedClaims), { type: 'bearer' })).status).toBe(200);
    }
    for (let i = 0; i < 3; i++) {
      const forged = await sign(delegatedClaims, { key: keyB, kid: `forged-${i}` });
      expect((await request(app).get('/whoami').auth(forged, { type: 'bearer' })).status).toBe(401);
    }
    expect(jwksHits).toBe(1);
  });

  it('downloads the JWKS with the injected fetch', async () => {
    const seen: string[] = [];
    const injected: typeof fetch = async (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const res = await request(entraApp({}, { fetch: injected })).get('/whoami').auth(await sign(delegatedClaims), { type: 'bearer' });
    expect(res.status).toBe(200);
    expect(seen).toEqual([jwksUri]);
  });

  it('when the JWKS cannot be loaded, answers 503 with Retry-After rather than blaming the token', async () => {
    const failing: typeof fetch = async () => new Response('down', { status: 500 });
    const logged: unknown[] = [];
    const logger = { warn: (obj: unknown) => void logged.push(obj) } as unknown as AuthOptions['logger'];
    const token = await sign(delegatedClaims);
    const res = await request(entraApp({}, { fetch: failing, logger })).get('/whoami').auth(token, { type: 'bearer' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(JSON.stringify(logged)).not.toContain(token);
  });

  it('never logs the token when rejecting it', async () => {
    const logged: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => void logged.push(args) } as unknown as AuthOptions['logger'];
    const token = await sign(delegatedClaims, { audience: 'api://someone-else' });
    await request(entraApp({}, { logger })).get('/whoami').auth(token, { type: 'bearer' });
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain(token.split('.')[2]);
  });

  it('refuses to start without a JWKS URI, issuer or audience', () => {
    expect(() => createAuth(settings({ jwksUri: undefined }))).toThrow(/JWKS/);
    expect(() => createAuth(settings({ issuers: [] }))).toThrow(/issuer/);
    expect(() => createAuth(settings({ audience: [] }))).toThrow(/audience/);
  });
});

describe('apikey mode', () => {
  const keys = ['first-key-0123456789abcdef', 'second-key-fedcba9876543210'];
  const app = () => appWith(createAuth(settings({ mode: 'apikey', apiKeys: keys })).middleware);

  it('when X-API-Key matches a configured key, passes with an apikey principal that is not the key', async () => {
    const res = await request(app()).get('/whoami').set('X-API-Key', keys[1]!);
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('apikey');
    expect(res.body.id).toMatch(/^apikey:[0-9a-f]{12}$/);
    expect(JSON.stringify(res.body)).not.toContain(keys[1]);
  });

  it('gives each key its own stable principal id', async () => {
    const a = await request(app()).get('/whoami').set('X-API-Key', keys[0]!);
    const b = await request(app()).get('/whoami').set('X-API-Key', keys[1]!);
    const again = await request(app()).get('/whoami').set('X-API-Key', keys[0]!);
    expect(a.body.id).not.toBe(b.body.id);
    expect(again.body.id).toBe(a.body.id);
  });

  it('when X-API-Key is wrong (including a prefix of a real key), answers 401', async () => {
    for (const wrong of ['nope', keys[0]!.slice(0, -1), `${keys[0]}x`]) {
      const res = await request(app()).get('/whoami').set('X-API-Key', wrong);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toMatch(/X-API-Key/);
    }
  });

  it('when X-API-Key is missing, answers 401 naming the header', async () => {
    const res = await request(app()).get('/whoami');
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/X-API-Key/);
  });

  it('does not accept a bearer token in place of the key', async () => {
    const res = await request(app()).get('/whoami').auth(keys[0]!, { type: 'bearer' });
    expect(res.status).toBe(401);
  });
});

describe('none mode', () => {
  it('lets every request through as anonymous', async () => {
    const res = await request(appWith(createAuth(settings({ mode: 'none' })).middleware)).get('/whoami');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'anonymous', id: 'anonymous' });
  });

  it('principalOf answers anonymous when no auth middleware ran, else the stored principal', async () => {
    const app = express();
    app.get('/bare', (_req, res) => {
      res.json(principalOf(res));
    });
    app.get('/keyed', createAuth(settings({ mode: 'apikey', apiKeys: ['k-123456'] })).middleware, (_req, res) => {
      res.json(principalOf(res));
    });
    expect((await request(app).get('/bare')).body).toEqual({ kind: 'anonymous', id: 'anonymous' });
    expect((await request(app).get('/keyed').set('X-API-Key', 'k-123456')).body.kind).toBe('apikey');
  });
});
