import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../api/src/config/index.ts';
import { registerDataverseWebhook, removeDataverseWebhook } from '../../api/src/dynamics/index.ts';
import { AppError } from '../../api/src/errors/index.ts';
import fieldService from '../../api/src/sync/mappings/field-service.json' with { type: 'json' };
import { loadMapping } from '../../api/src/sync/mapping.ts';
import { purchaseOrderWebhookStep } from '../../api/src/sync/webhook-step.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

/** The step the mapping of these settings asks for, as `npm run dataverse:webhook` derives it. */
const stepFor = (env: Record<string, string>) => purchaseOrderWebhookStep(loadMapping(loadConfig(env)));
const FIELD_SERVICE = { MAPPING_PRESET: 'field-service', DYNAMICS_VENDOR_ACCOUNT_ID: '3c2a1b00-0000-4000-8000-00000000a001', DYNAMICS_CURRENCY_CODE: 'USD' };
const DOCUMENTED_CUSTOM = { MAPPING_PRESET: 'documented', DYNAMICS_PURCHASE_ORDER_TABLE: 'cr123_purchaseorder' };
const CMMS_TABLES = {};

const base = { name: 'Energy CMMS purchase-order status', url: 'https://cmms.example.com/dataverse/webhook', key: 'webhook-key-value' };
const registration = (env: Record<string, string> = FIELD_SERVICE) => ({ ...base, ...stepFor(env) });

function registered(hh: Harness) {
  const endpoints = hh.standin.tables.rows('serviceendpoint');
  const steps = hh.standin.tables.rows('sdkmessageprocessingstep');
  const images = hh.standin.tables.rows('sdkmessageprocessingstepimage');
  return { endpoints, steps, images };
}

function updateFilterOf(hh: Harness, table: string) {
  const update = hh.standin.tables.find('sdkmessage', 'name', 'Update');
  return hh.standin.tables.rows('sdkmessagefilter').find((f) => f._sdkmessageid_value === update?.sdkmessageid && f.primaryobjecttypecode === table);
}

