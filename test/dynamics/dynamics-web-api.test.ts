/**
 * An outside judge of the stand-in: DynamicsWebApi (npm `dynamics-web-api`), a public Dataverse
 * client we did not write, drives it over HTTPS. What that client can do against Dataverse must
 * work here; what Dataverse refuses must be refused here, with Dataverse's status and code.
 *
 * DynamicsWebApi makes its own https.Agent and takes no CA option, so for this file only the
 * stand-in's throw-away certificate is added to Node's default CA list (and the list restored after).
 */
import tls from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DynamicsWebApi } from 'dynamics-web-api';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { standinToken } from './helpers.ts';

let standin: DataverseStandin;
let api: DynamicsWebApi;
let defaultCAs: string[];

beforeAll(async () => {
  standin = await startDataverseStandin();
  defaultCAs = tls.getCACertificates('default');
  tls.setDefaultCACertificates([...defaultCAs, standin.ca]);
  const token = await standinToken(standin);
  api = new DynamicsWebApi({ serverUrl: standin.url, dataApi: { version: '9.2' }, onTokenRefresh: async () => token });
});
afterAll(async () => {
  tls.setDefaultCACertificates(defaultCAs);
  await standin.close();
});
beforeEach(() => standin.tables.clear('msdyn_customerassets'));

interface DwaError { status: number; code: string; message: string }
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('the stand-in accepted it'); }, (e: DwaError) => e);
const assets = 'msdyn_customerassets';
/** Alternate-key form with the value URL-encoded, as a careful client sends it. */
const byNumber = (value: string) => `msdyn_assetnumber='${encodeURIComponent(value.replaceAll("'", "''"))}'`;

async function seed(rows: Array<Record<string, unknown>>): Promise<void> {
  for (const data of rows) await api.create({ collection: assets, data });
}

