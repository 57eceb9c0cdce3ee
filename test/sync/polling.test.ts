import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { POLL_RETRY_AFTER_SECONDS: '45', SYNC_FEED_PAGE_SIZE: '2' } });
});

/** Calls a Location exactly as Power Automate does: the absolute URL, unchanged. */
function follow(location: string | undefined) {
  const url = new URL(location ?? 'missing:');
  return t.request.get(url.pathname + url.search);
}

describe('PollAssetChanges (Power Automate polling contract)', () => {
  it('first call without state answers 202 with Location on the request host holding the head state, and Retry-After', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'OLD-1', nombre: 'before the trigger' }).expect(201);
    const res = await t.request.get('/sync/assets/poll').set('host', 'cmms.example.com');
    expect(res.status).toBe(202);
    expect(res.headers['retry-after']).toBe('45');
    const loc = new URL(String(res.headers.location));
    expect(loc.host).toBe('cmms.example.com');
    expect(loc.pathname).toBe('/sync/assets/poll');
    expect(loc.searchParams.get('state')).toEqual(expect.any(String));
  });

  it('following Location: 202 while nothing is new, then 200 with the new changes, Retry-After 0 while more wait, then 202 again', async () => {
    let res = await t.request.get('/sync/assets/poll');
    expect(res.status).toBe(202);
    res = await follow(res.headers.location);
    expect(res.status).toBe(202);
    for (const k of ['N1', 'N2', 'N3']) await t.request.post('/assets').send({ codigo_interno: k, nombre: k }).expect(201);
    res = await follow(res.headers.location);
    expect(res.status).toBe(200);
    expect(res.body.map((i: { key: string }) => i.key)).toEqual(['N1', 'N2']);
    expect(res.body[0]).toMatchObject({ operation: 'upsert', record: { msdyn_assetnumber: 'N1', msdyn_name: 'N1' } });
    expect(res.headers['retry-after']).toBe('0');
    res = await follow(res.headers.location);
    expect(res.status).toBe(200);
    expect(res.body.map((i: { key: string }) => i.key)).toEqual(['N3']);
    expect(res.headers['retry-after']).toBe('45');
    const last = res.headers.location;
    res = await follow(last);
    expect(res.status).toBe(202);
    // supertest listens on a new port per request, so compare the state, not the whole URL.
    expect(new URL(String(res.headers.location)).search).toBe(new URL(String(last)).search);
  });

  it('when the state was not issued by this API, answers 400 naming state', async () => {
    const res = await t.request.get('/sync/assets/poll').query({ state: 'bogus' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/query/state');
  });

  it('a purchase-order state is refused by the asset trigger', async () => {
    const po = await t.request.get('/sync/purchase-orders/poll').expect(202);
    const state = new URL(String(po.headers.location)).searchParams.get('state')!;
    expect((await t.request.get('/sync/assets/poll').query({ state })).status).toBe(400);
  });
});
