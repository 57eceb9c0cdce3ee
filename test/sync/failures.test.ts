import { beforeEach, describe, expect, it } from 'vitest';
import { acknowledge } from '../../api/src/sync/acknowledge.ts';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ env: { SYNC_MAX_ATTEMPTS: '3' } });
});

async function asset(key: string) {
  await t.request.post('/assets').send({ codigo_interno: key, nombre: `Asset ${key}` }).expect(201);
}

async function page(consumer: string, limit = 100) {
  const res = await t.request.get('/sync/assets/changes').query({ consumer, limit }).expect(200);
  return res.body as { items: { key: string }[]; cursor: string; hasMore: boolean };
}

function fail(consumer: string, cursor: string, key: string, error = 'Dataverse answered 400: msdyn_name is required') {
  return t.request.post('/sync/acknowledgements').send({ consumer, entity: 'assets', cursor, results: [{ key, ok: false, error }] }).expect(200);
}

describe('failed records', () => {
  it('are offered again first on the next pages, and parked after SYNC_MAX_ATTEMPTS failed attempts', async () => {
    await asset('F1');
    let p = await page('f');
    const first = await fail('f', p.cursor, 'F1');
    expect(first.body).toMatchObject({ applied: true, failed: 1, parked: [] });
    expect((await t.request.get('/assets/F1')).body.dynamics_sync_error).toBe('Dataverse answered 400: msdyn_name is required');
    await asset('F2');
    p = await page('f');
    expect(p.items.map((i) => i.key)).toEqual(['F1', 'F2']);
    await t.request.post('/sync/acknowledgements').send({ consumer: 'f', entity: 'assets', cursor: p.cursor, results: [{ key: 'F1', ok: false, error: 'again' }, { key: 'F2', ok: true }] }).expect(200);
    p = await page('f');
    expect(p.items.map((i) => i.key)).toEqual(['F1']);
    const third = await fail('f', p.cursor, 'F1', 'third time');
    expect(third.body.parked).toEqual(['F1']);
    expect((await page('f')).items).toEqual([]);
    const list = await t.request.get('/sync/failures').query({ parked: true }).expect(200);
    expect(list.body.value).toMatchObject([{ consumer: 'f', entity: 'assets', key: 'F1', attempts: 3, lastError: 'third time', parked: true }]);
  });

  it('a later success clears the failure and the record error', async () => {
    await asset('G1');
    let p = await page('g');
    await fail('g', p.cursor, 'G1');
    p = await page('g');
    await t.request.post('/sync/acknowledgements').send({ consumer: 'g', entity: 'assets', cursor: p.cursor, results: [{ key: 'G1', ok: true, dynamicsId: 'abc' }] }).expect(200);
    expect((await t.request.get('/sync/failures').query({ consumer: 'g' })).body.value).toEqual([]);
    expect((await t.request.get('/assets/G1')).body).toMatchObject({ dynamics_id: 'abc', dynamics_sync_error: null });
  });

  it('RetrySyncFailure puts a parked record back in the feed with a fresh attempt budget', async () => {
    await asset('R1');
    for (let i = 0; i < 3; i++) await fail('r', (await page('r')).cursor, 'R1');
    const [failure] = (await t.request.get('/sync/failures').query({ entity: 'assets', consumer: 'r', parked: true })).body.value;
    expect(failure.parked).toBe(true);
    const retried = await t.request.post(`/sync/failures/${failure.id}/retry`).expect(200);
    expect(retried.body).toMatchObject({ id: failure.id, parked: false, attempts: 0 });
    expect((await page('r')).items.map((i) => i.key)).toEqual(['R1']);
  });

  it('a retried record the acknowledgement does not report as failed counts as written: its failure is cleared and it is not offered again', async () => {
    await asset('W1');
    await fail('w', (await page('w')).cursor, 'W1');
    const retry = await page('w');
    expect(retry.items.map((i) => i.key)).toEqual(['W1']);
    // A flow that reports only its failures: nothing failed on this page.
    await t.request.post('/sync/acknowledgements').send({ consumer: 'w', entity: 'assets', cursor: retry.cursor, results: [] }).expect(200);
    expect((await page('w')).items).toEqual([]);
    expect((await t.request.get('/sync/failures').query({ consumer: 'w' })).body.value).toEqual([]);
    expect((await t.request.get('/assets/W1')).body.dynamics_sync_error).toBeNull();
  });

  it('a parked record changed again and acknowledged without a failure is no longer parked', async () => {
    await asset('PK1');
    for (let i = 0; i < 3; i++) await fail('pk', (await page('pk')).cursor, 'PK1');
    expect((await t.request.get('/sync/failures').query({ consumer: 'pk', parked: true })).body.value).toHaveLength(1);
    await t.request.patch('/assets/PK1').send({ nombre: 'fixed at the source' }).expect(200);
    const p = await page('pk');
    expect(p.items.map((i) => i.key)).toEqual(['PK1']);
    await t.request.post('/sync/acknowledgements').send({ consumer: 'pk', entity: 'assets', cursor: p.cursor }).expect(200);
    expect((await t.request.get('/sync/failures').query({ consumer: 'pk' })).body.value).toEqual([]);
  });

  it('when a result names a record the page did not offer, answers 400 naming that result and records nothing', async () => {
    await asset('IN1');
    const p = await page('strict');
    const res = await t.request.post('/sync/acknowledgements').send({
      consumer: 'strict', entity: 'assets', cursor: p.cursor,
      results: [{ key: 'IN1', ok: true }, { key: 'NOT-IN-PAGE', ok: false, error: 'x' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body/results/1/key', rule: 'in-page' });
    expect((await t.request.get('/sync/failures').query({ consumer: 'strict' })).body.value).toEqual([]);
    expect((await page('strict')).items.map((i) => i.key)).toEqual(['IN1']);
  });

  it('RetrySyncFailure with an unknown id answers 404', async () => {
    expect((await t.request.post('/sync/failures/999999/retry')).status).toBe(404);
  });

  it('ListSyncFailures filters by entity and consumer', async () => {
    await asset('L1');
    await fail('one', (await page('one')).cursor, 'L1');
    await fail('two', (await page('two')).cursor, 'L1');
    expect((await t.request.get('/sync/failures').query({ consumer: 'two' })).body.value.map((f: { consumer: string }) => f.consumer)).toEqual(['two']);
    expect((await t.request.get('/sync/failures').query({ entity: 'purchaseOrders' })).body.value).toEqual([]);
    expect((await t.request.get('/sync/failures').query({ parked: false })).body.value).toHaveLength(2);
  });

  it('concurrent acknowledgements of one page count its failures once and never move the position back', async () => {
    await asset('C1');
    const p1 = await page('conc');
    await asset('C2');
    const p2 = await page('conc');
    const input = (cursor: string) => ({ consumer: 'conc', entity: 'assets' as const, cursor, results: [{ key: 'C1', ok: false, error: 'x' }] });
    const now = new Date();
    const outcomes = await Promise.all([
      t.db.transaction((tx) => acknowledge(tx, input(p2.cursor), 3, now)),
      t.db.transaction((tx) => acknowledge(tx, input(p2.cursor), 3, now)),
      t.db.transaction((tx) => acknowledge(tx, input(p1.cursor), 3, now)),
    ]);
    expect(outcomes.filter((o) => o.applied && o.failed === 1).length).toBeGreaterThanOrEqual(1);
    const counted = await t.db.query<{ attempts: number }>("SELECT attempts FROM sync_failures WHERE consumer = 'conc'");
    // p2 once; p1 may apply before p2 (then it is a second, legitimate attempt) but never after it.
    expect(counted.rows[0]!.attempts).toBeLessThanOrEqual(2);
    const pos = await t.db.query<{ acked_seq: number }>("SELECT acked_seq FROM sync_consumers WHERE consumer = 'conc'");
    const head = await t.db.query<{ s: number }>("SELECT max(seq) AS s FROM change_log WHERE entity = 'assets'");
    expect(Number(pos.rows[0]!.acked_seq)).toBe(Number(head.rows[0]!.s));
  });
});
