import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { outboxSettled, startTestWebhookWorker } from '../support/webhooks.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const dir = mkdtempSync(join(tmpdir(), 'cmms-wh-map-'));
let t: TestApp;
let rx: Receiver;
beforeAll(async () => {
  // A mapping file with an option set that knows one category only.
  const mapping = JSON.parse(readFileSync(new URL('../../api/src/sync/mappings/documented.json', import.meta.url), 'utf8'));
  mapping.entities.assets.columns.push({ source: 'categoria', column: 'cr_category', type: 'optionset', options: [{ value: 'turbina', optionValue: 1 }] });
  writeFileSync(join(dir, 'mapping.json'), JSON.stringify(mapping));
  t = await createTestApp({ env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', MAPPING_FILE: join(dir, 'mapping.json') } });
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('events that cannot be built', () => {
  it('become dead letters naming the reason, and later events still flow', async () => {
    startTestWebhookWorker(t);
    await t.request.post('/webhooks/assets').send({ callbackUrl: rx.url }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'EV-BAD', nombre: 'x', categoria: 'medidor' }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'EV-OK', nombre: 'y', categoria: 'turbina' }).expect(201);
    await outboxSettled(t.db);
    expect(rx.received.map((r) => r.json.key)).toEqual(['EV-OK']);
    expect(rx.received[0]!.json.record).toMatchObject({ cr_category: 1 });
    const dead = await t.request.get('/webhook-deliveries').query({ status: 'dead' }).expect(200);
    expect(dead.body.value).toEqual([expect.objectContaining({ key: 'EV-BAD', attempts: 0, lastError: expect.stringMatching(/could not be built.*medidor/) })]);
  });

  it('a receiver that cannot be reached is retried with the reason recorded', async () => {
    await t.db.query('DELETE FROM webhook_subscriptions');
    const closed = await startReceiver();
    await closed.close();
    startTestWebhookWorker(t);
    const sub = await t.request.post('/webhooks/assets').send({ callbackUrl: closed.url }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'EV-DOWN', nombre: 'z', categoria: 'turbina' }).expect(201);
    // The first retry is due 2.5-5 s later: the recorded failure is seen well before it.
    await vi.waitFor(async () => {
      const list = await t.request.get('/webhook-deliveries').query({ subscriptionId: sub.body.id }).expect(200);
      expect(list.body.value).toEqual([
        expect.objectContaining({ status: 'pending', attempts: 1, lastStatus: null, lastError: 'request failed: fetch failed (ECONNREFUSED)' }),
      ]);
    }, { timeout: 2_000, interval: 20 });
  });
});
