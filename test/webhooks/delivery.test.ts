import { createHmac } from 'node:crypto';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { pruneDeliveries } from '../../api/src/webhooks/outbox.ts';
import { drainWebhooks } from '../../api/src/webhooks/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { notificationProblems } from './notification-schema.ts';
import { startReceiver, type Receiver } from './receiver.ts';

let t: TestApp;
let rx: Receiver;
let clock = new Date('2026-03-01T08:00:00.000Z');
const at = (ms: number) => (clock = new Date(clock.getTime() + ms));
// Jitter pinned to its maximum, so back-off delays are exact in assertions.
const options = { random: () => 1 };

beforeAll(async () => {
  t = await createTestApp({
    now: () => clock,
    env: { MAPPING_PRESET: 'documented', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_MAX_AGE_HOURS: '1' },
  });
  rx = await startReceiver();
});
afterAll(() => rx.close());
afterEach(async () => {
  await t.db.query('DELETE FROM webhook_subscriptions');
  rx.received.length = 0;
  rx.answer = () => ({ status: 200 });
});

async function subscribe(path = '/webhooks/assets', body: Record<string, unknown> = {}): Promise<{ id: string; secret: string; location: string }> {
  const res = await t.request.post(path).send({ callbackUrl: rx.url, ...body }).expect(201);
  return { id: res.body.id, secret: res.body.secret, location: res.headers.location as string };
}

async function deliveries(subscriptionId: string) {
  const r = await t.db.query<{ record_key: string; status: string; attempts: number; next_attempt_at: Date; version: number; last_status: number | null }>(
    'SELECT record_key, status, attempts, next_attempt_at, version, last_status FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY change_seq',
    [subscriptionId],
  );
  return r.rows;
}

