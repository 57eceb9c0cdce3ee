import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

let n = 0;
async function po(estado = 'pendiente'): Promise<string> {
  const key = `REQ-${++n}`;
  await t.request.post('/purchase-orders').send({ numero_requisicion: key, justificacion: 'Repuestos', total: 100, estado }).expect(201);
  return key;
}

async function logCount(key: string): Promise<number> {
  const r = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM change_log WHERE entity = 'purchaseOrders' AND record_key = $1", [key]);
  return r.rows[0]!.n;
}

const status = (key: string, body: object) => t.request.post(`/purchase-orders/${key}/status`).send(body);

describe('SetPurchaseOrderStatus', () => {
  it('applies an allowed change with origin dynamics and answers with the purchase order', async () => {
    const key = await po();
    const res = await status(key, { estado: 'aprobada', modifiedon: '2026-01-01T10:00:00Z' }).expect(200);
    expect(res.body).toMatchObject({ applied: true, estado: 'aprobada', purchaseOrder: { numero_requisicion: key, estado: 'aprobada', version: 2 } });
    const log = await t.db.query("SELECT origin FROM change_log WHERE record_key = $1 ORDER BY seq DESC LIMIT 1", [key]);
    expect(log.rows[0]).toEqual({ origin: 'dynamics' });
  });

  it('when the status equals the current one, answers 200, changes nothing and writes no change-log entry', async () => {
    const key = await po();
    const before = await logCount(key);
    const res = await status(key, { estado: 'pendiente' }).expect(200);
    expect(res.body).toMatchObject({ applied: false, reason: 'unchanged', purchaseOrder: { version: 1 } });
    expect(await logCount(key)).toBe(before);
  });

  it('when modifiedon is older than the last applied Dynamics change, answers 200 and says it was ignored as stale', async () => {
    const key = await po();
    await status(key, { estado: 'aprobada', modifiedon: '2026-02-01T10:00:00Z' }).expect(200);
    const before = await logCount(key);
    const res = await status(key, { estado: 'cancelada', modifiedon: '2026-02-01T09:59:59Z' }).expect(200);
    expect(res.body).toMatchObject({ applied: false, reason: 'stale', estado: 'aprobada' });
    expect(await logCount(key)).toBe(before);
  });

  it('when the process forbids the transition, answers 409 naming the allowed statuses', async () => {
    const key = await po('borrador');
    const res = await status(key, { estado: 'recibida' });
    expect(res.status).toBe(409);
    expect(res.body.allowedStatuses).toEqual(['pendiente', 'cancelada']);
  });

  it('accepts the Dynamics option value (statuscode) of the mapping', async () => {
    const key = await po();
    const res = await status(key, { statuscode: 613540002 }).expect(200);
    expect(res.body).toMatchObject({ applied: true, estado: 'aprobada' });
  });

  it('when the status is unknown, answers 400 naming estado or 422 naming statuscode', async () => {
    const key = await po();
    const bad = await status(key, { estado: 'perdida' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('/body/estado');
    const code = await status(key, { statuscode: 42 });
    expect(code.status).toBe(422);
    expect(code.body.errors[0].field).toBe('/body/statuscode');
  });

  it('when both or neither of estado and statuscode are given, answers 400 naming both', async () => {
    const key = await po();
    for (const body of [{}, { estado: 'aprobada', statuscode: 613540002 }]) {
      const res = await status(key, body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['/body/estado', '/body/statuscode']);
    }
  });

  it('when the purchase order does not exist, answers 404', async () => {
    expect((await status('NOPE-1', { estado: 'aprobada' })).status).toBe(404);
  });

  it('ends the echo: CMMS change → feed → Dynamics write → call-back with the same status → no new change', async () => {
    const key = await po();
    const consumer = 'echo';
    const drain = async () => {
      const res = await t.request.get('/sync/purchase-orders/changes').query({ consumer, limit: 1000 }).expect(200);
      await t.request.post('/sync/acknowledgements').send({ consumer, entity: 'purchaseOrders', cursor: res.body.cursor }).expect(200);
      return res.body.items as { key: string; record: Record<string, unknown> }[];
    };
    await drain();
    await t.request.patch(`/purchase-orders/${key}`).send({ estado: 'aprobada' }).expect(200);
    const items = (await drain()).filter((i) => i.key === key);
    expect(items).toHaveLength(1);
    const written = items[0]!.record.statuscode as number; // what the flow writes to Dynamics
    expect(written).toBe(613540002);
    const echo = await status(key, { statuscode: written, modifiedon: new Date().toISOString() }).expect(200);
    expect(echo.body).toMatchObject({ applied: false, reason: 'unchanged' });
    expect((await drain()).filter((i) => i.key === key)).toEqual([]);
  });
});

describe('ListPurchaseOrderStatuses', () => {
  it('lists the seven statuses with display names and the mapping option values', async () => {
    const res = await t.request.get('/purchase-order-statuses').expect(200);
    expect(res.body.value).toHaveLength(7);
    expect(res.body.value[0]).toEqual({ estado: 'borrador', name: 'Draft', statuscode: 613540000 });
  });
});
