/**
 * The stand-in's column rules, table by table definition: a probe table with one column of each
 * type is served through `tables.extraTables`, the same door solution-defined tables will use.
 * Requests are raw HTTP so nothing of our client shapes what the stand-in sees.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { startDataverseStandin, type DataverseStandin } from '../../scripts/dataverse-standin/index.ts';
import { column, roundDecimalText, type TableDefinition } from '../../scripts/dataverse-standin/columns.ts';
import { standinToken } from './helpers.ts';

const probe: TableDefinition = {
  logicalName: 'cr9_probe',
  entitySet: 'cr9_probes',
  alternateKeys: [['cr9_code']],
  upsertMultiple: false,
  columns: {
    cr9_code: column.text(20), cr9_text: column.text(5), cr9_money: column.money(2, 0, 1000), cr9_decimal: column.decimal(4, -1, 1),
    cr9_integer: column.integer(0, 10), cr9_flag: column.boolean, cr9_day: column.dateOnly, cr9_when: column.dateTime,
    cr9_choice: column.choice(1, 2), cr9_parent: column.lookup('cr9_probe'),
  },
};

let standin: DataverseStandin;
let token: string;
beforeAll(async () => {
  standin = await startDataverseStandin({ tables: { extraTables: [probe] } });
  token = await standinToken(standin);
});
afterAll(() => standin.close());
beforeEach(() => standin.tables.clear('cr9_probes'));

async function send(method: string, path: string, body?: string | Record<string, unknown>): Promise<{ status: number; text: string; json: Record<string, any> }> {
  const res = await standin.fetch(`${standin.url}/api/data/v9.2/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, any> = {};
  try { json = JSON.parse(text) as Record<string, any>; } catch { /* plain text answers ($count) */ }
  return { status: res.status, text, json };
}
const create = (row: Record<string, unknown> | string) => send('POST', 'cr9_probes', row);

describe('column types refuse what the OData reader cannot convert (400 0x80048d19)', () => {
  test.each([
    ['a number in a text column', { cr9_text: 5 }, "Cannot convert the literal '5' to the expected type 'Edm.String'."],
    ['text in a money column', { cr9_money: '1' }, "Cannot convert a value to target type 'Edm.Decimal' because of conflict between input format string/number and parameter 'IEEE754Compatible' false/true."],
    ['a boolean in a money column', { cr9_money: true }, "Cannot convert the literal 'true' to the expected type 'Edm.Decimal'."],
    ['a fraction in an integer column', { cr9_integer: 1.5 }, "Cannot convert the literal '1.5' to the expected type 'Edm.Int32'."],
    ['text in an integer column', { cr9_integer: '3' }, "Cannot convert the literal '3' to the expected type 'Edm.Int32'."],
    ['0 in a yes/no column', { cr9_flag: 0 }, "Cannot convert the literal '0' to the expected type 'Edm.Boolean'."],
    ['a date without leading zeros', { cr9_day: '2024-9-1' }, "Cannot convert the literal '2024-9-1' to the expected type 'Edm.Date'."],
    ['a date-time with a space', { cr9_when: '2024-09-01 10:00:00' }, "Cannot convert the literal '2024-09-01 10:00:00' to the expected type 'Edm.DateTimeOffset'."],
    ['a choice label instead of its value', { cr9_choice: 'Active' }, "Cannot convert the literal 'Active' to the expected type 'Edm.Int32'."],
    ['an object in a text column', { cr9_text: { a: 1 } }, "An unexpected 'StartObject' node was found for property named 'cr9_text'"],
    ['a bind to a column that is no lookup', { 'cr9_text@odata.bind': '/cr9_probes(00000000-0000-0000-0000-000000000001)' }, "An undeclared property 'cr9_text' which only has property annotations"],
  ])('%s', async (_, row, inner) => {
    const res = await create(row);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('0x80048d19');
    expect(res.json.error.message).toContain("Error identified in Payload provided by the user for Entity :'cr9_probes'");
    expect(res.json.error.message).toContain(inner);
    expect(standin.tables.rows('cr9_probes')).toHaveLength(0);
  });
});