describe('the webhook step follows the CMMS → Dynamics mapping', () => {
  test('field-service preset: msdyn_purchaseorder filtered to msdyn_systemstatus, image of msdyn_name, msdyn_systemstatus, modifiedon', () => {
    expect(stepFor(FIELD_SERVICE)).toEqual({
      entityLogicalName: 'msdyn_purchaseorder',
      filteringAttributes: ['msdyn_systemstatus'],
      imageAttributes: ['msdyn_name', 'msdyn_systemstatus', 'modifiedon'],
    });
  });

  test('documented preset: the DYNAMICS_PURCHASE_ORDER_TABLE table filtered to statuscode, image of name, statuscode, modifiedon', () => {
    expect(stepFor(DOCUMENTED_CUSTOM)).toEqual({
      entityLogicalName: 'cr123_purchaseorder',
      filteringAttributes: ['statuscode'],
      imageAttributes: ['name', 'statuscode', 'modifiedon'],
    });
  });

  test('documented preset without a purchase-order table: refused naming DYNAMICS_PURCHASE_ORDER_TABLE', () => {
    expect(() => stepFor({ MAPPING_PRESET: 'documented' })).toThrow(AppError);
    expect(() => stepFor({ MAPPING_PRESET: 'documented' })).toThrow(/DYNAMICS_PURCHASE_ORDER_TABLE/);
  });

  test('a mapping that does not map estado to a choice column: refused naming estado', () => {
    const doc = structuredClone(fieldService);
    doc.entities.purchaseOrders.columns = doc.entities.purchaseOrders.columns.filter((c) => c.source !== 'estado');
    const file = join(mkdtempSync(join(tmpdir(), 'webhook-mapping-')), 'no-status.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(() => stepFor({ ...FIELD_SERVICE, MAPPING_FILE: file })).toThrow(/maps estado to no choice column of msdyn_purchaseorder/);
  });
});

describe('Dataverse webhook registration', () => {
  for (const [preset, env, table, filtering, image] of [
    ['field-service', FIELD_SERVICE, 'msdyn_purchaseorder', 'msdyn_systemstatus', 'msdyn_name,msdyn_systemstatus,modifiedon'],
    ['documented', DOCUMENTED_CUSTOM, 'cr123_purchaseorder', 'statuscode', 'name,statuscode,modifiedon'],
    ['cmms-tables (default)', CMMS_TABLES, 'cmms_purchaserequisition', 'statuscode', 'cmms_name,statuscode,modifiedon'],
  ] as const) {
    test(`${preset} mapping: a WebhookKey endpoint, an async Update step on ${table} filtered to ${filtering}, and a Target post-image of ${image}`, async () => {
      h = await harness();
      const result = await registerDataverseWebhook(h.client(), registration(env));
      expect(result).toMatchObject({ endpoint: 'created', step: 'created', image: 'created' });
      const { endpoints, steps, images } = registered(h);
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0]).toMatchObject({ name: base.name, url: base.url, contract: 8, authtype: 4, authvalue: 'webhook-key-value', messageformat: 2 });
      const update = h.standin.tables.find('sdkmessage', 'name', 'Update');
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({
        sdkmessageprocessingstepid: result.stepId, mode: 1, stage: 40, filteringattributes: filtering,
        _eventhandler_value: endpoints[0]!.serviceendpointid, _sdkmessageid_value: update?.sdkmessageid,
        _sdkmessagefilterid_value: updateFilterOf(h, table)?.sdkmessagefilterid,
      });
      expect(images).toHaveLength(1);
      expect(images[0]).toMatchObject({
        sdkmessageprocessingstepimageid: result.imageId, _sdkmessageprocessingstepid_value: result.stepId,
        imagetype: 1, messagepropertyname: 'Target', entityalias: 'PostImage', attributes: image,
      });
    });
  }

  test('when run twice, it updates the endpoint, step and image instead of duplicating them', async () => {
    h = await harness();
    const client = h.client();
    const first = await registerDataverseWebhook(client, registration());
    const second = await registerDataverseWebhook(client, { ...registration(), url: 'https://cmms2.example.com/dataverse/webhook', key: 'rotated' });
    expect(second).toMatchObject({
      endpoint: 'updated', step: 'updated', image: 'updated',
      serviceEndpointId: first.serviceEndpointId, stepId: first.stepId, imageId: first.imageId,
    });
    const { endpoints, steps, images } = registered(h);
    expect([endpoints.length, steps.length, images.length]).toEqual([1, 1, 1]);
    expect(endpoints[0]).toMatchObject({ url: 'https://cmms2.example.com/dataverse/webhook', authvalue: 'rotated' });
  });

  test('when the mapping changes between runs, the same step and image take the new table and columns', async () => {
    h = await harness();
    const client = h.client();
    const first = await registerDataverseWebhook(client, registration(DOCUMENTED_CUSTOM));
    const second = await registerDataverseWebhook(client, registration(FIELD_SERVICE));
    expect(second).toMatchObject({ step: 'updated', image: 'updated', stepId: first.stepId, imageId: first.imageId });
    const { steps, images } = registered(h);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ filteringattributes: 'msdyn_systemstatus', _sdkmessagefilterid_value: updateFilterOf(h, 'msdyn_purchaseorder')?.sdkmessagefilterid });
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ attributes: 'msdyn_name,msdyn_systemstatus,modifiedon' });
  });

  test('a second image under its alias (any case) is removed; an image under another alias is left alone', async () => {
    h = await harness();
    const client = h.client();
    const first = await registerDataverseWebhook(client, registration());
    const bind = { 'sdkmessageprocessingstepid@odata.bind': `/sdkmessageprocessingsteps(${first.stepId})`, imagetype: 0, messagepropertyname: 'Target' };
    await client.request({ method: 'POST', path: 'sdkmessageprocessingstepimages', body: { ...bind, name: 'dup', entityalias: 'postimage', attributes: 'msdyn_name' }, idempotent: false });
    await client.request({ method: 'POST', path: 'sdkmessageprocessingstepimages', body: { ...bind, name: 'pre', entityalias: 'PreImage', attributes: 'msdyn_name' }, idempotent: false });
    await registerDataverseWebhook(client, registration());
    const aliases = registered(h).images.map((i) => i.entityalias).sort();
    expect(aliases).toEqual(['PostImage', 'PreImage']);
    expect(h.standin.tables.find('sdkmessageprocessingstepimage', 'entityalias', 'PostImage')).toMatchObject({ sdkmessageprocessingstepimageid: first.imageId });
  });

  test('with remove, it deletes the image, then the step, then the endpoint; removing again reports them absent', async () => {
    h = await harness();
    const client = h.client();
    const created = await registerDataverseWebhook(client, registration());
    h.seen.length = 0;
    const removed = await registerDataverseWebhook(client, { ...registration(), remove: true });
    expect(removed).toMatchObject({ endpoint: 'removed', step: 'removed', image: 'removed', imageId: created.imageId });
    const { endpoints, steps, images } = registered(h);
    expect([endpoints.length, steps.length, images.length]).toEqual([0, 0, 0]);
    const deletes = h.seen.filter((s) => s.method === 'DELETE').map((s) => new URL(s.url).pathname.split('/').pop()?.replace(/\(.*/, ''));
    expect(deletes).toEqual(['sdkmessageprocessingstepimages', 'sdkmessageprocessingsteps', 'serviceendpoints']);
    expect(await removeDataverseWebhook(client, base.name)).toMatchObject({ endpoint: 'absent', step: 'absent', image: 'absent' });
  });

  test('removal finds the registration by name, so it needs no mapping', async () => {
    h = await harness();
    const client = h.client();
    await registerDataverseWebhook(client, registration(DOCUMENTED_CUSTOM));
    expect(await removeDataverseWebhook(client, base.name)).toMatchObject({ endpoint: 'removed', step: 'removed', image: 'removed' });
    expect(registered(h).images).toHaveLength(0);
  });

  test('the webhook key is written but cannot be read back through the Web API', async () => {
    h = await harness();
    const client = h.client();
    await registerDataverseWebhook(client, registration());
    const read = await client.getJson<{ value: Array<Record<string, unknown>> }>('serviceendpoints?$select=name,authvalue');
    expect(read.value[0]?.authvalue).toBeNull();
  });
});

