/**
 * The flows write Dataverse columns one by one (item/<logical name>, as the designer does), so the
 * columns they name must be the ones the API's documented mapping sends in each change record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBoth, entryText, flowEntry, ROOT } from './helpers.ts';

type Json = Record<string, unknown>;
const documented = JSON.parse(readFileSync(join(ROOT, 'api', 'src', 'sync', 'mappings', 'documented.json'), 'utf8')) as {
  entities: Record<string, { keyColumn: string; columns: { column: string }[] }>;
};
const { sync } = buildBoth();

function writes(prefix: string): { name: string; parameters: Json }[] {
  const out: { name: string; parameters: Json }[] = [];
  const walk = (map: Json) => {
    for (const [name, raw] of Object.entries(map)) {
      const a = raw as Json;
      const host = ((a.inputs as Json | undefined)?.host ?? {}) as Json;
      if (host.operationId === 'UpdateRecord') out.push({ name, parameters: (a.inputs as Json).parameters as Json });
      for (const k of ['actions']) if (a[k]) walk(a[k] as Json);
      if (a.else) walk(((a.else as Json).actions ?? {}) as Json);
    }
  };
  const flow = JSON.parse(entryText(sync, flowEntry(sync, prefix))) as Json;
  walk(((flow.properties as Json).definition as Json).actions as Json);
  return out;
}

const cases = [
  ['AssetstoDynamicsscheduled', 'assets', "items('For_each_change')"],
  ['AssetstoDynamicsrealtime', 'assets', 'triggerBody()'],
  ['PurchaseorderstoDynamicsscheduled', 'purchaseOrders', "items('For_each_change')"],
] as const;

describe('flow columns against the documented mapping', () => {
  for (const [prefix, entity, source] of cases) {
    it(`${prefix} upserts exactly the documented ${entity} columns (key in the row id), each read from the change record`, () => {
      const m = documented.entities[entity]!;
      const expected = m.columns.map((c) => c.column).filter((c) => c !== m.keyColumn).sort();
      const upserts = writes(prefix);
      expect(upserts).toHaveLength(1);
      const params = upserts[0]!.parameters;
      expect('item' in params).toBe(false);
      const columns = Object.keys(params).filter((k) => k.startsWith('item/')).map((k) => k.slice(5)).sort();
      expect(columns).toEqual(expected);
      for (const c of columns) expect(params[`item/${c}`]).toBe(`@${source}?['record']?['${c}']`);
    });
  }
});
