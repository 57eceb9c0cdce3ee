import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { BODY_LIMIT_BYTES: '2048' } });
});

async function assetCount(): Promise<number> {
  return (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM assets')).rows[0]!.n;
}

describe('bad requests', () => {
  it('when the JSON is malformed, answers 400 problem+json and stores nothing', async () => {
    const res = await t.request.post('/assets').set('content-type', 'application/json').send('{"codigo_interno": "M-1", nombre: }');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(await assetCount()).toBe(0);
  });

  it('when the content type is not JSON, answers 415 naming the type received', async () => {
    const res = await t.request.post('/assets').set('content-type', 'text/plain').send('codigo_interno=M-2');
    expect(res.status).toBe(415);
    expect(res.body.detail).toContain('text/plain');
    expect(await assetCount()).toBe(0);
  });

  it('when a form body is sent, answers 415', async () => {
    const res = await t.request.post('/purchase-orders').type('form').send({ numero_requisicion: 'X' });
    expect(res.status).toBe(415);
  });

  it('when the body is over the limit, answers 413 and stores nothing', async () => {
    const res = await t.request.post('/assets').set('content-type', 'application/json')
      .send(JSON.stringify({ codigo_interno: 'BIG-1', nombre: 'x', ubicacion: 'y'.repeat(5000) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await assetCount()).toBe(0);
  });

  it('when a required body is empty, answers 400 naming the body', async () => {
    const res = await t.request.post('/assets').set('content-type', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body', rule: 'required' });
  });

  it('when the charset is not UTF-8, answers 415', async () => {
    const res = await t.request.post('/assets').set('content-type', 'application/json; charset=latin1').send('{"codigo_interno":"C-1","nombre":"x"}');
    expect(res.status).toBe(415);
  });

  it('when the path is unknown, answers 404 problem+json', async () => {
    const res = await t.request.get('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('when the method is not allowed, answers 405 with Allow', async () => {
    const res = await t.request.put('/assets/A-1').send({});
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('PATCH');
  });

  it('when a query parameter is out of range, answers 400 naming it', async () => {
    const res = await t.request.get('/assets?top=5000');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/query/top', rule: 'maximum' });
  });

  it('when top is not a number, answers 400 naming top', async () => {
    const res = await t.request.get('/assets?top=ten');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/query/top', rule: 'type' });
  });

  it('when changedSince is not a date, answers 400 naming changedSince', async () => {
    const res = await t.request.get('/assets?changedSince=yesterday');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/query/changedSince', rule: 'format' });
  });

  it('when the skiptoken was not issued by the API, answers 400 naming skiptoken', async () => {
    const res = await t.request.get('/assets?skiptoken=garbage!!');
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/query/skiptoken' });
  });

  it('echoes the Power Automate tracking id as the request id and problem instance', async () => {
    const res = await t.request.get('/assets/NOPE').set('x-ms-client-tracking-id', 'flow-run-123');
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toBe('flow-run-123');
    expect(res.body.instance).toBe('flow-run-123');
  });

  it('sends security headers and no x-powered-by', async () => {
    const res = await t.request.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