describe('DynamicsWebApi against the stand-in: what Dataverse accepts', () => {
  test('creates, upserts by alternate key and retrieves the values it wrote', async () => {
    const created = await api.create<Record<string, unknown>>({
      collection: assets, returnRepresentation: true,
      data: { msdyn_name: 'Trafo 1', msdyn_assetnumber: 'TR-1', msdyn_acquisitioncost: 1234567.89, msdyn_acquisitiondate: '2024-09-01T00:00:00Z' },
    });
    expect(created).toMatchObject({ msdyn_name: 'Trafo 1', msdyn_acquisitioncost: 1234567.89 });
    await api.upsert({ collection: assets, key: byNumber('TR-1'), data: { msdyn_name: 'Trafo 1b', msdyn_currentbookvalue: 999999.9999 } });
    await api.upsert({ collection: assets, key: byNumber("O'Neil 2"), data: { msdyn_name: 'New by upsert' } });
    const row = await api.retrieve<Record<string, unknown>>({ collection: assets, key: byNumber('TR-1'), select: ['msdyn_name', 'msdyn_currentbookvalue', 'msdyn_acquisitiondate'] });
    expect(row).toMatchObject({ msdyn_name: 'Trafo 1b', msdyn_currentbookvalue: 999999.9999 });
    // DynamicsWebApi turns ISO date texts into Dates.
    expect(new Date(row.msdyn_acquisitiondate as string).toISOString()).toBe('2024-09-01T00:00:00.000Z');
    expect((await api.retrieve({ collection: assets, key: byNumber("O'Neil 2") })).msdyn_name).toBe('New by upsert');
  });

  test('WhoAmI() (a function, called with parentheses) answers the caller ids', async () => {
    const me = await api.callFunction<{ UserId: string; BusinessUnitId: string; OrganizationId: string }>('WhoAmI');
    expect(me.UserId).toMatch(/^[0-9a-f-]{36}$/);
    expect(me.OrganizationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('$filter takes unquoted date literals: ge 2024-09-01 on a date-time column selects by instant', async () => {
    await seed([
      { msdyn_name: 'old', msdyn_assetnumber: 'D-1', msdyn_acquisitiondate: '2024-08-31T23:59:59Z' },
      { msdyn_name: 'new', msdyn_assetnumber: 'D-2', msdyn_acquisitiondate: '2024-09-01T00:00:00Z' },
      { msdyn_name: 'later', msdyn_assetnumber: 'D-3', msdyn_acquisitiondate: '2025-01-15T08:00:00Z' },
    ]);
    const since = await api.retrieveMultiple({ collection: assets, select: ['msdyn_name'], filter: 'msdyn_acquisitiondate ge 2024-09-01', orderBy: ['msdyn_acquisitiondate'] });
    expect(since.value.map((r) => r.msdyn_name)).toEqual(['new', 'later']);
    const between = await api.retrieveMultiple({ collection: assets, select: ['msdyn_name'], filter: 'msdyn_acquisitiondate gt 2024-08-31T23:59:59Z and msdyn_acquisitiondate lt 2025-01-01T00:00:00Z' });
    expect(between.value.map((r) => r.msdyn_name)).toEqual(['new']);
  });

  test('$orderby sorts money by value, honours desc, and breaks ties on the next column', async () => {
    await seed([
      { msdyn_name: 'b', msdyn_assetnumber: 'M-1', msdyn_acquisitioncost: 100 },
      { msdyn_name: 'a', msdyn_assetnumber: 'M-2', msdyn_acquisitioncost: 9.5 },
      { msdyn_name: 'c', msdyn_assetnumber: 'M-3', msdyn_acquisitioncost: 1000.25 },
      { msdyn_name: 'd', msdyn_assetnumber: 'M-4', msdyn_acquisitioncost: 10 },
      { msdyn_name: 'a', msdyn_assetnumber: 'M-5', msdyn_acquisitioncost: 10 },
    ]);
    const numbers = (r: { value: Array<Record<string, unknown>> }) => r.value.map((x) => x.msdyn_assetnumber);
    expect(numbers(await api.retrieveMultiple({ collection: assets, orderBy: ['msdyn_acquisitioncost', 'msdyn_name'] }))).toEqual(['M-2', 'M-5', 'M-4', 'M-1', 'M-3']);
    expect(numbers(await api.retrieveMultiple({ collection: assets, orderBy: ['msdyn_acquisitioncost desc', 'msdyn_name desc'] }))).toEqual(['M-3', 'M-1', 'M-4', 'M-5', 'M-2']);
  });

  test('$count=true gives @odata.count of every matching row even when the page is smaller; count() uses /$count', async () => {
    await seed(Array.from({ length: 7 }, (_, i) => ({ msdyn_name: `n${i}`, msdyn_assetnumber: `C-${i}`, msdyn_acquisitioncost: i })));
    const page = await api.retrieveMultiple({ collection: assets, count: true, maxPageSize: 2, filter: 'msdyn_acquisitioncost ge 2' });
    expect(page.value).toHaveLength(2);
    expect(page.oDataCount).toBe(5);
    expect(await api.count({ collection: assets })).toBe(7);
    expect(await api.count({ collection: assets, filter: 'msdyn_acquisitioncost lt 2' })).toBe(2);
  });

  test('a batch creates, upserts and reads in one request', async () => {
    api.startBatch();
    void api.create({ collection: assets, data: { msdyn_name: 'in batch', msdyn_assetnumber: 'B-1' } });
    void api.upsert({ collection: assets, key: byNumber('B-2'), data: { msdyn_name: 'upserted in batch', msdyn_acquisitioncost: 12.5 } });
    void api.retrieveMultiple({ collection: assets, select: ['msdyn_name'], orderBy: ['msdyn_name'] });
    const results = await api.executeBatch();
    expect(results).toHaveLength(3);
    expect((results[2] as { value: Array<{ msdyn_name: string }> }).value.map((r) => r.msdyn_name)).toEqual(['in batch', 'upserted in batch']);
  });
});

describe('DynamicsWebApi against the stand-in: what Dataverse refuses', () => {
  test('text in a money column is 400 0x80048d19 "Cannot convert …" and nothing is stored', async () => {
    const e = await refusal(api.create({ collection: assets, data: { msdyn_name: 'x', msdyn_assetnumber: 'T-1', msdyn_acquisitioncost: '12.50' } }));
    expect(e).toMatchObject({ status: 400, code: '0x80048d19' });
    expect(e.message).toContain("Cannot convert a value to target type 'Edm.Decimal'");
    expect(standin.tables.rows(assets)).toHaveLength(0);
  });

  test('a date that is no date, and a date-time in a date-only column, are 400 "Cannot convert the literal …"', async () => {
    const bad = await refusal(api.create({ collection: assets, data: { msdyn_name: 'x', msdyn_acquisitiondate: '2024-02-30T00:00:00Z' } }));
    expect(bad).toMatchObject({ status: 400, code: '0x80048d19' });
    expect(bad.message).toContain("Cannot convert the literal '2024-02-30T00:00:00Z' to the expected type 'Edm.DateTimeOffset'");
    const dateOnly = await refusal(api.create({ collection: 'msdyn_purchaseorders', data: { msdyn_name: 'PO-1', msdyn_purchaseorderdate: '2024-09-01T10:00:00Z' } }));
    expect(dateOnly.message).toContain("to the expected type 'Edm.Date'");
    const accepted = await api.create({ collection: 'msdyn_purchaseorders', data: { msdyn_name: 'PO-2', msdyn_purchaseorderdate: '2024-09-01' } });
    expect(accepted).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("money outside the column's range is 400 naming the column; more places than its precision are rounded", async () => {
    const negative = await refusal(api.create({ collection: 'msdyn_purchaseorders', data: { msdyn_name: 'PO-3', msdyn_totalamount: -0.01 } }));
    expect(negative).toMatchObject({ status: 400 });
    expect(negative.message).toContain("'msdyn_totalamount'");
    const huge = await refusal(api.create({ collection: assets, data: { msdyn_name: 'x', msdyn_acquisitioncost: 922337203685478 } }));
    expect(huge.message).toContain('outside the valid range');
    const po = await api.create<Record<string, unknown>, { msdyn_totalamount: number }>({ collection: 'msdyn_purchaseorders', returnRepresentation: true, data: { msdyn_name: 'PO-4', msdyn_totalamount: 10.005 } });
    expect(po.msdyn_totalamount).toBe(10.01);
  });

  test('a quoted date in $filter is refused: incompatible Edm.DateTimeOffset and Edm.String', async () => {
    const e = await refusal(api.retrieveMultiple({ collection: assets, filter: "msdyn_acquisitiondate ge '2024-09-01'" }));
    expect(e).toMatchObject({ status: 400 });
    expect(e.message).toBe("A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'.");
    const money = await refusal(api.retrieveMultiple({ collection: assets, filter: "msdyn_acquisitioncost gt '10'" }));
    expect(money.message).toContain("'Edm.Decimal' and 'Edm.String'");
  });

  test.each([...'/#<>*%&:\\?+'])('a key holding %s can be created and found by $filter, but not read, upserted or deleted by key (400)', async (c) => {
    const value = `K${c}1`;
    await api.create({ collection: assets, data: { msdyn_name: 'special', msdyn_assetnumber: value } });
    const found = await api.retrieveMultiple({ collection: assets, select: ['msdyn_assetnumber'], filter: `msdyn_assetnumber eq '${value.replaceAll("'", "''")}'` });
    expect(found.value.map((r) => r.msdyn_assetnumber)).toEqual([value]);
    expect(await refusal(api.retrieve({ collection: assets, key: byNumber(value) }))).toMatchObject({ status: 400 });
    expect(await refusal(api.upsert({ collection: assets, key: byNumber(value), data: { msdyn_name: 'changed' } }))).toMatchObject({ status: 400 });
    expect(await refusal(api.deleteRecord({ collection: assets, key: byNumber(value) }))).toMatchObject({ status: 400 });
    expect(standin.tables.find(assets, 'msdyn_assetnumber', value)?.msdyn_name).toBe('special');
  });

  test('a batch whose change set holds a bad money value fails whole: nothing from it is stored', async () => {
    api.startBatch();
    void api.create({ collection: assets, data: { msdyn_name: 'good', msdyn_assetnumber: 'G-1' } });
    void api.create({ collection: assets, data: { msdyn_name: 'bad', msdyn_assetnumber: 'G-2', msdyn_acquisitioncost: 'ten' } });
    const e = await api.executeBatch().then(() => undefined, (err: unknown) => err);
    // DynamicsWebApi rejects with the parts' answers; the failed part carries Dataverse's error body.
    const last = ((Array.isArray(e) ? e : [e]) as Array<DwaError & { error?: { code: string } }>).at(-1)!;
    expect(last.status).toBe(400);
    expect(last.code ?? last.error?.code).toBe('0x80048d19');
    expect(standin.tables.rows(assets)).toHaveLength(0);
  });
});
