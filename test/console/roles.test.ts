/**
 * Who may do what in the console: reading needs sign-in only; retry, redeliver, start and cancel
 * need the admin app role for signed-in users (or the sync role for applications); in none mode
 * the console answers loopback callers only.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

const TENANT = '11111111-2222-3333-4444-555555555555';
const AUDIENCE = 'api://energy-cmms';
const JWKS = 'https://keys.example.test/keys';

describe('console roles with Entra tokens', () => {
  let t: TestApp;
  let key: CryptoKey;

  const token = (claims: Record<string, unknown>) =>
    new SignJWT({ oid: 'user-1', tid: TENANT, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const fetchKeys = (async (input: string | URL | Request) => {
      if (String(input) !== JWKS) throw new TypeError(`unexpected fetch ${String(input)}`);
      return new Response(JSON.stringify({ keys: [jwk] }), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    t = await createTestApp({ env: { AUTH_MODE: 'entra', ENTRA_TENANT_ID: TENANT, ENTRA_AUDIENCE: AUDIENCE, ENTRA_JWKS_URI: JWKS }, fetch: fetchKeys });
  });

  it('a signed-in user without the admin role reads but may not retry, start, cancel or redeliver', async () => {
    const auth = `Bearer ${await token({ scp: 'user_impersonation', preferred_username: 'ana@contoso.com' })}`;
    const session = await t.request.get('/console/api/session').set('Authorization', auth).expect(200);
    expect(session.body).toMatchObject({ kind: 'user', name: 'ana@contoso.com', canChange: false, adminRoles: ['CMMS.Admin'] });
    await t.request.get('/console/api/overview').set('Authorization', auth).expect(200);
    await t.request.get('/console/api/settings').set('Authorization', auth).expect(200);
    for (const [path, body] of [
      ['/console/api/failures/retry', {}], ['/console/api/failures/1/retry', undefined], ['/console/api/jobs', { entity: 'assets', mode: 'full' }],
      ['/console/api/jobs/abc/cancel', undefined], ['/console/api/webhook-deliveries/1/redeliver', undefined],
    ] as const) {
      const r = await t.request.post(path).set('Authorization', auth).send(body);
      expect(r.status, path).toBe(403);
      expect(r.body.detail).toContain('CMMS.Admin');
    }
  });

  it('a user with the CMMS.Admin app role may change state', async () => {
    const auth = `Bearer ${await token({ scp: 'user_impersonation', roles: ['CMMS.Admin'] })}`;
    expect((await t.request.get('/console/api/session').set('Authorization', auth).expect(200)).body.canChange).toBe(true);
    expect((await t.request.post('/console/api/failures/retry').set('Authorization', auth).send({}).expect(200)).body).toEqual({ retried: 0 });
    // The same action handler as the connector's: an unknown failure is a 404, not a 403.
    await t.request.post('/console/api/failures/999/retry').set('Authorization', auth).expect(404);
  });

  it('an application with the sync role may change state', async () => {
    const auth = `Bearer ${await token({ roles: ['CMMS.Sync'], azp: 'app-1' })}`;
    expect((await t.request.get('/console/api/session').set('Authorization', auth).expect(200)).body).toMatchObject({ kind: 'app', canChange: true });
  });

  it('without a token every console operation answers 401', async () => {
    await t.request.get('/console/api/overview').expect(401);
    await t.request.get('/console/api/events').expect(401);
    await t.request.post('/console/api/dynamics/check').expect(401);
  });

  it('serves the sign-in settings the page needs, and no secret', async () => {
    const r = await t.request.get('/console/client-settings.json').expect(200);
    expect(r.body).toEqual({ authMode: 'entra', clientId: null, authority: `https://login.microsoftonline.com/${TENANT}`, scope: `${AUDIENCE}/user_impersonation`, redirectPath: '/console/' });
    const page = await t.request.get('/console/').expect(200);
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' https://login.microsoftonline.com`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });
});

describe('console in none mode', () => {
  it('opens on loopback and refuses callers from elsewhere', async () => {
    const t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    await t.request.get('/console/').expect(200);
    await t.request.get('/console/api/overview').expect(200);
    const far = { 'X-Forwarded-For': '198.51.100.4' };
    await t.request.get('/console/').set(far).expect(403);
    const r = await t.request.get('/console/api/overview').set(far).expect(403);
    expect(r.body.detail).toMatch(/only on this machine/);
  });
});