describe("Dataverse's own validation after conversion", () => {
  test.each([
    ['text longer than its maximum', { cr9_text: 'abcdef' }, '0x80044331', "The length of the 'cr9_text' attribute of the 'cr9_probe' entity exceeded the maximum allowed length of '5'."],
    ['money above its maximum', { cr9_money: 1000.01 }, '0x0', "The value 1000.01 of 'cr9_money' on record of type 'cr9_probe' is outside the valid range."],
    ['an integer above its maximum', { cr9_integer: 11 }, '0x0', "The value 11 of 'cr9_integer' on record of type 'cr9_probe' is outside the valid range."],
    ['a choice value not in the option set', { cr9_choice: 3 }, '0x8004431A', "The value 3 of 'cr9_choice' on record of type 'cr9_probe' is outside the valid range. Accepted Values: 1,2"],
    ['a date before 1753', { cr9_day: '1752-12-31' }, '0x80044331', 'The date-time format for cr9_day is invalid, or value is outside the supported range.'],
  ])('%s', async (_, row, code, message) => {
    const res = await create(row);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code });
    expect(res.json.error.message).toContain(message);
  });

  test('every column takes a value of its type and reads it back; decimals round to the column precision', async () => {
    expect((await create({ cr9_code: 'P' })).status).toBe(204);
    const parentId = String(standin.tables.find('cr9_probes', 'cr9_code', 'P')!.cr9_probeid);
    const row = {
      cr9_code: 'K-1', cr9_text: 'añb😀', cr9_money: 999.99, cr9_decimal: -0.12345, cr9_integer: 10, cr9_flag: false,
      cr9_day: '2024-02-29', cr9_when: '2024-09-01T10:00:00.123+02:00', cr9_choice: 2,
      'cr9_parent@odata.bind': `/cr9_probes(${parentId})`,
    };
    expect((await create(row)).status).toBe(204);
    const back = (await send('GET', "cr9_probes(cr9_code='K-1')")).json;
    expect(back).toMatchObject({
      cr9_text: 'añb😀', cr9_money: 999.99, cr9_decimal: -0.1235, cr9_integer: 10, cr9_flag: false,
      cr9_day: '2024-02-29', cr9_when: '2024-09-01T10:00:00.123+02:00', cr9_choice: 2, _cr9_parent_value: parentId,
    });
  });

  test('a bind to a row that does not exist is 404 0x80040217 naming the table and id, and writes nothing', async () => {
    const missing = '0badc0de-0000-4000-8000-0000000000ff';
    for (const value of [`/cr9_probes(${missing})`, `cr9_probes(${missing.toUpperCase()})`]) {
      const res = await create({ cr9_code: 'ORPHAN', 'cr9_parent@odata.bind': value });
      expect(res.status, value).toBe(404);
      expect(res.json.error).toEqual({ code: '0x80040217', message: `cr9_probe With Id = ${missing} Does Not Exist` });
    }
    expect(standin.tables.rows('cr9_probes')).toHaveLength(0);
  });

  test('a bind into a table the lookup does not point at is refused as a payload error', async () => {
    const usd = standin.tables.rows('transactioncurrency').find((c) => c.isocurrencycode === 'USD')!;
    const res = await create({ cr9_code: 'WRONG', 'cr9_parent@odata.bind': `/transactioncurrencies(${String(usd.transactioncurrencyid)})` });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('0x80048d19');
    expect(standin.tables.rows('cr9_probes')).toHaveLength(0);
  });

  test('any money with up to 2 places inside 0 … 1000 is stored as sent; anything above 1000 is refused', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 200_000 }), async (cents) => {
      const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const res = await create(`{"cr9_money": ${text}}`);
      if (cents <= 100_000) {
        expect(res.status).toBe(204);
        expect(standin.tables.rows('cr9_probes').some((r) => r.cr9_money === Number(text))).toBe(true);
      } else {
        expect(res.status).toBe(400);
      }
    }), { numRuns: 100, seed: 9 });
  });

  test('rounding works on the digits sent, half away from zero', () => {
    expect(roundDecimalText('10.005', 2)).toBe('10.01');
    expect(roundDecimalText('-10.005', 2)).toBe('-10.01');
    expect(roundDecimalText('9.999', 2)).toBe('10.00');
    expect(roundDecimalText('0.99995', 4)).toBe('1.0000');
    expect(roundDecimalText('12345678901234.5678', 4)).toBe('12345678901234.5678');
    expect(roundDecimalText('1.4', 0)).toBe('1');
  });
});

