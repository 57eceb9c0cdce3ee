import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

const KEY = 'wh-key-0123456789abcdef';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { DATAVERSE_WEBHOOK_KEY: KEY, MAPPING_PRESET: 'field-service', DYNAMICS_VENDOR_ACCOUNT_ID: '3c2a1b00-0000-4000-8000-00000000a001', DYNAMICS_CURRENCY_CODE: 'USD' } });
});

const OSV = 'OptionSetValue:http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts';
const ENTITY = 'Entity:http:\\/\\/schemas.microsoft.com\\/xrm\\/2011\\/Contracts';

/**
 * A RemoteExecutionContext as Dataverse serializes it (reference §6.3): escaped slashes in `__type`,
 * `/Date(ms)/` dates, `{key, value}` lists, the requisition number only in the pre-image.
 */
function context(opts: {
  name: string; statuscode?: number; modifiedMs: number; entity?: string; message?: string;
  /** The row id (a new GUID when not given). */
  id?: string;
  /** False: a step registered without a pre-image. */
  preImage?: boolean;
  /** False: the Target carries no modifiedon (the time then comes from OperationCreatedOn). */
  targetModified?: boolean;
  /** A modifiedon in the pre-image: the row's time before this change. */
  preModifiedMs?: number;
}): string {
  const id = opts.id ?? randomUUID();
  const attrs = [
    { key: 'statecode', value: { __type: OSV, Value: 0 } },
    ...(opts.statuscode !== undefined ? [{ key: 'msdyn_systemstatus', value: { __type: OSV, Value: opts.statuscode } }] : []),
    { key: 'msdyn_purchaseorderid', value: id },
    ...(opts.targetModified === false ? [] : [{ key: 'modifiedon', value: `\\/Date(${opts.modifiedMs})\\/` }]),
  ];
  const preAttrs = [
    { key: 'msdyn_systemstatus', value: { __type: OSV, Value: 690970000 } },
    { key: 'msdyn_name', value: opts.name },
    ...(opts.preModifiedMs !== undefined ? [{ key: 'modifiedon', value: `\\/Date(${opts.preModifiedMs})\\/` }] : []),
  ];
  const body = {
    BusinessUnitId: randomUUID(), CorrelationId: randomUUID(), Depth: 1, InitiatingUserId: randomUUID(),
    InputParameters: [{ key: 'Target', value: {
      __type: ENTITY, Attributes: attrs, EntityState: null, FormattedValues: [], Id: id, KeyAttributes: [],
      LogicalName: opts.entity ?? 'msdyn_purchaseorder', RelatedEntities: [], RowVersion: '5948260' } }],
    IsExecutingOffline: false, IsInTransaction: false, IsOfflinePlayback: false, IsolationMode: 1,
    MessageName: opts.message ?? 'Update', Mode: 1, OperationCreatedOn: `\\/Date(${opts.modifiedMs}+0000)\\/`,
    OperationId: randomUUID(), OrganizationId: randomUUID(), OrganizationName: 'contoso', OutputParameters: [],
    OwningExtension: { Id: randomUUID(), KeyAttributes: [], LogicalName: 'sdkmessageprocessingstep', Name: null, RowVersion: null },
    ParentContext: null, PostEntityImages: [],
    PreEntityImages: opts.preImage === false ? [] : [{ key: 'PreImage', value: {
      Attributes: preAttrs,
      EntityState: null, FormattedValues: [], Id: id, KeyAttributes: [], LogicalName: 'msdyn_purchaseorder', RelatedEntities: [], RowVersion: null } }],
    PrimaryEntityId: id, PrimaryEntityName: opts.entity ?? 'msdyn_purchaseorder', RequestId: null, SecondaryEntityName: 'none',
    SharedVariables: [], Stage: 40, UserId: randomUUID(),
  };
  // Dataverse escapes slashes; JSON.stringify would double the backslashes we wrote, so undo that.
  return JSON.stringify(body).replaceAll('\\\\/', '\\/');
}