describe('the registered post-image is what the receiver needs', () => {
  const KEY = 'wh-key-0123456789abcdef';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { DATAVERSE_WEBHOOK_KEY: KEY, ...FIELD_SERVICE } });
  });

  test('an Update whose Target has only the changed status is applied by the key found in the registered PostImage', async () => {
    h = await harness();
    const result = await registerDataverseWebhook(h.client(), registration());
    const image = h.standin.tables.find('sdkmessageprocessingstepimage', 'sdkmessageprocessingstepimageid', result.imageId!)!;
    const key = 'PO-WH-IMAGE-1';
    await t.request.post('/purchase-orders').send({ numero_requisicion: key, justificacion: 'x', total: 10, estado: 'borrador' }).expect(201);

    // What Dataverse sends for this step: Target = changed columns only; the image = the registered columns.
    const rowId = randomUUID();
    const osv = (Value: number) => ({ __type: 'OptionSetValue:http://schemas.microsoft.com/xrm/2011/Contracts', Value });
    const row: Record<string, unknown> = { msdyn_name: key, msdyn_systemstatus: osv(690970001), modifiedon: `/Date(${Date.UTC(2026, 0, 6)})/`, msdyn_vendornote: 'x' };
    const imageAttrs = String(image.attributes).split(',').map((a) => ({ key: a, value: row[a] }));
    const entity = (Attributes: unknown) => ({ Attributes, Id: rowId, KeyAttributes: [], LogicalName: 'msdyn_purchaseorder' });
    const body = {
      MessageName: 'Update', PrimaryEntityName: 'msdyn_purchaseorder', PrimaryEntityId: rowId, Stage: 40, Mode: 1,
      InputParameters: [{ key: 'Target', value: entity([{ key: 'msdyn_systemstatus', value: osv(690970001) }]) }],
      PreEntityImages: [],
      PostEntityImages: [{ key: image.entityalias, value: entity(imageAttrs) }],
    };
    const res = await t.request.post(`/dataverse/webhook?code=${KEY}`).set('x-request-id', randomUUID()).send(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'applied', purchaseOrder: { numero_requisicion: key, estado: 'pendiente' } });
  });
});