describe('queries are typed by the table definition', () => {
  beforeEach(async () => {
    for (const [code, money, day] of [['A', 5, '2024-01-01'], ['B', 40, '2024-06-30'], ['C', null, '2023-12-31']] as const) {
      expect((await create({ cr9_code: code, cr9_money: money, cr9_day: day, cr9_flag: code === 'B' })).status).toBe(204);
    }
  });
  const codes = async (query: string) => ((await send('GET', `cr9_probes?${query}`)).json.value as Array<{ cr9_code: string }>).map((r) => r.cr9_code);

  test('date-only, boolean, null and number comparisons select the right rows', async () => {
    expect(await codes(`$filter=${encodeURIComponent('cr9_day ge 2024-01-01')}&$orderby=cr9_code`)).toEqual(['A', 'B']);
    expect(await codes(`$filter=${encodeURIComponent('cr9_flag eq true')}`)).toEqual(['B']);
    expect(await codes(`$filter=${encodeURIComponent('cr9_money eq null')}`)).toEqual(['C']);
    expect(await codes(`$filter=${encodeURIComponent('cr9_money lt 10.5 or cr9_money gt 39')}&$orderby=cr9_money desc`)).toEqual(['B', 'A']);
  });

  test('ascending order puts nulls first, as SQL Server does', async () => {
    expect(await codes('$orderby=cr9_money')).toEqual(['C', 'A', 'B']);
  });

  test.each([
    ['contains on a money column', `$filter=${encodeURIComponent("contains(cr9_money,'5')")}`, "No function signature for the function with name 'contains'"],
    ['a text literal against an integer', `$filter=${encodeURIComponent("cr9_integer eq '3'")}`, "Found operand types 'Edm.Int32' and 'Edm.String' for operator kind 'Equal'."],
    ['a number against a text column', `$filter=${encodeURIComponent('cr9_text eq 3')}`, "Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'."],
    ['an impossible date literal', `$filter=${encodeURIComponent('cr9_day eq 2024-02-30')}`, "The date or time literal '2024-02-30' is not valid."],
    ['$orderby on an unknown column', '$orderby=cr9_nothing', "Could not find a property named 'cr9_nothing' on type 'Microsoft.Dynamics.CRM.cr9_probe'."],
    ['$orderby with a direction that is neither asc nor desc', `$orderby=${encodeURIComponent('cr9_money sideways')}`, 'Syntax error'],
    ['$count that is not a boolean', '$count=yes', "Invalid value 'yes' for $count query option found."],
  ])('%s is 400', async (_, query, message) => {
    const res = await send('GET', `cr9_probes?${query}`);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(message);
  });

  test('/$count answers the number of matching rows as plain text', async () => {
    const res = await send('GET', `cr9_probes/$count?$filter=${encodeURIComponent('cr9_money ge 5')}`);
    expect(res).toMatchObject({ status: 200, text: '2' });
  });
});

describe('money limits are judged on the digits sent', () => {
  test('922337203685477 is the largest money Dataverse holds: one cent more is refused, though a double cannot tell them apart', async () => {
    const table = 'msdyn_customerassets';
    const at = await send('POST', table, '{"msdyn_name": "max", "msdyn_acquisitioncost": 922337203685477.0000}');
    expect(at.status).toBe(204);
    const over = await send('POST', table, '{"msdyn_name": "over", "msdyn_acquisitioncost": 922337203685477.01}');
    expect(over.status).toBe(400);
    expect(over.json.error.message).toContain("The value 922337203685477.01 of 'msdyn_acquisitioncost'");
    const under = await send('POST', table, '{"msdyn_name": "under", "msdyn_acquisitioncost": -922337203685477.0001}');
    expect(under.status).toBe(400);
  });
});

describe('decimals read back with the digits Dataverse keeps', () => {
  test('12345678901234.5678 (beyond a double) reads back digit for digit, by POST, PATCH and UpsertMultiple', async () => {
    const table = 'msdyn_customerassets';
    expect((await send('POST', table, '{"msdyn_assetnumber": "X-1", "msdyn_acquisitioncost": 12345678901234.5678}')).status).toBe(204);
    expect((await send('PATCH', "msdyn_customerassets(msdyn_assetnumber='X-2')", '{"msdyn_currentbookvalue": 98765432109876.5432}')).status).toBe(204);
    const multiple = '{"Targets": [{"@odata.type": "Microsoft.Dynamics.CRM.msdyn_customerasset", "@odata.id": "msdyn_customerassets(msdyn_assetnumber=\'X-3\')", "msdyn_acquisitioncost": 922337203685476.9999}]}';
    expect((await send('POST', `${table}/Microsoft.Dynamics.CRM.UpsertMultiple`, multiple)).status).toBe(204);
    const text = (await send('GET', `${table}?$select=msdyn_acquisitioncost,msdyn_currentbookvalue&$orderby=msdyn_assetnumber`)).text;
    expect(text).toContain('"msdyn_acquisitioncost":12345678901234.5678');
    expect(text).toContain('"msdyn_currentbookvalue":98765432109876.5432');
    expect(text).toContain('"msdyn_acquisitioncost":922337203685476.9999');
  });
});
