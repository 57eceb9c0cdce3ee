import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  // 127.0.0.1 listed exactly (loopback over http allowed), a Logic Apps wildcard, and a public name.
  t = await createTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,*.logic.azure.com,example.com' } });
});

const LOCAL = 'http://127.0.0.1:9/hook';

describe('SubscribeAssetChanges', () => {
  it('when only the callback URL is given, answers 201 with Location on the request host and defaults for the rest', async () => {
    const res = await t.request.post('/webhooks/assets').set('host', 'cmms.test:8443').send({ callbackUrl: LOCAL });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`http://cmms.test:8443/webhooks/${res.body.id}`);
    expect(res.body).toMatchObject({ entity: 'assets', events: ['upsert', 'delete'], sitio: null, callbackHost: '127.0.0.1:9' });
    expect(res.body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body).not.toHaveProperty('callbackUrl');
  });

  it('stores the chosen event kind and site filter', async () => {
    const res = await t.request.post('/webhooks/assets').send({ callbackUrl: LOCAL, events: 'delete', sitio: 'PLANTA-1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ events: ['delete'], sitio: 'PLANTA-1' });
  });

  it('when callbackUrl is missing, answers 400 naming callbackUrl', async () => {
    const res = await t.request.post('/webhooks/assets').send({ events: 'all' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '/body/callbackUrl', rule: 'required' })]);
  });

  it('when an unknown field is sent, answers 400 naming it', async () => {
    const res = await t.request.post('/webhooks/assets').send({ callbackUrl: LOCAL, colour: 'red' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('colour');
  });
});

describe('SubscribePurchaseOrderStatusChanges', () => {
  it('answers 201 with a purchase-order subscription taking upserts, with an optional status filter', async () => {
    const res = await t.request.post('/webhooks/purchase-order-status').send({ callbackUrl: LOCAL, estado: 'aprobada' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ entity: 'purchaseOrders', events: ['upsert'], estado: 'aprobada' });
    expect(res.headers.location).toMatch(new RegExp(`/webhooks/${res.body.id}$`));
  });

  it('when estado is not a status, answers 400 naming estado', async () => {
    const res = await t.request.post('/webhooks/purchase-order-status').send({ callbackUrl: LOCAL, estado: 'perdida' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/body/estado');
  });
});

describe('callback URL rules (SSRF)', () => {
  async function refusal(url: string): Promise<{ status: number; rule: string; field: string }> {
    const res = await t.request.post('/webhooks/assets').send({ callbackUrl: url });
    return { status: res.status, rule: res.body.errors?.[0]?.rule, field: res.body.errors?.[0]?.field };
  }

  it.each([
    ['http on a public allowed host', 'http://prod-01.westus.logic.azure.com/workflows/x', 'https'],
    ['http on an exactly listed public host', 'http://example.com/hook', 'https'],
    ['a host not in the list', 'https://evil.example.net/hook', 'allowed-host'],
    ['a wildcard that must not match the bare domain', 'https://logic.azure.com/hook', 'allowed-host'],
    ['a look-alike suffix', 'https://xlogic.azure.com.evil.net/hook', 'allowed-host'],
    ['10.x', 'https://10.1.2.3/hook', 'public-address'],
    ['192.168.x', 'https://192.168.0.10/hook', 'public-address'],
    ['169.254.x (cloud metadata)', 'https://169.254.169.254/latest/meta-data', 'public-address'],
    ['172.16.x', 'https://172.16.5.4/hook', 'public-address'],
    ['::1', 'https://[::1]/hook', 'public-address'],
    ['IPv4-mapped IPv6 of a private address', 'https://[::ffff:10.0.0.1]/hook', 'public-address'],
    ['127.0.0.2 (loopback, not the listed 127.0.0.1)', 'http://127.0.0.2/hook', 'public-address'],
    ['a name resolving to loopback', 'https://localhost/hook', 'allowed-host'],
    ['credentials in the URL', 'https://user:pw@example.com/hook', 'no-credentials'],
    ['another scheme', 'ftp://example.com/hook', 'https'],
    ['not a URL', 'not a url', 'format'],
  ])('refuses %s with 400 naming callbackUrl and the rule', async (_name, url, rule) => {
    expect(await refusal(url)).toEqual({ status: 400, rule, field: '/body/callbackUrl' });
  });

  it('refuses a name that resolves to a loopback address even when its domain is allowed by wildcard', async () => {
    const w = await createTestApp({ db: t.db, env: { WEBHOOK_ALLOWED_HOSTS: '*' } });
    const res = await w.request.post('/webhooks/assets').send({ callbackUrl: 'https://localhost/hook' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body/callbackUrl', rule: 'public-address' });
    expect(res.body.detail).toMatch(/resolves to (127\.0\.0\.1|::1)/);
  });

  it('by default allows only https on Power Automate and Logic Apps hosts', async () => {
    const d = await createTestApp({ db: t.db });
    const ok = await d.request.post('/webhooks/assets').send({ callbackUrl: 'https://203.0.113.9/x' });
    expect(ok.status).toBe(400);
    expect(ok.body.errors[0].rule).toBe('allowed-host');
    expect(d.config.webhooks.allowedHosts).toContain('*.logic.azure.com');
  });
});

describe('DeleteWebhookSubscription', () => {
  it('removes the subscription (204), then answers 404 for it', async () => {
    const sub = await t.request.post('/webhooks/assets').send({ callbackUrl: LOCAL }).expect(201);
    const path = new URL(sub.headers.location as string).pathname;
    await t.request.delete(path).expect(204);
    const again = await t.request.delete(path);
    expect(again.status).toBe(404);
    const left = await t.db.query('SELECT 1 FROM webhook_subscriptions WHERE id = $1', [sub.body.id]);
    expect(left.rowCount).toBe(0);
  });

  it('answers 404 for an id that never existed', async () => {
    expect((await t.request.delete('/webhooks/no-such-id')).status).toBe(404);
  });
});
