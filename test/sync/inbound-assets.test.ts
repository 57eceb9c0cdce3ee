import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let n = 0;
beforeAll(async () => {
  t = await createTestApp({ env: { DATAVERSE_WEBHOOK_KEY: 'inbound-key-0123456789' } });
});

async function asset(extra: Record<string, unknown> = {}): Promise<string> {
  const code = `IN-${++n}`;
  await t.request.post('/assets').send({ codigo_interno: code, nombre: `Turbina ${n}`, valor_adquisicion: 1000, valor_libros: 900, ...extra }).expect(201);
  return code;
}

async function changesOf(code: string): Promise<{ origin: string; changed_fields: string[] }[]> {
  return (await t.db.query<{ origin: string; changed_fields: string[] }>(
    `SELECT origin, changed_fields FROM change_log WHERE entity = 'assets' AND record_key = $1 ORDER BY seq`, [code])).rows;
}

const apply = (code: string, body: unknown) =>
  t.request.post(`/assets/${encodeURIComponent(code)}/dynamics-changes`).set('content-type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));

describe('ApplyAssetChangesFromDynamics', () => {
  it('applies the Dynamics-owned book value exactly, records it with origin dynamics, and reads back', async () => {
    const code = await asset();
    const res = await apply(code, '{"modifiedon":"2026-05-01T10:00:00Z","values":{"msdyn_currentbookvalue":123456789012.3457}}').expect(200);
    expect(res.body).toMatchObject({ status: 'applied', applied: ['valor_libros'], kept: [] });
    const got = await t.request.get(`/assets/${code}`).expect(200);
    expect(got.text).toContain('"valor_libros":123456789012.3457');
    expect((await changesOf(code)).at(-1)).toEqual({ origin: 'dynamics', changed_fields: ['valor_libros'] });
  });

  it('when the change is older than the last one applied, answers stale and keeps the newer value', async () => {
    const code = await asset();
    await apply(code, { modifiedon: '2026-05-02T10:00:00Z', values: { msdyn_currentbookvalue: 800 } }).expect(200);
    const late = await apply(code, { modifiedon: '2026-05-02T09:59:59Z', values: { msdyn_currentbookvalue: 850 } }).expect(200);
    expect(late.body).toMatchObject({ status: 'stale', applied: [] });
    expect((await t.request.get(`/assets/${code}`)).body.valor_libros).toBe(800);
  });

  it('when the value is already there, answers unchanged and records no change', async () => {
    const code = await asset();
    const before = (await changesOf(code)).length;
    const res = await apply(code, { modifiedon: '2026-05-03T10:00:00Z', values: { msdyn_currentbookvalue: 900 } }).expect(200);
    expect(res.body.status).toBe('unchanged');
    expect(await changesOf(code)).toHaveLength(before);
  });

  it('when a column the CMMS owns is sent, answers 409 naming it and its owner, and stores nothing', async () => {
    const code = await asset();
    const res = await apply(code, { modifiedon: '2026-05-04T10:00:00Z', values: { msdyn_currentbookvalue: 1, msdyn_name: 'Renamed' } }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '/body/values/msdyn_name', rule: 'owner' })]);
    expect(res.body.owner).toBe('cmms');
    const got = (await t.request.get(`/assets/${code}`)).body;
    expect([got.nombre, got.valor_libros]).toEqual([`Turbina ${n}`, 900]);
  });

  it('when a column is not in the mapping, answers 400 naming it', async () => {
    const code = await asset();
    const res = await apply(code, { modifiedon: '2026-05-04T10:00:00Z', values: { cr123_unknown: 5 } }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body/values/cr123_unknown', rule: 'mapping' });
  });

  it.each([
    ['text in a money column', 'abc', 'type'],
    ['five decimal places', 1.23456, 'multipleOf'],
    ['a negative book value', -1, 'minimum'],
  ])('when the book value is %s, answers 400 naming it', async (_what, value, rule) => {
    const code = await asset();
    const res = await apply(code, { modifiedon: '2026-05-04T10:00:00Z', values: { msdyn_currentbookvalue: value } }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: '/body/values/msdyn_currentbookvalue', rule });
    expect((await t.request.get(`/assets/${code}`)).body.valor_libros).toBe(900);
  });

  it('when the asset does not exist, answers 404', async () => {
    const res = await apply('NOPE-1', { modifiedon: '2026-05-04T10:00:00Z', values: { msdyn_currentbookvalue: 1 } }).expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('a change applied from Dynamics is not offered back by the change feed', async () => {
    const code = await asset();
    const first = await t.request.get('/sync/assets/changes').query({ consumer: 'echo-check', limit: 1000 }).expect(200);
    await t.request.post('/sync/acknowledgements').send({ consumer: 'echo-check', entity: 'assets', cursor: first.body.cursor }).expect(200);
    await apply(code, { modifiedon: '2026-05-05T10:00:00Z', values: { msdyn_currentbookvalue: 42 } }).expect(200);
    const next = await t.request.get('/sync/assets/changes').query({ consumer: 'echo-check' }).expect(200);
    expect(next.body.items).toEqual([]);
  });
});

