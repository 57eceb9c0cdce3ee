/**
 * Hostile and malformed input found by driving the running server as a black box: each answer
 * is a 4xx problem naming the field and the rule, never a 500, and nothing is stored.
 */
import { gzipSync } from 'node:zlib';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let before: string;

async function snapshot(): Promise<string> {
  const r = await t.db.query<{ a: number; p: number; c: number; v: number }>(
    `SELECT (SELECT count(*)::int FROM assets) AS a, (SELECT count(*)::int FROM purchase_orders) AS p,
            (SELECT count(*)::int FROM change_log) AS c, (SELECT coalesce(sum(version), 0)::int FROM assets) AS v`,
  );
  return JSON.stringify(r.rows[0]);
}

function expectProblem(res: { status: number; headers: Record<string, string>; body: { errors?: unknown[] } }, status: number, field: string, rule: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.errors).toContainEqual(expect.objectContaining({ field, rule }));
}

beforeAll(async () => {
  t = await createTestApp();
  await t.request.post('/assets').send({ codigo_interno: 'HOST-1', nombre: 'Transformador' }).expect(201);
  await t.request.post('/purchase-orders').send({ numero_requisicion: 'REQ-H1', justificacion: 'x', total: 1 }).expect(201);
});

beforeEach(async () => {
  before = await snapshot();
});

const json = { 'content-type': 'application/json' };
// superagent would JSON-serialise a Buffer ({"type":"Buffer",...}); send its bytes as they are.
const asIs = (b: unknown) => b as string;

describe('text the database cannot store', () => {
  const bodies: [string, string, string, string][] = [
    ['POST', '/assets', '{"codigo_interno":"NUL-1","nombre":"a\\u0000b"}', '/body/nombre'],
    ['POST', '/assets', '{"codigo_interno":"NUL-2","nombre":"x","modelo":"\\ud800"}', '/body/modelo'],
    ['PATCH', '/assets/HOST-1', '{"sitio":"\\u0000"}', '/body/sitio'],
    ['POST', '/purchase-orders', '{"numero_requisicion":"NUL-3","justificacion":"\\u0000","total":1}', '/body/justificacion'],
    ['PATCH', '/purchase-orders/REQ-H1', '{"lineas":[{"descripcion":"d","cantidad":1,"precio_unitario":1,"unidad":"\\u0000"}]}', '/body/lineas/0/unidad'],
    ['PATCH', '/purchase-orders/REQ-H1', '{"proveedor":"\\udfff lone low surrogate"}', '/body/proveedor'],
  ];
  for (const [method, path, body, field] of bodies) {
    it(`when ${method} ${path} carries a NUL or unpaired surrogate, answers 400 naming ${field} and the rule characters, and stores nothing`, async () => {
      const res = await t.request[method === 'POST' ? 'post' : 'patch'](path).set(json).send(body);
      expectProblem(res, 400, field, 'characters');
      expect(await snapshot()).toBe(before);
    });
  }

  it('when a path parameter decodes to a NUL, answers 400 naming the parameter', async () => {
    expectProblem(await t.request.get('/assets/a%00b'), 400, '/path/codigo_interno', 'characters');
    expectProblem(await t.request.delete('/assets/HOST-1%00'), 400, '/path/codigo_interno', 'characters');
    expectProblem(await t.request.patch('/purchase-orders/%00').send({ total: 2 }), 400, '/path/numero_requisicion', 'characters');
    expect(await snapshot()).toBe(before);
  });

  it('when a query filter holds a NUL, answers 400 naming it', async () => {
    expectProblem(await t.request.get('/assets?sitio=%00'), 400, '/query/sitio', 'characters');
    expectProblem(await t.request.get('/purchase-orders?sitio=a%00'), 400, '/query/sitio', 'characters');
  });

  it('when a forged skiptoken carries a NUL key, answers 400 naming skiptoken', async () => {
    const token = Buffer.from(JSON.stringify({ k: '\u0000' })).toString('base64url');
    expectProblem(await t.request.get(`/assets?skiptoken=${token}`), 400, '/query/skiptoken', 'format');
  });
});