describe('webhook delivery', () => {
  it('posts each change after the subscription to the callback, signed with the subscription secret', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'WH-OLD', nombre: 'before' }).expect(201);
    const sub = await subscribe();
    await t.request.post('/assets').send({ codigo_interno: 'WH-1', nombre: 'Turbina 1', valor_adquisicion: 1234.5678 }).expect(201);
    expect(await drainWebhooks(t.deps, options)).toEqual({ delivered: 1, retry: 0, dead: 0 });
    expect(rx.received).toHaveLength(1);
    const r = rx.received[0]!;
    const expected = `sha256=${createHmac('sha256', sub.secret).update(r.body).digest('hex')}`;
    expect(r.headers['x-cmms-signature']).toBe(expected);
    expect(r.headers['x-cmms-event-id']).toBe(r.json.eventId);
    expect(Number(r.headers['x-cmms-timestamp'])).toBe(Math.floor(clock.getTime() / 1000));
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toMatchObject({
      eventType: 'asset.upserted', entity: 'assets', key: 'WH-1', operation: 'upsert', version: 1, origin: 'cmms',
      record: { msdyn_assetnumber: 'WH-1', msdyn_name: 'Turbina 1' },
      data: { codigo_interno: 'WH-1', nombre: 'Turbina 1', version: 1 },
    });
    expect(r.body).toContain('"msdyn_acquisitioncost":1234.5678');
    expect(new Date(String(r.json.occurredAt)).toString()).not.toBe('Invalid Date');
    expect(notificationProblems('/webhooks/assets', r.json)).toEqual([]);
    expect(notificationProblems('/webhooks/assets', { ...r.json, operation: 'merge' })).not.toEqual([]);
  });

  it('sends a delete with the key only, and honours the event-kind filter', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'WH-DEL', nombre: 'x' }).expect(201);
    await subscribe('/webhooks/assets', { events: 'delete' });
    await t.request.patch('/assets/WH-DEL').send({ nombre: 'y' }).expect(200);
    await t.request.delete('/assets/WH-DEL').expect(204);
    await drainWebhooks(t.deps, options);
    expect(rx.received.map((r) => r.json.eventType)).toEqual(['asset.deleted']);
    expect(rx.received[0]!.json).toMatchObject({ key: 'WH-DEL', operation: 'delete', record: { msdyn_assetnumber: 'WH-DEL' }, data: { codigo_interno: 'WH-DEL' } });
    expect(notificationProblems('/webhooks/assets', rx.received[0]!.json)).toEqual([]);
  });

  it('honours the site filter', async () => {
    await subscribe('/webhooks/assets', { sitio: 'NORTE' });
    await t.request.post('/assets').send({ codigo_interno: 'WH-N', nombre: 'n', sitio: 'NORTE' }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'WH-S', nombre: 's', sitio: 'SUR' }).expect(201);
    await drainWebhooks(t.deps, options);
    expect(rx.received.map((r) => r.json.key)).toEqual(['WH-N']);
  });

  it('after DELETE of the subscription, nothing more is delivered to it', async () => {
    const sub = await subscribe();
    await t.request.post('/assets').send({ codigo_interno: 'WH-STOP-1', nombre: 'x' }).expect(201);
    await t.request.delete(new URL(sub.location).pathname).expect(204);
    await t.request.post('/assets').send({ codigo_interno: 'WH-STOP-2', nombre: 'x' }).expect(201);
    expect(await drainWebhooks(t.deps, options)).toEqual({ delivered: 0, retry: 0, dead: 0 });
    expect(rx.received).toHaveLength(0);
    expect(await deliveries(sub.id)).toEqual([]);
  });

  it('when the receiver fails, retries with exponential back-off and sends the same event again', async () => {
    const sub = await subscribe();
    rx.answer = () => ({ status: 500 });
    await t.request.post('/assets').send({ codigo_interno: 'WH-RETRY', nombre: 'x' }).expect(201);
    const start = clock.getTime();
    expect(await drainWebhooks(t.deps, options)).toEqual({ delivered: 0, retry: 1, dead: 0 });
    let [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_status: 500 });
    expect(d!.next_attempt_at.getTime() - start).toBe(5_000);
    at(4_999);
    expect(await drainWebhooks(t.deps, options)).toEqual({ delivered: 0, retry: 0, dead: 0 });
    at(1);
    expect(await drainWebhooks(t.deps, options)).toEqual({ delivered: 0, retry: 1, dead: 0 });
    [d] = await deliveries(sub.id);
    expect(d!.next_attempt_at.getTime() - clock.getTime()).toBe(10_000);
    rx.answer = () => ({ status: 204 });
    at(10_000);
    expect(await drainWebhooks(t.deps, options)).toEqual({ delivered: 1, retry: 0, dead: 0 });
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(rx.received.map((r) => r.headers['x-cmms-event-id'])).size).toBe(1);
  });

  it('waits the Retry-After the receiver asks for', async () => {
    const sub = await subscribe();
    rx.answer = () => ({ status: 429, headers: { 'retry-after': '120' } });
    await t.request.post('/assets').send({ codigo_interno: 'WH-RA', nombre: 'x' }).expect(201);
    await drainWebhooks(t.deps, options);
    const [d] = await deliveries(sub.id);
    expect(d!.next_attempt_at.getTime() - clock.getTime()).toBe(120_000);
    rx.answer = () => ({ status: 200 });
    at(119_000);
    expect((await drainWebhooks(t.deps, options)).delivered).toBe(0);
    at(1_000);
    expect((await drainWebhooks(t.deps, options)).delivered).toBe(1);
  });

  it('after the maximum attempts, dead-letters the delivery, lists it for operators and redelivers it on request', async () => {
    const sub = await subscribe();
    rx.answer = () => ({ status: 503 });
    await t.request.post('/assets').send({ codigo_interno: 'WH-DEAD', nombre: 'x' }).expect(201);
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await drainWebhooks(t.deps, options));
      at(3_600_000 / 4);
    }
    expect(outcomes.map((o) => o.dead)).toEqual([0, 0, 1]);
    const [d] = await deliveries(sub.id);
    expect(d).toMatchObject({ status: 'dead', attempts: 3 });
    const list = await t.request.get('/webhook-deliveries').query({ status: 'dead' }).expect(200);
    expect(list.body.value).toEqual([expect.objectContaining({ key: 'WH-DEAD', status: 'dead', attempts: 3, lastStatus: 503, lastError: 'receiver answered 503', callbackHost: new URL(rx.url).host })]);
    expect(JSON.stringify(list.body)).not.toContain(sub.secret);
    rx.answer = () => ({ status: 200 });
    const again = await t.request.post(`/webhook-deliveries/${list.body.value[0].id}/redeliver`).expect(200);
    expect(again.body).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await drainWebhooks(t.deps, options)).delivered).toBe(1);
    expect((await t.request.post(`/webhook-deliveries/${list.body.value[0].id}/redeliver`)).status).toBe(409);
  });

  it('dead-letters a delivery whose next attempt would fall after its maximum age', async () => {
    const sub = await subscribe();
    rx.answer = () => ({ status: 500, headers: { 'retry-after': '7200' } });
    await t.request.post('/assets').send({ codigo_interno: 'WH-OLDAGE', nombre: 'x' }).expect(201);
    expect((await drainWebhooks(t.deps, options)).dead).toBe(1);
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it("never sends a record's later event before the earlier one is delivered or dead, while other records flow", async () => {
    const sub = await subscribe();
    rx.answer = (r) => ({ status: r.json.key === 'WH-A' && r.json.version === 1 ? 500 : 200 });
    await t.request.post('/assets').send({ codigo_interno: 'WH-A', nombre: 'v1' }).expect(201);
    await t.request.patch('/assets/WH-A').send({ nombre: 'v2' }).expect(200);
    await t.request.post('/assets').send({ codigo_interno: 'WH-B', nombre: 'b' }).expect(201);
    await drainWebhooks(t.deps, options);
    expect(rx.received.map((r) => `${r.json.key}@${r.json.version}`)).toEqual(['WH-A@1', 'WH-B@1']);
    at(5_000);
    await drainWebhooks(t.deps, options); // second failure of WH-A v1; v2 still waits
    expect(rx.received.map((r) => `${r.json.key}@${r.json.version}`)).toEqual(['WH-A@1', 'WH-B@1', 'WH-A@1']);
    at(10_000);
    await drainWebhooks(t.deps, options); // third failure: dead; v2 may go now
    expect(rx.received.map((r) => `${r.json.key}@${r.json.version}`)).toEqual(['WH-A@1', 'WH-B@1', 'WH-A@1', 'WH-A@1', 'WH-A@2']);
    expect((await deliveries(sub.id)).map((d) => d.status)).toEqual(['dead', 'delivered', 'delivered']);
  });

  it('a redirect from the receiver counts as a failure and is not followed', async () => {
    const sub = await subscribe();
    rx.answer = () => ({ status: 307, headers: { location: 'http://169.254.169.254/latest' } });
    await t.request.post('/assets').send({ codigo_interno: 'WH-REDIR', nombre: 'x' }).expect(201);
    expect((await drainWebhooks(t.deps, options)).retry).toBe(1);
    expect((await deliveries(sub.id))[0]).toMatchObject({ status: 'pending', last_status: 307 });
    expect(rx.received).toHaveLength(1);
  });
});

