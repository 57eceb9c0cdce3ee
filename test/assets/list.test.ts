import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clock = new Date('2026-01-01T00:00:00Z');
beforeAll(async () => {
  t = await createTestApp({ now: () => clock });
  await t.db.transaction(async (tx) => {
    for (let i = 0; i < 150; i++) {
      await tx.query('INSERT INTO assets (codigo_interno, nombre, sitio, categoria, estado_operativo, updated_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        `A-${String(i).padStart(3, '0')}`, `Asset ${i}`, i % 2 ? 'SE-NORTE' : 'PE-VIENTOS', i % 3 ? 'turbina' : 'transformador', i % 5 ? 'operativo' : 'en_mantenimiento', new Date('2025-06-01T00:00:00Z'),
      ]);
    }
  });
});

describe('ListAssets', () => {
  it('pages through 150 assets without loss or repetition by following nextLink', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/assets?top=40';
    let pages = 0;
    while (url) {
      const res: { body: { value: { codigo_interno: string }[]; nextLink?: string } } = await t.request.get(url).expect(200);
      seen.push(...res.body.value.map((a) => a.codigo_interno));
      const next: string | undefined = res.body.nextLink;
      if (next) expect(next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/assets\?/);
      url = next ? new URL(next).pathname + new URL(next).search : undefined;
      pages++;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(150);
    expect(new Set(seen).size).toBe(150);
    expect(seen).toEqual([...seen].sort());
  });

  it('keeps the filters in nextLink', async () => {
    const res = await t.request.get('/assets?top=10&sitio=SE-NORTE').expect(200);
    expect(res.body.value.every((a: { sitio: string }) => a.sitio === 'SE-NORTE')).toBe(true);
    expect(new URL(res.body.nextLink).searchParams.get('sitio')).toBe('SE-NORTE');
  });

  it('uses a default page size of 100', async () => {
    const res = await t.request.get('/assets').expect(200);
    expect(res.body.value).toHaveLength(100);
    expect(res.body.nextLink).toBeDefined();
  });

  it('filters by operating status and category', async () => {
    const res = await t.request.get('/assets?top=1000&estado_operativo=en_mantenimiento&categoria=transformador').expect(200);
    expect(res.body.value.length).toBe(10);
    expect(res.body.nextLink).toBeUndefined();
  });

  it('filters by changedSince', async () => {
    clock = new Date('2026-02-01T00:00:00Z');
    await t.request.patch('/assets/A-007').send({ nombre: 'Renamed' }).expect(200);
    const res = await t.request.get('/assets?changedSince=2026-01-15').expect(200);
    expect(res.body.value.map((a: { codigo_interno: string }) => a.codigo_interno)).toEqual(['A-007']);
  });

  it('when an unknown status is given, answers 400 naming estado_operativo', async () => {
    const res = await t.request.get('/assets?estado_operativo=roto');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/query/estado_operativo');
  });
});

describe('ListSites', () => {
  it('lists the sites with their asset counts', async () => {
    const res = await t.request.get('/sites').expect(200);
    expect(res.body.value).toEqual([
      { code: 'PE-VIENTOS', name: 'PE-VIENTOS (75)', assetCount: 75 },
      { code: 'SE-NORTE', name: 'SE-NORTE (75)', assetCount: 75 },
    ]);
  });
});