describe('UpdateAsset and the columns Dynamics owns', () => {
  it('when the book value is changed, answers 409 naming valor_libros and its owner Dynamics, and stores nothing', async () => {
    const code = await asset();
    const res = await t.request.patch(`/assets/${code}`).send({ nombre: 'Nuevo', valor_libros: 1 }).expect(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: '/body/valor_libros', rule: 'owner' })]);
    expect(res.body).toMatchObject({ owner: 'dynamics', column: 'msdyn_currentbookvalue' });
    expect((await t.request.get(`/assets/${code}`)).body.nombre).toBe(`Turbina ${n}`);
  });

  it('sending the current book value back with other changes is not a change and passes', async () => {
    const code = await asset();
    const res = await t.request.patch(`/assets/${code}`).send({ nombre: 'Nuevo', valor_libros: 900.0 }).expect(200);
    expect(res.body).toMatchObject({ nombre: 'Nuevo', valor_libros: 900 });
  });
});

describe('the Dataverse webhook receiver and asset rows', () => {
  const MONEY = 'Money:http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts';
  const context = (code: string, attrs: { key: string; value: unknown }[], ms: number) => JSON.stringify({
    InputParameters: [{ key: 'Target', value: { Attributes: [...attrs, { key: 'modifiedon', value: `\\/Date(${ms})\\/` }], Id: '6a2b8f0e-1111-4222-8333-944455556666', KeyAttributes: [], LogicalName: 'msdyn_customerasset' } }],
    MessageName: 'Update', PrimaryEntityName: 'msdyn_customerasset', PrimaryEntityId: '6a2b8f0e-1111-4222-8333-944455556666',
    PostEntityImages: [{ key: 'PostImage', value: { Attributes: [{ key: 'msdyn_assetnumber', value: code }], LogicalName: 'msdyn_customerasset' } }],
    PreEntityImages: [], OperationCreatedOn: `\\/Date(${ms})\\/`,
  }).replaceAll('\\\\/', '\\/');
  const send = (body: string, id: string) => t.request.post('/dataverse/webhook?code=inbound-key-0123456789')
    .set('content-type', 'application/json').set('x-request-id', id).send(body);

  it('applies a Money book value from an asset Update with its exact digits', async () => {
    const code = await asset();
    const res = await send(context(code, [{ key: 'msdyn_currentbookvalue', value: { __type: MONEY, Value: 98765.4321 } }], Date.parse('2026-06-01T00:00:00Z')), `rq-${code}`).expect(200);
    expect(res.body).toMatchObject({ status: 'applied' });
    expect((await t.request.get(`/assets/${code}`)).text).toContain('"valor_libros":98765.4321');
  });

  it('ignores an asset Update that changes only columns the CMMS owns', async () => {
    const code = await asset();
    const res = await send(context(code, [{ key: 'msdyn_name', value: 'Edited in Dynamics' }], Date.now()), `rq2-${code}`).expect(202);
    expect(res.body.status).toBe('ignored');
    expect((await t.request.get(`/assets/${code}`)).body.nombre).toBe(`Turbina ${n}`);
  });
});
