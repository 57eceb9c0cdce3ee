import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookWorker } from '../../api/src/webhooks/worker.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const env = { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_CONCURRENCY: '4' };
let a: TestApp;
let b: TestApp;
let rx: Receiver;
beforeAll(async () => {
  a = await createTestApp({ env });
  // A second API process on the same database: its own app, events and worker.
  b = await createTestApp({ env, db: a.db });
  rx = await startReceiver();
});
afterAll(() => rx.close());

describe('webhook worker', () => {
  it('wakes on a committed change instead of waiting for its poll', async () => {
    await a.request.post('/webhooks/assets').send({ callbackUrl: rx.url }).expect(201);
    const worker = startWebhookWorker(a.deps, { pollMs: 60_000 });
    try {
      await new Promise((r) => setTimeout(r, 200)); // the start-up pump finds nothing
      const started = Date.now();
      await a.request.post('/assets').send({ codigo_interno: 'WK-WAKE', nombre: 'x' }).expect(201);
      await rx.waitFor(1, 5_000);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(rx.received[0]!.json.key).toBe('WK-WAKE');
    } finally {
      await worker.stop();
    }
    await a.db.query('DELETE FROM webhook_subscriptions');
    rx.received.length = 0;
  });

  it('two processes on one database deliver every event once between them, in order per record', async () => {
    await a.request.post('/webhooks/assets').send({ callbackUrl: rx.url }).expect(201);
    rx.answer = () => ({ status: 200, delayMs: 20 });
    const workers = [startWebhookWorker(a.deps, { pollMs: 50 }), startWebhookWorker(b.deps, { pollMs: 50 })];
    try {
      const keys = Array.from({ length: 15 }, (_, i) => `WK-${i}`);
      for (const k of keys) {
        await a.request.post('/assets').send({ codigo_interno: k, nombre: 'v1' }).expect(201);
        await b.request.patch(`/assets/${k}`).send({ nombre: 'v2' }).expect(200);
      }
      await rx.waitFor(30, 20_000);
      await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up, were there one
      const ids = rx.received.map((r) => String(r.json.eventId));
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      for (const k of keys) {
        expect(rx.received.filter((r) => r.json.key === k).map((r) => r.json.version)).toEqual([1, 2]);
      }
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
});