describe('outbox housekeeping', () => {
  it('dead-letters at once on 410 Gone; drops delivered rows after a week, keeping dead letters and recent rows', async () => {
    const sub = await subscribe();
    rx.answer = (r) => ({ status: r.json.key === 'WH-PRUNE-DEAD' ? 410 : 200 });
    await t.request.post('/assets').send({ codigo_interno: 'WH-PRUNE-OK', nombre: 'x' }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'WH-PRUNE-DEAD', nombre: 'x' }).expect(201);
    expect(await drainWebhooks(t.deps, options)).toEqual({ delivered: 1, retry: 0, dead: 1 });
    expect(await pruneDeliveries(t.db, new Date(clock.getTime() + 6 * 86_400_000))).toBe(0);
    expect(await pruneDeliveries(t.db, new Date(clock.getTime() + 8 * 86_400_000))).toBe(1);
    expect((await deliveries(sub.id)).map((d) => `${d.record_key}:${d.status}`)).toEqual(['WH-PRUNE-DEAD:dead']);
  });
});

describe('purchase-order status webhook', () => {
  it("delivers only changes of a purchase order's status, filtered by the new status when asked", async () => {
    await subscribe('/webhooks/purchase-order-status', { estado: 'aprobada' });
    const all = await subscribe('/webhooks/purchase-order-status');
    await t.request.post('/purchase-orders').send({ numero_requisicion: 'REQ-WH-1', justificacion: 'x', total: 10 }).expect(201);
    await t.request.patch('/purchase-orders/REQ-WH-1').send({ justificacion: 'only the text' }).expect(200);
    await t.request.patch('/purchase-orders/REQ-WH-1').send({ estado: 'pendiente' }).expect(200);
    await t.request.patch('/purchase-orders/REQ-WH-1').send({ estado: 'aprobada' }).expect(200);
    await drainWebhooks(t.deps, options);
    const seen = rx.received.map((r) => `${String(r.json.eventId).split(':')[0] === all.id ? 'all' : 'aprobada'}:${(r.json.data as { estado: string }).estado}`);
    expect(seen.sort()).toEqual(['all:aprobada', 'all:pendiente', 'aprobada:aprobada']);
    const event = rx.received.find((r) => (r.json.data as { estado: string }).estado === 'aprobada')!.json;
    expect(event).toMatchObject({ eventType: 'purchaseOrder.statusChanged', entity: 'purchaseOrders', key: 'REQ-WH-1', record: { name: 'REQ-WH-1', statuscode: 613540002 } });
    // Each event described the version its change wrote, though all were dispatched after the last
    // write; the write-time snapshots are dropped once every subscription has read past them.
    const pendiente = rx.received.find((r) => (r.json.data as { estado: string }).estado === 'pendiente')!.json;
    expect(pendiente).toMatchObject({ version: 3, data: { version: 3 }, record: { statuscode: 613540001 } });
    expect((await t.db.query('SELECT 1 FROM webhook_snapshots')).rowCount).toBe(0);
    for (const r of rx.received) expect(notificationProblems('/webhooks/purchase-order-status', r.json)).toEqual([]);
  });
});
