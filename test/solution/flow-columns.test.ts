/**
 * The flows are generated for the chosen mapping: for every preset the API ships, the packed flows
 * name the mapping's tables, key and status columns as literals and write exactly its columns
 * (item/<logical name>, as the designer does), each read from the change record the API sends.
 * The expected values come from the preset files themselves, not from the generator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBoth, entryText, flowEntry, ROOT } from './helpers.ts';

type Json = Record<string, unknown>;
interface Preset {
  entities: Record<string, {
    logicalName: string | null;
    entitySet: string | null;
    keyColumn: string;
    columns: { source: string; column: string; type: string; owner?: string }[];
    lookups?: { navigation: string; entitySet: string; from: string }[];
  }>;
}
const PRESET_DIR = join(ROOT, 'api', 'src', 'sync', 'mappings');
const presets = readdirSync(PRESET_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));
// The purchase-order table a preset leaves to settings, given at pack time as the API takes it.
const PO_TABLE = { purchaseOrderTable: 'cr123_purchaseorder', purchaseOrderEntitySet: 'cr123_purchaseorders' };

function actionsOf(flow: Json): { name: string; a: Json }[] {
  const out: { name: string; a: Json }[] = [];
  const walk = (map: Json) => {
    for (const [name, raw] of Object.entries(map)) {
      const a = raw as Json;
      out.push({ name, a });
      if (a.actions) walk(a.actions as Json);
      if (a.else) walk(((a.else as Json).actions ?? {}) as Json);
    }
  };
  const def = (flow.properties as Json).definition as Json;
  walk(def.triggers as Json);
  walk(def.actions as Json);
  return out;
}
const params = (a: Json) => ((a.inputs as Json | undefined)?.parameters ?? {}) as Json;
const op = (a: Json) => ((a.inputs as Json | undefined)?.host as Json | undefined)?.operationId;

const cases = [
  ['AssetstoDynamicsscheduled', 'assets', "items('For_each_change')"],
  ['AssetstoDynamicsrealtime', 'assets', 'triggerBody()'],
  ['PurchaseorderstoDynamicsscheduled', 'purchaseOrders', "items('For_each_change')"],
] as const;

describe.each(presets)('flows generated for the %s mapping', (preset) => {
  const m = JSON.parse(readFileSync(join(PRESET_DIR, `${preset}.json`), 'utf8')) as Preset;
  const leaves = m.entities.purchaseOrders!.logicalName === null;
  const { sync } = buildBoth(false, { mapping: preset, ...(leaves ? PO_TABLE : {}) });
  const table = (entity: string) => {
    const e = m.entities[entity]!;
    return entity === 'purchaseOrders' && leaves ? { logical: PO_TABLE.purchaseOrderTable, set: PO_TABLE.purchaseOrderEntitySet } : { logical: e.logicalName!, set: e.entitySet! };
  };
  const flow = (prefix: string) => JSON.parse(entryText(sync, flowEntry(sync, prefix))) as Json;
  const hasLookups = Object.values(m.entities).some((e) => e.lookups?.length);

  for (const [prefix, entity, source] of cases) {
    it(`${prefix} upserts exactly the mapped ${entity} columns into the literal entity set, keyed by the literal key column`, () => {
      const e = m.entities[entity]!;
      // Columns Dynamics owns are never written by the CMMS; the key column is (a row addressed by id needs it).
      const expected = e.columns.filter((c) => c.owner !== 'dynamics').map((c) => c.column).sort();
      const writes = actionsOf(flow(prefix)).filter((x) => op(x.a) === 'UpdateRecord');
      // One write by the alternate key (literal key column), one by the id of the row holding a key no URL can carry.
      expect(writes.map((w) => w.name).sort()).toEqual(['Upsert_row', 'Upsert_row_by_id']);
      const byKey = params(writes.find((w) => w.name === 'Upsert_row')!.a);
      const byId = params(writes.find((w) => w.name === 'Upsert_row_by_id')!.a);
      expect(String(byKey.recordId)).toContain(`concat('${e.keyColumn}='''`);
      expect(String(byId.recordId)).toContain(`?['rowId']`);
      for (const p of [byKey, byId]) {
        expect(p.entityName).toBe(table(entity).set);
        const columns = Object.keys(p).filter((k) => k.startsWith('item/') && !k.endsWith('@odata.bind')).map((k) => k.slice(5)).sort();
        expect(columns).toEqual(expected);
        for (const c of columns) expect(p[`item/${c}`]).toBe(`@${source}?['record']?['${c}']`);
        // The lookups the preset binds on every row, and nothing else.
        const binds = Object.keys(p).filter((k) => k.endsWith('@odata.bind')).sort();
        expect(binds).toEqual((e.lookups ?? []).map((l) => `item/${l.navigation}@odata.bind`).sort());
        for (const l of e.lookups ?? []) expect(String(p[`item/${l.navigation}@odata.bind`])).toMatch(new RegExp(`^${l.entitySet}\\(@\\{.+\\}\\)$`));
      }
      // The row holding a key no URL can carry is found by $filter on the literal key column, quotes doubled.
      const finds = actionsOf(flow(prefix)).filter((x) => op(x.a) === 'ListRecords' && params(x.a).entityName === table(entity).set);
      expect(finds.map((f) => f.name).sort()).toEqual(['Find_row_to_delete', 'Find_row_to_upsert']);
      for (const f of finds) expect(params(f.a).$filter).toBe(`${e.keyColumn} eq '@{replace(string(${source}?['key']), '''', '''''')}'`);
      for (const d of actionsOf(flow(prefix)).filter((x) => op(x.a) === 'DeleteRecord')) expect(params(d.a).entityName).toBe(table(entity).set);
    });
  }

  it('the status flow watches the literal purchase-order table, filtered to the mapped status column', () => {
    const status = m.entities.purchaseOrders!.columns.find((c) => c.source === 'estado')!.column;
    const [trigger] = actionsOf(flow('PurchaseorderstatustoCMMS'));
    expect(params(trigger!.a)['subscriptionRequest/entityname']).toBe(table('purchaseOrders').logical);
    expect(params(trigger!.a)['subscriptionRequest/filteringattributes']).toBe(status);
    const send = actionsOf(flow('PurchaseorderstatustoCMMS')).find((x) => op(x.a) === 'SetPurchaseOrderStatus')!;
    expect(params(send.a)['body/statuscode']).toBe(`@triggerOutputs()?['body/${status}']`);
    expect(params(send.a).numero_requisicion).toBe(`@triggerOutputs()?['body/${m.entities.purchaseOrders!.keyColumn}']`);
  });

  it('the scheduled flows run on a literal interval and read no table or column from an environment variable', () => {
    for (const prefix of ['AssetstoDynamicsscheduled', 'PurchaseorderstoDynamicsscheduled']) {
      const f = flow(prefix);
      const recurrence = (((f.properties as Json).definition as Json).triggers as Json).Recurrence as Json;
      expect(recurrence.recurrence).toEqual({ frequency: 'Minute', interval: 15 });
    }
    for (const name of [...sync.entries.keys()].filter((n) => n.startsWith('Workflows/'))) {
      const schemaNames = Object.values((((JSON.parse(entryText(sync, name)) as Json).properties as Json).definition as Json).parameters as Json)
        .map((p) => ((p as Json).metadata as Json | undefined)?.schemaName)
        .filter(Boolean);
      // The lookups' vendor id and currency code are values, never names (and only where the mapping has lookups).
      const allowed = ['cmms_SyncPageSize', 'cmms_SyncConsumer', 'cmms_IntegrationUserId', ...(hasLookups ? ['cmms_VendorAccountId', 'cmms_CurrencyCode'] : [])];
      expect(schemaNames.filter((s) => !allowed.includes(String(s))), name).toEqual([]);
    }
  });
});
