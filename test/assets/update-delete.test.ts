import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function create(key: string) {
  return t.request.post('/assets').send({ codigo_interno: key, nombre: 'Interruptor 52-1', valor_libros: 10.5 }).expect(201);
}

async function changes(key: string) {
  return (await t.db.query("SELECT operation, version FROM change_log WHERE entity = 'assets' AND record_key = $1 ORDER BY seq", [key])).rows;
}

describe('GetAsset', () => {
  it('answers the asset with its version as a strong ETag', async () => {
    await create('G-1');
    const res = await t.request.get('/assets/G-1').expect(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.codigo_interno).toBe('G-1');
  });

  it('when the asset does not exist, answers 404 problem+json', async () => {
    const res = await t.request.get('/assets/NOPE-1');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('finds keys that need URL encoding', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'SE/NORTE.T1', nombre: 'x' }).expect(201);
    const res = await t.request.get(`/assets/${encodeURIComponent('SE/NORTE.T1')}`).expect(200);
    expect(res.body.codigo_interno).toBe('SE/NORTE.T1');
  });
});

describe('UpdateAsset', () => {
  it('changes only the given fields, bumps the version and returns the new ETag', async () => {
    await create('U-1');
    const res = await t.request.patch('/assets/U-1').set('If-Match', '"1"').send({ valor_adquisicion: 9.25, ubicacion: 'Patio' }).expect(200);
    expect(res.headers.etag).toBe('"2"');
    expect(res.body).toMatchObject({ nombre: 'Interruptor 52-1', valor_adquisicion: 9.25, valor_libros: 10.5, ubicacion: 'Patio', version: 2 });
    expect(await changes('U-1')).toEqual([{ operation: 'upsert', version: 1 }, { operation: 'upsert', version: 2 }]);
  });

  it('when If-Match is stale, answers 412 and changes nothing', async () => {
    await create('U-2');
    await t.request.patch('/assets/U-2').send({ nombre: 'Nuevo' }).expect(200);
    const res = await t.request.patch('/assets/U-2').set('If-Match', '"1"').send({ nombre: 'Perdido' });
    expect(res.status).toBe(412);
    expect(res.body.errors[0].field).toBe('/header/If-Match');
    expect((await t.request.get('/assets/U-2')).body.nombre).toBe('Nuevo');
  });

  it('when nothing really changes, keeps the version and writes no change', async () => {
    await create('U-3');
    const res = await t.request.patch('/assets/U-3').send({ valor_libros: 10.5 }).expect(200);
    expect(res.body.version).toBe(1);
    expect(await changes('U-3')).toHaveLength(1);
  });

  it('null clears an optional field', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'U-4', nombre: 'x', numero_de_serie: 'SN1' }).expect(201);
    const res = await t.request.patch('/assets/U-4').send({ numero_de_serie: null }).expect(200);
    expect(res.body.numero_de_serie).toBeNull();
  });

  it('when codigo_interno is sent, answers 400 naming it: the key is immutable', async () => {
    await create('U-5');
    const res = await t.request.patch('/assets/U-5').send({ codigo_interno: 'U-6' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('/body/codigo_interno');
  });

  it('when the body is empty, answers 400', async () => {
    await create('U-7');
    const res = await t.request.patch('/assets/U-7').send({});
    expect(res.status).toBe(400);
    expect(res.body.errors[0].rule).toBe('minProperties');
  });

  it('when the asset does not exist, answers 404', async () => {
    await t.request.patch('/assets/NOPE-2').send({ nombre: 'x' }).expect(404);
  });
});

describe('DeleteAsset', () => {
  it('deletes the asset and logs a delete change', async () => {
    await create('D-1');
    await t.request.delete('/assets/D-1').set('If-Match', '"1"').expect(204);
    await t.request.get('/assets/D-1').expect(404);
    expect(await changes('D-1')).toEqual([{ operation: 'upsert', version: 1 }, { operation: 'delete', version: 2 }]);
  });

  it('when If-Match is stale, answers 412 and keeps the asset', async () => {
    await create('D-2');
    await t.request.delete('/assets/D-2').set('If-Match', '"7"').expect(412);
    await t.request.get('/assets/D-2').expect(200);
  });

  it('when the asset does not exist, answers 404', async () => {
    await t.request.delete('/assets/NOPE-3').expect(404);
  });
});