describe('dates PostgreSQL cannot hold', () => {
  it('when changedSince falls outside years 0001-9999 in UTC, answers 400 naming changedSince', async () => {
    expectProblem(await t.request.get('/assets?changedSince=9999-12-31T23:59:59-14:00'), 400, '/query/changedSince', 'format');
    expectProblem(await t.request.get('/purchase-orders?changedSince=0001-01-01T00:00:00%2B01:00'), 400, '/query/changedSince', 'format');
  });

  it('the last and first storable instants round-trip', async () => {
    const res = await t.request.post('/purchase-orders').send({ numero_requisicion: 'EDGE-1', justificacion: 'x', total: 1, fecha_creacion: '9999-12-31T23:59:59.999Z' }).expect(201);
    expect(res.body.fecha_creacion).toBe('9999-12-31T23:59:59.999Z');
    const asset = await t.request.post('/assets').send({ codigo_interno: 'EDGE-2', nombre: 'x', fecha_adquisicion: '0001-01-01' }).expect(201);
    expect(asset.body.fecha_adquisicion).toBe('0001-01-01T00:00:00.000Z');
  });
});

describe('path parameters that are not percent-encoded UTF-8', () => {
  for (const raw of ['%zz', '%', '%ff', '%C3', '%ED%A0%80']) {
    it(`when the key is ${raw}, answers 400 naming the path parameter and the rule encoding`, async () => {
      expectProblem(await t.request.get(`/assets/${raw}`), 400, '/path/codigo_interno', 'encoding');
      expectProblem(await t.request.patch(`/purchase-orders/${raw}`).send({ total: 3 }), 400, '/path/numero_requisicion', 'encoding');
      expect(await snapshot()).toBe(before);
    });
  }

  it('an encoded slash and dots are part of the key, not path navigation', async () => {
    await t.request.post('/assets').send({ codigo_interno: 'a/../b', nombre: 'x' }).expect(201);
    const res = await t.request.get('/assets/a%2F..%2Fb').expect(200);
    expect(res.body.codigo_interno).toBe('a/../b');
  });
});

