import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

const base = { justificacion: 'Aceite dieléctrico para T1', total: 1500.25 };

async function create(key: string, extra: Record<string, unknown> = {}) {
  return t.request.post('/purchase-orders').send({ numero_requisicion: key, ...base, ...extra }).expect(201);
}

describe('CreatePurchaseOrder', () => {
  it('starts in borrador with fecha_creacion now and returns Location and exact total', async () => {
    const res = await t.request.post('/purchase-orders').set('content-type', 'application/json')
      .send('{"numero_requisicion":"REQ-1","justificacion":"x","total":123456789012345.1234}');
    expect(res.status).toBe(201);
    expect(res.headers.location).toMatch(/\/purchase-orders\/REQ-1$/);
    expect(res.text).toContain('"total":123456789012345.1234');
    expect(res.body).toMatchObject({ estado: 'borrador', moneda: 'USD', lineas: [], version: 1 });
    expect(Date.parse(res.body.fecha_creacion)).not.toBeNaN();
  });

  it('starts in pendiente when asked', async () => {
    const res = await create('REQ-2', { estado: 'pendiente' });
    expect(res.body.estado).toBe('pendiente');
  });

  it('when estado is aprobada on create, answers 400 naming estado', async () => {
    const res = await t.request.post('/purchase-orders').send({ numero_requisicion: 'REQ-3', ...base, estado: 'aprobada' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body/estado', rule: 'enum' });
  });

  it('numbers lines in order and keeps their decimals exact', async () => {
    const res = await t.request.post('/purchase-orders').set('content-type', 'application/json').send(JSON.stringify({
      numero_requisicion: 'REQ-4', ...base,
      lineas: [{ descripcion: 'Aceite', cantidad: 2.5, unidad: 'l', precio_unitario: 10.1234 }, { descripcion: 'Filtro', cantidad: 1, precio_unitario: 0.5, codigo_interno: 'TR-1' }],
    }));
    expect(res.status).toBe(201);
    expect(res.body.lineas).toEqual([
      { linea: 1, descripcion: 'Aceite', cantidad: 2.5, unidad: 'l', precio_unitario: 10.1234 },
      { linea: 2, descripcion: 'Filtro', cantidad: 1, precio_unitario: 0.5, codigo_interno: 'TR-1' },
    ]);
  });

  it('when two lines share a number, answers 400 naming the second line', async () => {
    const res = await t.request.post('/purchase-orders').send({
      numero_requisicion: 'REQ-5', ...base,
      lineas: [{ linea: 1, descripcion: 'a', cantidad: 1, precio_unitario: 1 }, { linea: 1, descripcion: 'b', cantidad: 1, precio_unitario: 1 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body/lineas/1/linea', rule: 'unique' });
  });

  it('when a line quantity is zero, answers 400 naming it', async () => {
    const res = await t.request.post('/purchase-orders').send({ numero_requisicion: 'REQ-6', ...base, lineas: [{ descripcion: 'a', cantidad: 0, precio_unitario: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/body/lineas/0/cantidad');
  });

  for (const [what, body, field] of [
    ['total is negative', { numero_requisicion: 'REQ-7', justificacion: 'x', total: -1 }, '/body/total'],
    ['total is missing', { numero_requisicion: 'REQ-8', justificacion: 'x' }, '/body/total'],
    ['justificacion is empty', { numero_requisicion: 'REQ-9', justificacion: '', total: 1 }, '/body/justificacion'],
    ['moneda is not ISO 4217', { numero_requisicion: 'REQ-10', justificacion: 'x', total: 1, moneda: 'dollars' }, '/body/moneda'],
    ['fecha_creacion is impossible', { numero_requisicion: 'REQ-11', justificacion: 'x', total: 1, fecha_creacion: '2026-13-01' }, '/body/fecha_creacion'],
  ] as const) {
    it(`when ${what}, answers 400 naming ${field} and stores nothing`, async () => {
      const res = await t.request.post('/purchase-orders').send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      await t.request.get(`/purchase-orders/${body.numero_requisicion}`).expect(404);
    });
  }

  it('when the number exists, answers 409 naming numero_requisicion', async () => {
    await create('REQ-12');
    const res = await t.request.post('/purchase-orders').send({ numero_requisicion: 'REQ-12', ...base });
    expect(res.status).toBe(409);
    expect(res.body.errors[0].field).toBe('/body/numero_requisicion');
  });
});

describe('UpdatePurchaseOrder: the approval process', () => {
  it('moves borrador → pendiente → aprobada → ordenada → recibida', async () => {
    await create('P-1');
    for (const estado of ['pendiente', 'aprobada', 'ordenada', 'recibida']) {
      const res = await t.request.patch('/purchase-orders/P-1').send({ estado }).expect(200);
      expect(res.body.estado).toBe(estado);
    }
  });

  it('when a transition is not allowed, answers 409 listing the allowed statuses', async () => {
    await create('P-2');
    const res = await t.request.patch('/purchase-orders/P-2').send({ estado: 'aprobada' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INVALID_TRANSITION');
    expect(res.body.allowedStatuses).toEqual(['pendiente', 'cancelada']);
    expect((await t.request.get('/purchase-orders/P-2')).body.estado).toBe('borrador');
  });

  it('cancels from any status that is not final, and never from a final one', async () => {
    await create('P-3', { estado: 'pendiente' });
    await t.request.patch('/purchase-orders/P-3').send({ estado: 'cancelada' }).expect(200);
    const res = await t.request.patch('/purchase-orders/P-3').send({ estado: 'pendiente' });
    expect(res.status).toBe(409);
    expect(res.body.allowedStatuses).toEqual([]);
  });

  it('rejects from pendiente, and rechazada is final', async () => {
    await create('P-4', { estado: 'pendiente' });
    await t.request.patch('/purchase-orders/P-4').send({ estado: 'rechazada' }).expect(200);
    await t.request.patch('/purchase-orders/P-4').send({ estado: 'cancelada' }).expect(409);
  });

  it('when If-Match is stale, answers 412', async () => {
    await create('P-5');
    await t.request.patch('/purchase-orders/P-5').set('If-Match', '"3"').send({ total: 1 }).expect(412);
  });

  it('when the status is unknown, answers 400 naming estado', async () => {
    await create('P-6');
    const res = await t.request.patch('/purchase-orders/P-6').send({ estado: 'perdida' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/body/estado');
  });
});

describe('ListPurchaseOrders', () => {
  it('filters by estado and pages with an absolute nextLink', async () => {
    for (let i = 0; i < 5; i++) await create(`L-${i}`, { estado: 'pendiente' });
    const res = await t.request.get('/purchase-orders?estado=pendiente&top=3').expect(200);
    expect(res.body.value).toHaveLength(3);
    expect(res.body.value.every((p: { estado: string }) => p.estado === 'pendiente')).toBe(true);
    expect(res.body.nextLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/purchase-orders\?.*estado=pendiente/);
  });

  it('filters by site and by changedSince, and pages through 120 orders without loss or repetition', async () => {
    await create('S-1', { sitio: 'PE-LOSANDES' });
    await create('S-2', { sitio: 'SE-NORTE' });
    const bySite = await t.request.get('/purchase-orders?sitio=PE-LOSANDES').expect(200);
    expect(bySite.body.value.map((p: { numero_requisicion: string }) => p.numero_requisicion)).toEqual(['S-1']);
    const mark = new Date(Date.now() + 60_000).toISOString();
    expect((await t.request.get(`/purchase-orders?changedSince=${encodeURIComponent(mark)}`).expect(200)).body.value).toEqual([]);
    for (let i = 0; i < 120; i++) await create(`PG-${String(i).padStart(3, '0')}`);
    const seen: string[] = [];
    let next: string | undefined = '/purchase-orders?top=25';
    while (next) {
      const page: { body: { value: { numero_requisicion: string }[]; nextLink?: string } } = await t.request.get(next.replace(/^http:\/\/[^/]+/, '')).expect(200);
      seen.push(...page.body.value.map((p) => p.numero_requisicion));
      next = page.body.nextLink;
    }
    const all = (await t.db.query<{ k: string }>('SELECT numero_requisicion AS k FROM purchase_orders ORDER BY 1')).rows.map((r) => r.k);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
