import { afterEach, describe, expect, test } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createDataverseClient, DataverseError } from '../../api/src/dynamics/index.ts';
import { makeClientCertificatePem } from '../../scripts/dataverse-standin/cert.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

describe('Dataverse tokens', () => {
  test('when several requests run, one token is fetched and reused from the cache', async () => {
    h = await harness();
    const client = h.client();
    await client.getJson('WhoAmI');
    await client.getJson('WhoAmI');
    expect(h.standin.stats.byKind.token).toBe(1);
  });

  test('when 20 requests start at once with no token yet, they share one token request', async () => {
    h = await harness();
    const client = h.client();
    await Promise.all(Array.from({ length: 20 }, () => client.getJson('WhoAmI')));
    expect(h.standin.stats.byKind.token).toBe(1);
    expect(h.standin.stats.byKind.get).toBe(20);
  });

  test('when Dataverse answers 401 to a cached token, a new token is fetched once and the request succeeds', async () => {
    h = await harness();
    const client = h.client();
    await client.getJson('WhoAmI');
    h.standin.revokeTokens();
    await Promise.all([client.getJson('WhoAmI'), client.getJson('WhoAmI'), client.getJson('WhoAmI')]);
    expect(h.standin.stats.byKind.token).toBe(2);
    expect(h.standin.stats.byKind.unauthorized).toBe(3);
  });

  test('when the refreshed token is rejected too, the 401 is reported with a hint and not retried forever', async () => {
    h = await harness();
    const client = h.client();
    const standin = h.standin;
    const revoking = ((input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes('/api/data/')) standin.revokeTokens();
      return standin.fetch(input, init);
    }) as typeof fetch;
    const c2 = createDataverseClient({ settings: standin.settings(), fetch: revoking, sleep: async () => {} });
    const err = await c2.getJson('WhoAmI').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataverseError);
    expect((err as DataverseError).status).toBe(401);
    expect((err as DataverseError).hint).toMatch(/DYNAMICS_URL/);
    expect(standin.stats.byKind.token).toBe(2);
    void client;
  });

  test('when the client secret is wrong, the error names DYNAMICS_CLIENT_SECRET and never contains the secret', async () => {
    h = await harness();
    const client = h.client({ clientSecret: 'not-the-secret-value' });
    const err = (await client.getJson('WhoAmI').catch((e: unknown) => e)) as DataverseError;
    expect(err).toBeInstanceOf(DataverseError);
    expect(err.source).toBe('entra');
    expect(err.hint).toMatch(/DYNAMICS_CLIENT_SECRET/);
    expect(`${err.message} ${err.hint}`).not.toContain('not-the-secret-value');
    expect(`${err.message} ${err.hint}`).not.toContain(h.standin.clientSecret);
  });

  test('when the client id is unknown to the tenant, the error names DYNAMICS_CLIENT_ID and DYNAMICS_TENANT_ID', async () => {
    h = await harness();
    const err = (await h.client({ clientId: '00000000-0000-0000-0000-00000000dead' }).getJson('WhoAmI').catch((e: unknown) => e)) as DataverseError;
    expect(err.hint).toMatch(/DYNAMICS_CLIENT_ID/);
    expect(err.hint).toMatch(/DYNAMICS_TENANT_ID/);
  });

  test('when the app has no application user in the environment, the 403 hint says to add one', async () => {
    h = await harness({ applicationUser: false });
    const err = (await h.client().getJson('WhoAmI').catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(403);
    expect(err.code).toBe('0x80072560');
    expect(err.hint).toMatch(/application user/);
    expect(err.retryable).toBe(false);
  });

  test('when a certificate is configured, msal signs a client assertion the token endpoint accepts', async () => {
    const { pem, cert } = makeClientCertificatePem();
    const dir = mkdtempSync(join(tmpdir(), 'dv-cert-'));
    const path = join(dir, 'client.pem');
    writeFileSync(path, pem, { mode: 0o600 });
    h = await harness({ clientCertificates: [cert] });
    const client = h.client({ clientSecret: undefined, clientCertificatePath: path });
    const who = await client.getJson<{ UserId: string }>('WhoAmI');
    expect(who.UserId).toBeTruthy();
    const tokenCall = h.seen.find((s) => s.url.includes('/oauth2/v2.0/token'));
    expect(tokenCall?.body).toContain('client_assertion=');
    expect(tokenCall?.body).not.toContain('client_secret=');
  });

  test('when the authority host is a sovereign cloud, msal uses it without asking login.microsoftonline.com or a discovery document', async () => {
    const tenant = '11111111-2222-3333-4444-555555555555';
    const urls: string[] = [];
    const fake = (async (input: string | URL | Request) => {
      const url = String(input);
      urls.push(url);
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      if (url.includes('/.well-known/openid-configuration')) {
        const base = `https://login.microsoftonline.us/${tenant}`;
        return json({ token_endpoint: `${base}/oauth2/v2.0/token`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`, end_session_endpoint: `${base}/oauth2/v2.0/logout`, jwks_uri: `${base}/discovery/v2.0/keys`, issuer: `${base}/v2.0` });
      }
      if (new URL(url).pathname.endsWith('/oauth2/v2.0/token')) return json({ token_type: 'Bearer', expires_in: 3600, access_token: 'gov-token' });
      return json({ UserId: 'u' });
    }) as typeof fetch;
    const client = createDataverseClient({
      settings: { url: 'https://contoso.crm9.dynamics.com', tenantId: tenant, clientId: 'app', clientSecret: 's', clientCertificatePath: undefined, authorityHost: 'login.microsoftonline.us', timeoutMs: 5000, batchSize: 100, maxConcurrency: 4, maxRetries: 0, writeMode: 'auto' },
      fetch: fake,
    });
    await client.getJson('WhoAmI');
    expect(urls.some((u) => u.startsWith(`https://login.microsoftonline.us/${tenant}/oauth2/v2.0/token`))).toBe(true);
    expect(urls.some((u) => u.includes('login.microsoftonline.com'))).toBe(false);
    // Entra's fixed v2.0 endpoints are handed to msal: no discovery document is needed on any host.
    expect(urls.some((u) => u.includes('openid-configuration'))).toBe(false);
    expect(urls).toContain('https://contoso.crm9.dynamics.com/api/data/v9.2/WhoAmI');
  });

  test('when settings are missing, creating the client names every missing setting', () => {
    expect(() => createDataverseClient({ settings: { url: undefined, tenantId: undefined, clientId: 'x', clientSecret: undefined, clientCertificatePath: undefined, authorityHost: 'login.microsoftonline.com', timeoutMs: 1000, batchSize: 1, maxConcurrency: 1, maxRetries: 0, writeMode: 'auto' } }))
      .toThrow(/DYNAMICS_URL.*DYNAMICS_TENANT_ID.*DYNAMICS_CLIENT_SECRET or DYNAMICS_CLIENT_CERTIFICATE_PATH/);
  });
});