describe('bodies that are not UTF-8 JSON', () => {
  it('when the body holds bytes that are not UTF-8, answers 400 naming the body and stores nothing', async () => {
    const res = await t.request.post('/assets').set(json).serialize(asIs).send(Buffer.from([...Buffer.from('{"codigo_interno":"U8-1","nombre":"'), 0xff, 0xfe, ...Buffer.from('"}')]));
    expectProblem(res, 400, '/body', 'encoding');
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(await snapshot()).toBe(before);
  });

  it('accepts a leading UTF-8 byte-order mark, as RFC 8259 allows', async () => {
    const res = await t.request.post('/assets').set(json).serialize(asIs).send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"codigo_interno":"BOM-1","nombre":"Inversor"}')]));
    expect(res.body).toMatchObject({ nombre: 'Inversor' });
  });

  it('accepts a quoted charset parameter (charset="utf-8")', async () => {
    await t.request.post('/assets').set('content-type', 'application/json; charset="UTF-8"').send('{"codigo_interno":"CS-1","nombre":"x"}').expect(201);
  });

  it('when the body nests thousands deep, answers 400 saying so, not a stack overflow', async () => {
    const res = await t.request.post('/assets').set(json).send(`{"codigo_interno":"DEEP-1","nombre":"x","modelo":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expectProblem(res, 400, '/body', 'json');
    expect(res.body.detail).toContain('nests too deeply');
    expect(await snapshot()).toBe(before);
  });

  it('when Content-Encoding says gzip but the body is not gzip, answers 400 naming Content-Encoding', async () => {
    const res = await t.request.post('/assets').set({ ...json, 'content-encoding': 'gzip' }).send('{"codigo_interno":"GZ-1","nombre":"x"}');
    expectProblem(res, 400, '/header/Content-Encoding', 'encoding');
    expect(await snapshot()).toBe(before);
  });

  it('accepts a gzip-compressed body', async () => {
    const res = await t.request.post('/assets').set({ ...json, 'content-encoding': 'gzip' }).serialize(asIs).send(gzipSync('{"codigo_interno":"GZ-2","nombre":"Comprimido"}'));
    expect(res.body).toMatchObject({ nombre: 'Comprimido' });
  });
});

describe('query parameters repeated', () => {
  it('when a filter is repeated, answers 400 naming it instead of silently using one value', async () => {
    expectProblem(await t.request.get('/purchase-orders?estado=borrador&estado=pendiente'), 400, '/query/estado', 'repeated');
    expectProblem(await t.request.get('/assets?top=1&top=2'), 400, '/query/top', 'repeated');
  });

  it('ignores parameters the operation does not declare, even in bracket form', async () => {
    const res = await t.request.get('/assets?top[]=1&unknown=1&unknown=2').expect(200);
    expect(res.body.value.length).toBeGreaterThan(1);
  });
});

describe('purchase-order lines', () => {
  it('when an unnumbered line follows line 10000, answers 400 naming it instead of numbering it 10001', async () => {
    const res = await t.request.post('/purchase-orders').send({
      numero_requisicion: 'LN-1', justificacion: 'x', total: 2,
      lineas: [{ linea: 10000, descripcion: 'a', cantidad: 1, precio_unitario: 1 }, { descripcion: 'b', cantidad: 1, precio_unitario: 1 }],
    });
    expectProblem(res, 400, '/body/lineas/1/linea', 'maximum');
    expect(await snapshot()).toBe(before);
  });
});

describe('Host headers that cannot form a URL', () => {
  for (const host of ['evil.example/<x>', 'user@evil.example', 'evil.example/path?q#', '']) {
    it(`when Host is ${JSON.stringify(host)}, answers 400 naming Host and builds no URL from it`, async () => {
      expectProblem(await t.request.get('/assets?top=1').set('Host', host), 400, '/header/Host', 'format');
      expectProblem(await t.request.post('/assets').set('Host', host).send({ codigo_interno: 'HOSTX-1', nombre: 'x' }), 400, '/header/Host', 'format');
      expect(await snapshot()).toBe(before);
    });
  }

  it('behind a trusted proxy, builds nextLink on X-Forwarded-Host and refuses a forwarded scheme that is not http(s)', async () => {
    const proxied = await createTestApp({ env: { TRUST_PROXY: '1' }, db: t.db });
    const page = await proxied.request.get('/assets?top=1').set({ 'X-Forwarded-Host': 'cmms.contoso.com', 'X-Forwarded-Proto': 'https' }).expect(200);
    expect(page.body.nextLink).toMatch(/^https:\/\/cmms\.contoso\.com\/assets\?top=1&skiptoken=/);
    expectProblem(await proxied.request.get('/assets?top=1').set('X-Forwarded-Proto', 'javascript'), 400, '/header/X-Forwarded-Proto', 'enum');
    expectProblem(await proxied.request.get('/assets?top=1').set('X-Forwarded-Host', 'evil/<x>'), 400, '/header/X-Forwarded-Host', 'format');
  });

  it('builds nextLink and Location on a well-formed Host, including an IPv6 literal', async () => {
    const page = await t.request.get('/assets?top=1').set('Host', '[::1]:8080').expect(200);
    expect(page.body.nextLink).toMatch(/^http:\/\/\[::1\]:8080\/assets\?top=1&skiptoken=/);
    const created = await t.request.post('/assets').set('Host', 'cmms.example.com').send({ codigo_interno: 'HOSTOK-1', nombre: 'x' }).expect(201);
    expect(created.headers.location).toBe('http://cmms.example.com/assets/HOSTOK-1');
  });
});
