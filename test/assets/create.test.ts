import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

async function count(key: string): Promise<number> {
  const r = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM assets WHERE codigo_interno = $1', [key]);
  return r.rows[0]!.n;
}

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
    expect(res.body).toMatchObject({ estado_operativo: 'operativo', version: 1, dynamics_id: null });
  });

  it('stores decimals exactly, without binary floating point', async () => {
    await t.request.post('/assets').set('content-type', 'application/json')
      .send('{"codigo_interno":"DEC-1","nombre":"x","valor_adquisicion":0.3,"valor_libros":922337203685477}').expect(201);
    const r = await t.db.query<{ a: string; b: string }>('SELECT valor_adquisicion::text AS a, valor_libros::text AS b FROM assets WHERE codigo_interno = $1', ['DEC-1']);
    expect(r.rows[0]).toEqual({ a: '0.3000', b: '922337203685477.0000' });
    const back = await t.request.get('/assets/DEC-1').expect(200);
    expect(back.text).toContain('"valor_libros":922337203685477');
    expect(back.text).toContain('"valor_adquisicion":0.3');
  });

  it('accepts amounts binary floating point cannot divide by 0.0001 and reads them back digit for digit', async () => {
    const amounts = ['1234567.89', '99999999.99', '4547047.52', '922337203685477.0000', '0.0001', '1.5e3'];
    for (const [i, amount] of amounts.entries()) {
      const res = await t.request.post('/assets').set('content-type', 'application/json')
        .send(`{"codigo_interno":"MONEY-${i}","nombre":"x","valor_adquisicion":${amount},"valor_libros":${amount}}`);
      expect(res.status, amount).toBe(201);
    }
    const back = await t.request.get('/assets/MONEY-0').expect(200);
    expect(back.text).toContain('"valor_adquisicion":1234567.89,');
    expect((await t.request.get('/assets/MONEY-3').expect(200)).text).toContain('"valor_libros":922337203685477,');
    expect((await t.request.get('/assets/MONEY-5').expect(200)).text).toContain('"valor_libros":1500,');
  });

  it('when the same codigo_interno is created twice, answers 409 naming codigo_interno', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'TR-DUP', nombre: 'A' }).expect(201);
    const res = await t.request.post('/assets').send({ codigo_interno: 'TR-DUP', nombre: 'B' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors[0].field).toBe('/body/codigo_interno');
    expect((await t.request.get('/assets/TR-DUP')).body.nombre).toBe('A');
  });

  it('writes a change-log entry in the same transaction as the asset', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'CL-1', nombre: 'A' }).expect(201);
    const r = await t.db.query("SELECT operation, version, origin FROM change_log WHERE entity = 'assets' AND record_key = 'CL-1'");
    expect(r.rows).toEqual([{ operation: 'upsert', version: 1, origin: 'cmms' }]);
  });

  const bad: [string, string, string, string][] = [
    ['nombre is missing', '{"codigo_interno":"B-1"}', '/body/nombre', 'required'],
    ['codigo_interno is missing', '{"nombre":"x"}', '/body/codigo_interno', 'required'],
    ['valor_adquisicion is negative', '{"codigo_interno":"B-2","nombre":"x","valor_adquisicion":-1}', '/body/valor_adquisicion', 'minimum'],
    ['valor_libros has five decimal places', '{"codigo_interno":"B-3","nombre":"x","valor_libros":1.00001}', '/body/valor_libros', 'multipleOf'],
    ['valor_libros is a string', '{"codigo_interno":"B-4","nombre":"x","valor_libros":"12"}', '/body/valor_libros', 'type'],
    ['valor_adquisicion exceeds numeric(19,4)', '{"codigo_interno":"B-5","nombre":"x","valor_adquisicion":1e16}', '/body/valor_adquisicion', 'maximum'],
    ['valor_adquisicion exceeds a Dataverse money column by 0.0001', '{"codigo_interno":"B-16","nombre":"x","valor_adquisicion":922337203685477.0001}', '/body/valor_adquisicion', 'maximum'],
    ['valor_libros has five places written with an exponent', '{"codigo_interno":"B-17","nombre":"x","valor_libros":1.00001e0}', '/body/valor_libros', 'multipleOf'],
    ['valor_libros is a huge exponent', '{"codigo_interno":"B-18","nombre":"x","valor_libros":1e999999999}', '/body/valor_libros', 'maximum'],
    ['fecha_adquisicion is an impossible date', '{"codigo_interno":"B-6","nombre":"x","fecha_adquisicion":"2023-02-29"}', '/body/fecha_adquisicion', 'format'],
    ['fecha_adquisicion has hour 25', '{"codigo_interno":"B-7","nombre":"x","fecha_adquisicion":"2023-02-01T25:00:00Z"}', '/body/fecha_adquisicion', 'format'],
    ['fecha_adquisicion falls before year 0001 in UTC', '{"codigo_interno":"B-14","nombre":"x","fecha_adquisicion":"0001-01-01T00:00:00+14:00"}', '/body/fecha_adquisicion', 'format'],
    ['fecha_adquisicion falls after year 9999 in UTC', '{"codigo_interno":"B-15","nombre":"x","fecha_adquisicion":"9999-12-31T23:59:59-14:00"}', '/body/fecha_adquisicion', 'format'],
    ['nombre is longer than 200 characters', `{"codigo_interno":"B-8","nombre":"${'x'.repeat(201)}"}`, '/body/nombre', 'maxLength'],
    ['codigo_interno holds a space', '{"codigo_interno":"B 9","nombre":"x"}', '/body/codigo_interno', 'pattern'],
    ['an unknown field is sent', '{"codigo_interno":"B-10","nombre":"x","color":"red"}', '/body/color', 'additionalProperties'],
    ['version is sent (read-only)', '{"codigo_interno":"B-11","nombre":"x","version":7}', '/body/version', 'additionalProperties'],
    ['estado_operativo is not a known status', '{"codigo_interno":"B-12","nombre":"x","estado_operativo":"roto"}', '/body/estado_operativo', 'enum'],
    ['the body is an array', '[{"codigo_interno":"B-13","nombre":"x"}]', '/body', 'type'],
  ];
  for (const [what, body, field, rule] of bad) {
    it(`when ${what}, answers 400 naming ${field} and the rule ${rule}, and stores nothing`, async () => {
      const res = await t.request.post('/assets').set('content-type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
      expect(res.body.detail).toBeTruthy();
      const key = /"codigo_interno":"([^"]+)"/.exec(body)?.[1];
      if (key) expect(await count(key)).toBe(0);
    });
  }
});