function send(body: string, requestId: string, auth: { code?: string; header?: string } = { code: KEY }) {
  let r = t.request.post('/dataverse/webhook' + (auth.code !== undefined ? `?code=${encodeURIComponent(auth.code)}` : ''))
    .set('content-type', 'application/json')
    .set('x-request-id', requestId)
    .set('x-ms-dynamics-organization', 'contoso.crm.dynamics.com')
    .set('x-ms-dynamics-entity-name', 'msdyn_purchaseorder')
    .set('x-ms-dynamics-request-name', 'Update');
  if (auth.header !== undefined) r = r.set('x-dataverse-webhook-key', auth.header);
  return r.send(body);
}

let n = 0;
async function po(estado = 'borrador') {
  const key = `PO-${String(++n).padStart(6, '0')}`;
  await t.request.post('/purchase-orders').send({ numero_requisicion: key, justificacion: 'x', total: 10, estado }).expect(201);
  return key;
}

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);

describe('ReceiveDataverseWebhook', () => {
  it('applies a statuscode change authenticated by ?code=, keyed by the pre-image name', async () => {
    const key = await po();
    const res = await send(context({ name: key, statuscode: 690970001, modifiedMs: T0 }), randomUUID());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'applied', purchaseOrder: { numero_requisicion: key, estado: 'pendiente' } });
    const row = await t.db.query<{ m: Date }>('SELECT dynamics_status_modified_on AS m FROM purchase_orders WHERE numero_requisicion = $1', [key]);
    expect(row.rows[0]!.m.getTime()).toBe(T0);
  });

  it('accepts the key in the x-dataverse-webhook-key header', async () => {
    const key = await po();
    const res = await send(context({ name: key, statuscode: 690970002, modifiedMs: T0 }), randomUUID(), { header: KEY });
    expect(res.status).toBe(200);
    expect(res.body.purchaseOrder.estado).toBe('cancelada');
  });

  it('with a wrong or missing key answers 401 and changes nothing', async () => {
    const key = await po();
    expect((await send(context({ name: key, statuscode: 690970001, modifiedMs: T0 }), randomUUID(), { code: 'wrong' })).status).toBe(401);
    expect((await send(context({ name: key, statuscode: 690970001, modifiedMs: T0 }), randomUUID(), {})).status).toBe(401);
    expect((await t.request.get(`/purchase-orders/${key}`)).body.estado).toBe('borrador');
  });

  it('a repeated request id answers 200 and does nothing', async () => {
    const key = await po();
    const id = randomUUID();
    await send(context({ name: key, statuscode: 690970001, modifiedMs: T0 }), id).expect(200);
    await t.request.patch(`/purchase-orders/${key}`).send({ estado: 'borrador' }).expect(409); // stays pendiente
    const again = await send(context({ name: key, statuscode: 690970002, modifiedMs: T0 + 1000 }), id);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('duplicate');
    expect((await t.request.get(`/purchase-orders/${key}`)).body.estado).toBe('pendiente');
  });

  it('a change older than the last applied one is ignored as stale', async () => {
    const key = await po();
    await send(context({ name: key, statuscode: 690970001, modifiedMs: T0 }), randomUUID()).expect(200);
    const res = await send(context({ name: key, statuscode: 690970002, modifiedMs: T0 - 60_000 }), randomUUID());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'stale', purchaseOrder: { estado: 'pendiente' } });
  });

  it('a status Dynamics shares between estados the record already has is unchanged (echo ends)', async () => {
    const key = await po('pendiente');
    await t.request.patch(`/purchase-orders/${key}`).send({ estado: 'aprobada' }).expect(200);
    const res = await send(context({ name: key, statuscode: 690970001, modifiedMs: T0 }), randomUUID());
    expect(res.body).toMatchObject({ status: 'unchanged', purchaseOrder: { estado: 'aprobada' } });
  });

  it('a forbidden transition answers 409', async () => {
    const key = await po();
    expect((await send(context({ name: key, statuscode: 690970003, modifiedMs: T0 }), randomUUID())).status).toBe(409);
  });

  it('other tables, other messages and updates without a status change answer 202 ignored', async () => {
    const other = await send(context({ name: 'x', statuscode: 1, modifiedMs: T0, entity: 'account' }), randomUUID());
    expect(other.status).toBe(202);
    expect(other.body.status).toBe('ignored');
    expect((await send(context({ name: 'x', statuscode: 1, modifiedMs: T0, message: 'Delete' }), randomUUID())).status).toBe(202);
    const key = await po();
    expect((await send(context({ name: key, modifiedMs: T0 }), randomUUID())).body.status).toBe('ignored');
  });

  it('without an image of the step, finds the purchase order by the Dynamics row id its acknowledgement recorded', async () => {
    const key = await po();
    const rowId = randomUUID();
    const page = await t.request.get('/sync/purchase-orders/changes').query({ consumer: 'dv-ids', limit: 1000 }).expect(200);
    await t.request.post('/sync/acknowledgements')
      .send({ consumer: 'dv-ids', entity: 'purchaseOrders', cursor: page.body.cursor, results: [{ key, ok: true, dynamicsId: rowId.toUpperCase() }] })
      .expect(200);
    const res = await send(context({ name: 'unused', id: rowId, preImage: false, statuscode: 690970001, modifiedMs: T0 }), randomUUID());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'applied', purchaseOrder: { numero_requisicion: key, estado: 'pendiente' } });
  });

  it("takes the change's time from the Target or OperationCreatedOn, never from the pre-image (the row before the change)", async () => {
    const key = await po();
    const body = context({ name: key, statuscode: 690970001, modifiedMs: T0, targetModified: false, preModifiedMs: T0 - 86_400_000 });
    await send(body, randomUUID()).expect(200);
    const row = await t.db.query<{ m: Date }>('SELECT dynamics_status_modified_on AS m FROM purchase_orders WHERE numero_requisicion = $1', [key]);
    expect(row.rows[0]!.m.getTime()).toBe(T0);
  });

  it('odd payloads answer 400 naming what is missing, never 500', async () => {
    const noTarget = JSON.stringify({ MessageName: 'Update', PrimaryEntityName: 'msdyn_purchaseorder', InputParameters: [] });
    const a = await send(noTarget, randomUUID());
    expect(a.status).toBe(400);
    expect(a.body.errors[0].field).toBe('/body/InputParameters/Target');
    const noKey = JSON.parse(context({ name: 'gone', statuscode: 690970001, modifiedMs: T0 }));
    noKey.PreEntityImages = [];
    const b = await send(JSON.stringify(noKey), randomUUID());
    expect(b.status).toBe(400);
    expect(b.body.errors[0].message).toContain('msdyn_name');
    const c = await send('[1,2]', randomUUID());
    expect(c.status).toBe(400);
  });
});

describe('ReceiveDataverseWebhook configuration', () => {
  it('answers 503 when DATAVERSE_WEBHOOK_KEY is not set', async () => {
    const off = await createTestApp({ db: t.db });
    expect((await off.request.post('/dataverse/webhook?code=x').send({})).status).toBe(503);
  });

  it('with the documented mapping and no purchase-order table, answers 503 naming DYNAMICS_PURCHASE_ORDER_TABLE', async () => {
    const doc = await createTestApp({ db: t.db, env: { DATAVERSE_WEBHOOK_KEY: KEY, MAPPING_PRESET: 'documented' } });
    const res = await doc.request.post(`/dataverse/webhook?code=${KEY}`).set('x-request-id', randomUUID())
      .set('content-type', 'application/json').send(context({ name: 'x', statuscode: 1, modifiedMs: T0 }));
    expect(res.status).toBe(503);
    expect(res.body.detail).toContain('DYNAMICS_PURCHASE_ORDER_TABLE');
  });
});
