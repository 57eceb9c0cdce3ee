import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

describe('CreateAsset', () => {
  it('when the body is valid, answers 201 with Location and ETag and returns the exact decimals sent', async () => {
    const res = await t.request
      .post('/assets')
      .set('content-type', 'application/json')
      .send('{"codigo_interno":"TR-001","nombre":"Transformador T1","valor_adquisicion":12345678901234.5678,"valor_libros":0.0001,"fecha_adquisicion":"2021-03-04"}');
    expect(res.status).toBe(201);
    expect(res.headers.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/assets\/TR-001$/);
    expect(res.headers.etag).toBe('"1"');
    expect(res.text).toContain('"valor_adquisicion":12345678901234.5678');
    expect(res.text).toContain('"valor_libros":0.0001');
    expect(res.body.fecha_adquisicion).toBe('2021-03-04T00:00:00.000Z');
  });

  it('when the same codigo_interno is created twice, answers 409 naming codigo_interno', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'TR-DUP', nombre: 'A' }).expect(201);
    const res = await t.request.post('/assets').send({ codigo_interno: 'TR-DUP', nombre: 'B' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors[0].field).toBe('/body/codigo_interno');
  });
});
