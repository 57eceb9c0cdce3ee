import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

describe('Idempotency-Key on POST', () => {
  it('replays the first answer for the same key and body, creating the asset once', async () => {
    const body = { codigo_interno: 'IDEM-1', nombre: 'Turbina', valor_adquisicion: 100.5 };
    const first = await t.request.post('/assets').set('Idempotency-Key', 'k-1').send(body).expect(201);
    const second = await t.request.post('/assets').set('Idempotency-Key', 'k-1').send({ nombre: 'Turbina', valor_adquisicion: 100.5, codigo_interno: 'IDEM-1' }).expect(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const n = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM change_log WHERE record_key = 'IDEM-1'");
    expect(n.rows[0]!.n).toBe(1);
  });

  it('when the same key comes with another body, answers 422 naming Idempotency-Key', async () => {
    await t.request.post('/assets').set('Idempotency-Key', 'k-2').send({ codigo_interno: 'IDEM-2', nombre: 'a' }).expect(201);
    const res = await t.request.post('/assets').set('Idempotency-Key', 'k-2').send({ codigo_interno: 'IDEM-3', nombre: 'b' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('/header/Idempotency-Key');
    await t.request.get('/assets/IDEM-3').expect(404);
  });

  it('without a key, a repeated create answers 409', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'IDEM-4', nombre: 'a' }).expect(201);
    await t.request.post('/assets').send({ codigo_interno: 'IDEM-4', nombre: 'a' }).expect(409);
  });

  it('a failed first attempt stores nothing, so a corrected retry with the same key succeeds', async () => {
    await t.request.post('/purchase-orders').set('Idempotency-Key', 'k-5').send({ numero_requisicion: 'R-5', justificacion: 'x', total: 1, lineas: [{ linea: 1, descripcion: 'a', cantidad: 1, precio_unitario: 1 }, { linea: 1, descripcion: 'b', cantidad: 1, precio_unitario: 1 }] }).expect(400);
    await t.request.post('/purchase-orders').set('Idempotency-Key', 'k-6').send({ numero_requisicion: 'R-6', justificacion: 'x', total: 1 }).expect(201);
    const again = await t.request.post('/purchase-orders').set('Idempotency-Key', 'k-6').send({ numero_requisicion: 'R-6', justificacion: 'x', total: 1 }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('concurrent requests with one key create one record and give the same answer', async () => {
    const body = { codigo_interno: 'IDEM-7', nombre: 'a' };
    const results = await Promise.all([1, 2, 3, 4].map(() => t.request.post('/assets').set('Idempotency-Key', 'k-7').send(body)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const rows = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM assets WHERE codigo_interno = 'IDEM-7'");
    expect(rows.rows[0]!.n).toBe(1);
  });
});
