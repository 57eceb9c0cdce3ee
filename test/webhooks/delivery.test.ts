import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { backoffMs } from '../../api/src/webhooks/deliver.ts';
import { pruneDeliveries } from '../../api/src/webhooks/outbox.ts';
import type { Worker } from '../../api/src/workers.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { outboxSettled, quietPeriod, startTestWebhookWorker } from '../support/webhooks.ts';
import { notificationProblems } from './notification-schema.ts';
import { startReceiver, type Receiver } from './receiver.ts';

// Deliveries go through the worker production runs (api/src/webhooks/worker.ts) on a fake clock:
// a retry becomes due only when a test moves the clock, and the worker sees the move on its poll.
let t: TestApp;
let rx: Receiver;
let worker: Worker | undefined;
let clock = new Date('2026-03-01T08:00:00.000Z');
const at = (ms: number) => (clock = new Date(clock.getTime() + ms));
const setClock = (d: Date) => (clock = new Date(d));

beforeAll(async () => {
  t = await createTestApp({
    now: () => clock,
    env: { MAPPING_PRESET: 'documented', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_MAX_AGE_HOURS: '1' },
  });
  rx = await startReceiver();
});
afterAll(() => rx.close());
afterEach(async () => {
  // Stopped before the clean-up, so no delivery still in flight reaches the next test's receiver.
  await worker?.stop();
  worker = undefined;
  await t.db.query('DELETE FROM webhook_subscriptions');
  rx.received.length = 0;
  rx.answer = () => ({ status: 200 });
});

function startWorker(): void {
  worker = startTestWebhookWorker(t);
}

async function subscribe(path = '/webhooks/assets', body: Record<string, unknown> = {}): Promise<{ id: string; secret: string; location: string }> {
  const res = await t.request.post(path).send({ callbackUrl: rx.url, ...body }).expect(201);
  return { id: res.body.id, secret: res.body.secret, location: res.headers.location as string };
}

interface DeliveryState {
  record_key: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  version: number;
  last_status: number | null;
}

async function deliveries(subscriptionId: string): Promise<DeliveryState[]> {
  const r = await t.db.query<DeliveryState>(
    'SELECT record_key, status, attempts, next_attempt_at, version, last_status FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY change_seq',
    [subscriptionId],
  );
  return r.rows;
}

/** Waits until the subscription's deliveries match `expected` (the worker records outcomes after the receiver answers). */
async function deliveriesReach(subscriptionId: string, expected: Partial<DeliveryState>[]): Promise<DeliveryState[]> {
  await vi.waitFor(async () => expect(await deliveries(subscriptionId)).toMatchObject(expected), { timeout: 10_000, interval: 20 });
  return deliveries(subscriptionId);
}

/** A receiver failing with 500, 501, 502… on successive requests, so each attempt's recorded outcome is told apart from the lease taken before it. */
const failingDifferently = () => ({ status: 499 + rx.received.length });

describe('webhook back-off', () => {
  it('waits 5 s doubling per attempt up to an hour, half of it fixed and half random', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 1))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect([1, 2, 3].map((n) => backoffMs(n, () => 0))).toEqual([2_500, 5_000, 10_000]);
    expect(backoffMs(11, () => 1)).toBe(3_600_000);
    expect(backoffMs(50, () => 0)).toBe(1_800_000);
  });
});

