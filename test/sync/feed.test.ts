import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});

async function asset(key: string, extra: Record<string, unknown> = {}) {
  await t.request.post('/assets').send({ codigo_interno: key, nombre: `Asset ${key}`, ...extra }).expect(201);
}

async function changes(consumer: string, limit?: number) {
  const res = await t.request.get('/sync/assets/changes').query({ consumer, ...(limit ? { limit } : {}) });
  expect(res.status).toBe(200);
  return res.body as { items: { operation: string; key: string; version: number; seq: number; record: Record<string, unknown> }[]; cursor: string; hasMore: boolean };
}

function ack(consumer: string, cursor: string, results?: unknown[]) {
  return t.request.post('/sync/acknowledgements').send({ consumer, entity: 'assets', cursor, ...(results ? { results } : {}) });
}

describe('GetAssetChanges', () => {
  it('returns each changed asset once at its latest state, oldest first, in Dynamics column names with exact decimals', async () => {
    await t.request.post('/assets').set('content-type', 'application/json')
      .send('{"codigo_interno":"A1","nombre":"x","valor_adquisicion":12345678901234.5678,"fecha_adquisicion":"2021-03-04"}').expect(201);
    await asset('A2');
    await t.request.patch('/assets/A1').send({ nombre: 'Renamed' }).expect(200);
    await asset('A3');
    await t.request.delete('/assets/A2').expect(204);
    const res = await t.request.get('/sync/assets/changes').query({ consumer: 'flow-assets' }).expect(200);
    const page = res.body;
    expect(page.items.map((i: { key: string }) => i.key)).toEqual(['A1', 'A3', 'A2']);
    expect(page.items[0]).toMatchObject({
      operation: 'upsert', key: 'A1', version: 2,
      record: { msdyn_assetnumber: 'A1', msdyn_name: 'Renamed', msdyn_acquisitiondate: '2021-03-04T00:00:00.000Z', msdyn_serialid: null },
    });
    expect(res.text).toContain('"msdyn_acquisitioncost":12345678901234.5678');
    expect(page.items[2]).toEqual({ operation: 'delete', key: 'A2', version: expect.any(Number), seq: expect.any(Number), record: { msdyn_assetnumber: 'A2' } });
    expect(page.items[0].seq).toBeLessThan(page.items[1].seq);
    expect(page.hasMore).toBe(false);
    expect(typeof page.cursor).toBe('string');
  });

  it('returns the same changes again until they are acknowledged, then only newer ones', async () => {
    await asset('B1');
    await asset('B2');
    const first = await changes('c1');
    const again = await changes('c1');
    expect(again.items.map((i) => i.key)).toEqual(['B1', 'B2']);
    expect(again.items).toEqual(first.items);
    expect((await ack('c1', first.cursor)).body).toMatchObject({ applied: true });
    expect((await changes('c1')).items).toEqual([]);
    await asset('B3');
    expect((await changes('c1')).items.map((i) => i.key)).toEqual(['B3']);
  });

  it('pages with limit and hasMore, and a record changed after the page comes only at its latest change', async () => {
    for (const k of ['P1', 'P2', 'P3', 'P4']) await asset(k);
    await t.request.patch('/assets/P1').send({ nombre: 'later' }).expect(200);
    const p1 = await changes('pager', 2);
    // P1 changed again after this window, so it is left for the page holding its latest change.
    expect(p1.items.map((i) => i.key)).toEqual(['P2']);
    expect(p1.hasMore).toBe(true);
    await ack('pager', p1.cursor).expect(200);
    const p2 = await changes('pager', 2);
    expect(p2.items.map((i) => i.key)).toEqual(['P3', 'P4']);
    await ack('pager', p2.cursor).expect(200);
    const p3 = await changes('pager', 2);
    expect(p3.items).toMatchObject([{ key: 'P1', record: { msdyn_name: 'later' } }]);
    expect(p3.hasMore).toBe(false);
  });

  it('keeps consumers independent: one acknowledging does not move another', async () => {
    await asset('M1');
    const a = await changes('flow-a');
    await ack('flow-a', a.cursor).expect(200);
    expect((await changes('flow-a')).items).toEqual([]);
    expect((await changes('flow-b')).items.map((i) => i.key)).toEqual(['M1']);
  });

  it('when consumer is missing or malformed, answers 400 naming consumer', async () => {
    const missing = await t.request.get('/sync/assets/changes');
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.errors)).toContain('consumer');
    const bad = await t.request.get('/sync/assets/changes').query({ consumer: 'no spaces allowed' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('/query/consumer');
  });

  it('when limit is over 1000, answers 400 naming limit', async () => {
    const res = await t.request.get('/sync/assets/changes').query({ consumer: 'x', limit: 1001 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/query/limit');
  });
});

describe('AcknowledgeChanges', () => {
  it('when the cursor was never issued, answers 400 naming cursor', async () => {
    const res = await ack('c', 'c1.AAAAAAAAAAAAAAAAAAAAAA');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body/cursor', rule: 'issued' });
    const garbage = await ack('c', 'not-a-cursor');
    expect(garbage.status).toBe(400);
  });

  it('when a cursor issued to another consumer is sent, answers 400 naming cursor', async () => {
    await asset('X1');
    const page = await changes('owner');
    const res = await ack('thief', page.cursor);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/body/cursor');
    expect((await changes('owner')).items.map((i) => i.key)).toEqual(['X1']);
  });

  it('treats a stale or repeated cursor as a harmless no-op', async () => {
    await asset('S1');
    const old = await changes('stale');
    await asset('S2');
    const newer = await changes('stale');
    expect((await ack('stale', newer.cursor)).body).toMatchObject({ applied: true });
    expect((await ack('stale', old.cursor)).body).toMatchObject({ applied: false, reason: 'stale' });
    expect((await ack('stale', newer.cursor)).body).toMatchObject({ applied: false, reason: 'repeated' });
    expect((await changes('stale')).items).toEqual([]);
  });

  it('records the Dynamics row id on the CMMS record for ok results, without a new version or change', async () => {
    await asset('D1');
    const page = await changes('ids');
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log');
    const res = await ack('ids', page.cursor, [{ key: 'D1', ok: true, dynamicsId: '6d81597f-0f9f-e711-8122-000d3aa2331c' }]);
    expect(res.body).toMatchObject({ applied: true, succeeded: 1, failed: 0 });
    const got = (await t.request.get('/assets/D1').expect(200)).body;
    expect(got).toMatchObject({ dynamics_id: '6d81597f-0f9f-e711-8122-000d3aa2331c', dynamics_sync_error: null, version: 1 });
    expect(got.dynamics_synced_at).toEqual(expect.any(String));
    const after = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM change_log');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });
});

describe('pruneSyncState', () => {
  it('drops cursors issued over a week ago and keeps recent ones', async () => {
    const { pruneSyncState } = await import('../../api/src/sync/feed.ts');
    await asset('PR1');
    const recent = await changes('prune');
    await t.db.query("INSERT INTO sync_cursors (id, consumer, entity, upto_seq, issued_at) VALUES ('old', 'prune', 'assets', 0, now() - interval '8 days')");
    expect(await pruneSyncState(t.db, new Date())).toBe(1);
    expect((await ack('prune', recent.cursor)).body).toMatchObject({ applied: true });
  });
});
