import { afterEach, describe, expect, test } from 'vitest';
import { DataverseError, keyLiteral } from '../../api/src/dynamics/index.ts';
import { upsertMultipleBody } from '../../api/src/dynamics/multiple.ts';
import { assetRows, assets, customPurchaseOrders, harness, type Harness } from './helpers.ts';

let h: Harness | undefined;
afterEach(async () => { await h?.standin.close(); h = undefined; });

describe('upsert by alternate key', () => {
  // Keys holding / # < > * % & : \ ? + cannot be addressed at all (Microsoft's alternate-key page); the
  // characters that can — quotes, spaces, parentheses, accents — must survive the round trip.
  test('a key value with a quote, spaces and parentheses is sent with the quote doubled and the value URL-encoded', async () => {
    h = await harness();
    await h.client().upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', "O'Brien 7 (Bº)", { msdyn_name: 'Pump' });
    const call = h.seen.find((s) => s.method === 'PATCH')!;
    expect(call.url).toBe(`${h.standin.url}/api/data/v9.2/msdyn_customerassets(msdyn_assetnumber='O''Brien%207%20%28B%C2%BA%29')`);
    expect(h.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', "O'Brien 7 (Bº)")?.msdyn_name).toBe('Pump');
    expect(keyLiteral("a'(b)")).toBe("'a''%28b%29'");
  });

  test('sends the OData headers Dataverse expects and no key column in the body', async () => {
    h = await harness();
    await h.client().upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-1', { msdyn_assetnumber: 'A-1', msdyn_name: 'Pump' });
    const call = h.seen.find((s) => s.method === 'PATCH')!;
    expect(call.headers.get('odata-version')).toBe('4.0');
    expect(call.headers.get('odata-maxversion')).toBe('4.0');
    expect(call.headers.get('accept')).toBe('application/json');
    expect(call.headers.get('content-type')).toMatch(/^application\/json/);
    expect(call.headers.get('if-match')).toBeNull();
    expect(JSON.parse(call.body!)).toEqual({ msdyn_name: 'Pump' });
  });

  test('returns the entity reference from OData-EntityId, or the GUID when the primary key column is given', async () => {
    h = await harness();
    const client = h.client();
    const first = await client.upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-1', { msdyn_name: 'Pump' });
    expect(first.entityId).toBe(`${h.standin.url}/api/data/v9.2/msdyn_customerassets(msdyn_assetnumber='A-1')`);
    const again = await client.upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-1', { msdyn_name: 'Pump 2' }, { primaryIdColumn: 'msdyn_customerassetid' });
    expect(again.id).toBe(h.standin.tables.rows('msdyn_customerasset')[0]!.msdyn_customerassetid);
    expect(again.created).toBe(false);
  });

  test('when create-only finds the key taken, the error is a duplicate and the hint names the key', async () => {
    h = await harness();
    const client = h.client();
    await client.upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-7', { msdyn_name: 'Pump' });
    const err = (await client.upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'A-7', { msdyn_name: 'Other' }, { mode: 'create' }).catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(412);
    expect(err.code).toBe('0x80040237');
    expect(err.hint).toContain("msdyn_assetnumber = 'A-7'");
  });

  test('when the table has no alternate key on the column, the 400 hint says to define one', async () => {
    h = await harness();
    const err = (await h.client().upsertByKey('msdyn_customerassets', 'msdyn_serialid', 'S-1', { msdyn_name: 'x' }).catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/key in the request URI is not valid/);
    expect(err.hint).toMatch(/alternate key on msdyn_serialid/);
  });

  test('update-only on a missing key answers 404 0x80060891', async () => {
    h = await harness();
    const err = (await h.client().upsertByKey('msdyn_customerassets', 'msdyn_assetnumber', 'NOPE', { msdyn_name: 'x' }, { mode: 'update' }).catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(404);
    expect(err.code).toBe('0x80060891');
  });
});

describe('UpsertMultiple', () => {
  test('each target carries @odata.type and @odata.id by key, and the key column is not repeated in the body', () => {
    const body = upsertMultipleBody(assets, [{ key: "K'1", record: { msdyn_assetnumber: "K'1", msdyn_name: 'n' } }]);
    expect(body.Targets[0]).toEqual({
      '@odata.type': 'Microsoft.Dynamics.CRM.msdyn_customerasset',
      '@odata.id': "msdyn_customerassets(msdyn_assetnumber='K''1')",
      msdyn_name: 'n',
    });
  });

  test('when the key is repeated in the body on the create path, the stand-in fails like Dataverse (0x80040216)', async () => {
    h = await harness();
    const err = (await h.client({ maxRetries: 0 }).request({
      method: 'POST',
      path: 'msdyn_customerassets/Microsoft.Dynamics.CRM.UpsertMultiple',
      body: { Targets: [{ '@odata.type': 'Microsoft.Dynamics.CRM.msdyn_customerasset', '@odata.id': "msdyn_customerassets(msdyn_assetnumber='X')", msdyn_assetnumber: 'X' }] },
    }).catch((e: unknown) => e)) as DataverseError;
    expect(err.status).toBe(400);
    expect(err.code).toBe('0x80040216');
  });

  test('writeRows in upsertmultiple mode writes 1000-row chunks in one request each and returns GUIDs', async () => {
    h = await harness();
    const results = await h.client({ batchSize: 1000 }).writeRows(assets, assetRows(2500), { mode: 'upsertmultiple' });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.standin.stats.byKind.upsertmultiple).toBe(3);
    expect(h.standin.stats.upsertMultipleTargets).toBe(2500);
    const row = h.standin.tables.find('msdyn_customerasset', 'msdyn_assetnumber', 'A-2499');
    expect(results[2499]).toEqual({ key: 'A-2499', ok: true, id: row?.msdyn_customerassetid });
    expect(row?.msdyn_acquisitioncost).toBe(1024.99);
  });

  test('when one target is invalid, the all-or-nothing chunk is re-sent through $batch to report just that row', async () => {
    h = await harness();
    const rows = assetRows(20);
    rows[3] = { key: 'A-3', record: { msdyn_registrationstatus: 5 } };
    const results = await h.client().writeRows(assets, rows, { mode: 'upsertmultiple' });
    expect(results.filter((r) => !r.ok).map((r) => r.key)).toEqual(['A-3']);
    expect(results[3]).toMatchObject({ ok: false, error: { code: '0x8004431A' } });
    expect(h.standin.tables.rows('msdyn_customerasset')).toHaveLength(19);
  });

  test("in auto mode, a table without UpsertMultiple falls back to $batch and the choice is remembered", async () => {
    h = await harness();
    const client = h.client();
    const po = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ key: `${p}${i}`, record: { description: `PO ${i}`, totalamount: 10.5 } }));
    expect((await client.writeRows(customPurchaseOrders, po(450, 'P-'))).every((r) => r.ok)).toBe(true);
    expect(client.supportsUpsertMultiple('cr123_purchaseorders')).toBe(false);
    expect(h.standin.stats.byKind.upsertmultiple).toBe(1);
    await client.writeRows(customPurchaseOrders, po(10, 'Q-'));
    expect(h.standin.stats.byKind.upsertmultiple).toBe(1);
    expect(h.standin.tables.rows('cr123_purchaseorder')).toHaveLength(460);
    await client.writeRows(assets, assetRows(10));
    expect(client.supportsUpsertMultiple('msdyn_customerassets')).toBe(true);
  });

  test('in upsertmultiple mode on a table without it, every row fails naming UpsertMultiple', async () => {
    h = await harness();
    const results = await h.client().writeRows(customPurchaseOrders, [{ key: 'P', record: { description: 'd' } }], { mode: 'upsertmultiple' });
    expect(results[0]).toMatchObject({ ok: false, error: { status: 404 } });
    expect(!results[0]!.ok && results[0]!.error.message).toMatch(/UpsertMultiple/);
  });
});