describe('webhook delivery', () => {
  it('posts each change after the subscription to the callback, signed with the subscription secret', async () => {
    startWorker();
    await t.request.post('/assets').send({ codigo_interno: 'WH-OLD', nombre: 'before' }).expect(201);
    const sub = await subscribe();
    await t.request.post('/assets').send({ codigo_interno: 'WH-1', nombre: 'Turbina 1', valor_adquisicion: 1234.5678 }).expect(201);
    await deliveriesReach(sub.id, [{ record_key: 'WH-1', status: 'delivered', attempts: 1, last_status: 200 }]);
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
    startWorker();
    await t.request.post('/assets').send({ codigo_interno: 'WH-DEL', nombre: 'x' }).expect(201);
    const sub = await subscribe('/webhooks/assets', { events: 'delete' });
    await t.request.patch('/assets/WH-DEL').send({ nombre: 'y' }).expect(200);
    await t.request.delete('/assets/WH-DEL').expect(204);
    await deliveriesReach(sub.id, [{ record_key: 'WH-DEL', status: 'delivered' }]);
    await quietPeriod();
    expect(rx.received.map((r) => r.json.eventType)).toEqual(['asset.deleted']);
    expect(rx.received[0]!.json).toMatchObject({ key: 'WH-DEL', operation: 'delete', record: { msdyn_assetnumber: 'WH-DEL' }, data: { codigo_interno: 'WH-DEL' } });
    expect(notificationProblems('/webhooks/assets', rx.received[0]!.json)).toEqual([]);
  });

  it('honours the site filter', async () => {
    startWorker();
    const sub = await subscribe('/webhooks/assets', { sitio: 'NORTE' });
    await t.request.post('/assets').send({ codigo_interno: 'WH-N', nombre: 'n', sitio: 'NORTE' }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'WH-S', nombre: 's', sitio: 'SUR' }).expect(201);
    await deliveriesReach(sub.id, [{ record_key: 'WH-N', status: 'delivered' }]);
    await outboxSettled(t.db);
    expect(rx.received.map((r) => r.json.key)).toEqual(['WH-N']);
    expect(await deliveries(sub.id)).toHaveLength(1);
  });

  it('after DELETE of the subscription, nothing more is delivered to it', async () => {
    startWorker();
    const sub = await subscribe();
    await t.request.post('/assets').send({ codigo_interno: 'WH-STOP-1', nombre: 'x' }).expect(201);
    await rx.waitFor(1);
    await t.request.delete(new URL(sub.location).pathname).expect(204);
    await t.request.post('/assets').send({ codigo_interno: 'WH-STOP-2', nombre: 'x' }).expect(201);
    await quietPeriod();
    expect(rx.received.map((r) => r.json.key)).toEqual(['WH-STOP-1']);
    expect(await deliveries(sub.id)).toEqual([]);
  });

  it('when the receiver fails, retries with exponential back-off and sends the same event again', async () => {
    startWorker();
    const sub = await subscribe();
    rx.answer = failingDifferently;
    const start = clock.getTime();
    await t.request.post('/assets').send({ codigo_interno: 'WH-RETRY', nombre: 'x' }).expect(201);
    let [d] = await deliveriesReach(sub.id, [{ status: 'pending', attempts: 1, last_status: 500 }]);
    const firstWait = d!.next_attempt_at.getTime() - start;
    expect(firstWait).toBeGreaterThanOrEqual(2_500);
    expect(firstWait).toBeLessThanOrEqual(5_000);
    // A millisecond before it is due, the worker leaves it alone.
    setClock(new Date(d!.next_attempt_at.getTime() - 1));
    await quietPeriod();
    expect(rx.received).toHaveLength(1);
    at(1);
    [d] = await deliveriesReach(sub.id, [{ status: 'pending', attempts: 2, last_status: 501 }]);
    const secondWait = d!.next_attempt_at.getTime() - clock.getTime();
    expect(secondWait).toBeGreaterThanOrEqual(5_000);
    expect(secondWait).toBeLessThanOrEqual(10_000);
    rx.answer = () => ({ status: 204 });
    setClock(d!.next_attempt_at);
    await deliveriesReach(sub.id, [{ status: 'delivered', attempts: 3, last_status: 204 }]);
    expect(rx.received).toHaveLength(3);
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1);
    expect(new Set(rx.received.map((r) => r.headers['x-cmms-event-id'])).size).toBe(1);
  });

  it('waits the Retry-After the receiver asks for', async () => {
    startWorker();
    const sub = await subscribe();
    rx.answer = () => ({ status: 429, headers: { 'retry-after': '120' } });
    await t.request.post('/assets').send({ codigo_interno: 'WH-RA', nombre: 'x' }).expect(201);
    const [d] = await deliveriesReach(sub.id, [{ status: 'pending', attempts: 1, last_status: 429 }]);
    expect(d!.next_attempt_at.getTime() - clock.getTime()).toBe(120_000);
    rx.answer = () => ({ status: 200 });
    at(119_000);
    await quietPeriod();
    expect(rx.received).toHaveLength(1);
    at(1_000);
    await deliveriesReach(sub.id, [{ status: 'delivered', attempts: 2, last_status: 200 }]);
  });

  it('after the maximum attempts, dead-letters the delivery, lists it for operators and redelivers it on request', async () => {
    startWorker();
    const sub = await subscribe();
    rx.answer = failingDifferently;
    await t.request.post('/assets').send({ codigo_interno: 'WH-DEAD', nombre: 'x' }).expect(201);
    await deliveriesReach(sub.id, [{ status: 'pending', attempts: 1, last_status: 500 }]);
    at(3_600_000 / 4);
    await deliveriesReach(sub.id, [{ status: 'pending', attempts: 2, last_status: 501 }]);
    at(3_600_000 / 4);
    await deliveriesReach(sub.id, [{ status: 'dead', attempts: 3, last_status: 502 }]);
    at(3_600_000 / 4);
    await quietPeriod();
    expect(rx.received).toHaveLength(3);
    const list = await t.request.get('/webhook-deliveries').query({ status: 'dead' }).expect(200);
    expect(list.body.value).toEqual([expect.objectContaining({ key: 'WH-DEAD', status: 'dead', attempts: 3, lastStatus: 502, lastError: 'receiver answered 502', callbackHost: new URL(rx.url).host })]);
    expect(JSON.stringify(list.body)).not.toContain(sub.secret);
    rx.answer = () => ({ status: 200 });
    const again = await t.request.post(`/webhook-deliveries/${list.body.value[0].id}/redeliver`).expect(200);
    expect(again.body).toMatchObject({ status: 'pending', attempts: 0 });
    await deliveriesReach(sub.id, [{ status: 'delivered', attempts: 1, last_status: 200 }]);
    expect(rx.received).toHaveLength(4);
    expect((await t.request.post(`/webhook-deliveries/${list.body.value[0].id}/redeliver`)).status).toBe(409);
  });

  it('dead-letters a delivery whose next attempt would fall after its maximum age', async () => {
    startWorker();
    const sub = await subscribe();
    rx.answer = () => ({ status: 500, headers: { 'retry-after': '7200' } });
    await t.request.post('/assets').send({ codigo_interno: 'WH-OLDAGE', nombre: 'x' }).expect(201);
    await deliveriesReach(sub.id, [{ status: 'dead', attempts: 1, last_status: 500 }]);
  });

  it("never sends a record's later event before the earlier one is delivered or dead, while other records flow", async () => {
    startWorker();
    const sub = await subscribe();
    // WH-A's first version fails with 500, 501, 502 on its three attempts; everything else succeeds.
    const a1Attempts = () => rx.received.filter((r) => r.json.key === 'WH-A' && r.json.version === 1).length;
    rx.answer = (r) => ({ status: r.json.key === 'WH-A' && r.json.version === 1 ? 499 + a1Attempts() : 200 });
    await t.request.post('/assets').send({ codigo_interno: 'WH-A', nombre: 'v1' }).expect(201);
    await t.request.patch('/assets/WH-A').send({ nombre: 'v2' }).expect(200);
    await t.request.post('/assets').send({ codigo_interno: 'WH-B', nombre: 'b' }).expect(201);
    const sent = (key: string) => rx.received.filter((r) => r.json.key === key).map((r) => r.json.version);
    await deliveriesReach(sub.id, [{ record_key: 'WH-A', last_status: 500 }, { record_key: 'WH-A', attempts: 0 }, { record_key: 'WH-B', status: 'delivered' }]);
    expect(sent('WH-A')).toEqual([1]);
    expect(sent('WH-B')).toEqual([1]);
    at(5_000);
    await deliveriesReach(sub.id, [{ record_key: 'WH-A', status: 'pending', last_status: 501 }, { attempts: 0 }, { status: 'delivered' }]);
    expect(sent('WH-A')).toEqual([1, 1]);
    at(10_000);
    // The third failure dead-letters version 1; version 2 may go now.
    await deliveriesReach(sub.id, [{ status: 'dead', last_status: 502 }, { status: 'delivered' }, { status: 'delivered' }]);
    expect(sent('WH-A')).toEqual([1, 1, 1, 2]);
  });

  it('a redirect from the receiver counts as a failure and is not followed', async () => {
    startWorker();
    const sub = await subscribe();
    rx.answer = () => ({ status: 307, headers: { location: 'http://169.254.169.254/latest' } });
    await t.request.post('/assets').send({ codigo_interno: 'WH-REDIR', nombre: 'x' }).expect(201);
    await deliveriesReach(sub.id, [{ status: 'pending', attempts: 1, last_status: 307 }]);
    await quietPeriod();
    expect(rx.received).toHaveLength(1);
  });
});

describe('outbox housekeeping', () => {
  it('dead-letters at once on 410 Gone; drops delivered rows after a week, keeping dead letters and recent rows', async () => {
    startWorker();
    const sub = await subscribe();
    rx.answer = (r) => ({ status: r.json.key === 'WH-PRUNE-DEAD' ? 410 : 200 });
    await t.request.post('/assets').send({ codigo_interno: 'WH-PRUNE-OK', nombre: 'x' }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'WH-PRUNE-DEAD', nombre: 'x' }).expect(201);
    await deliveriesReach(sub.id, [{ record_key: 'WH-PRUNE-OK', status: 'delivered' }, { record_key: 'WH-PRUNE-DEAD', status: 'dead', attempts: 1, last_status: 410 }]);
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
    // The worker starts after the last write (as after a restart), so every event is built after it.
    startWorker();
    await outboxSettled(t.db);
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
