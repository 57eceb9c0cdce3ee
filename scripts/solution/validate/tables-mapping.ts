/**
 * The default mapping (api/src/sync/mappings/cmms-tables.json) against the shipped tables and the
 * CMMS API (openapi.yaml): every mapped column exists and can be written, its type holds the CMMS
 * value (text at least as long as the API's maxLength or longest enum value, money with 4 decimals,
 * date-time fields as date-time columns), every estado's option value is a status reason, and the
 * key column is the table's alternate key.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Finding, SolutionPackage } from './model.ts';
import { list, node, str, type Node, type TableModel } from './tables.ts';

interface MappingDoc {
  entities: Record<string, { logicalName: string | null; keyColumn: string; columns: { source: string; column: string; type: string; options?: { optionValue: number }[] }[] }>;
}

/** Where each entity's writable fields are described in openapi.yaml. */
const SCHEMAS: Record<string, string[]> = { assets: ['AssetCreate', 'AssetFields'], purchaseOrders: ['PurchaseOrderCreate', 'PurchaseOrderFields'] };

function resolveRef(spec: Node, schema: Node): Node {
  const ref = str(schema.$ref);
  if (!ref) return schema;
  return resolveRef(spec, ref.replace(/^#\//, '').split('/').reduce<Node>((n, part) => node(n[part]), spec));
}

function fieldSchema(spec: Node, entity: string, field: string): Node | undefined {
  for (const name of SCHEMAS[entity] ?? []) {
    const props = node(node(node(node(spec.components).schemas)[name]).properties);
    if (field in props) return resolveRef(spec, node(props[field]));
  }
  return undefined;
}

export function mappingFit(pkg: SolutionPackage, tables: TableModel[], findings: Finding[], repoRoot: string, mappingName = 'cmms-tables'): void {
  const mapping = JSON.parse(readFileSync(join(repoRoot, 'api', 'src', 'sync', 'mappings', `${mappingName}.json`), 'utf8')) as MappingDoc;
  const spec = parse(readFileSync(join(repoRoot, 'openapi.yaml'), 'utf8')) as Node;
  for (const [entity, m] of Object.entries(mapping.entities)) {
    const t = tables.find((x) => x.logicalName === m.logicalName);
    if (!t) continue;
    const add = (message: string) => findings.push({ rule: 'table-mapping', where: `${pkg.file}:customizations.xml Entity ${t.schemaName}`, message: `${mappingName} ${entity}: ${message}` });
    const keys = list(node(t.entity.EntityKeys).EntityKey).map((k) => (node(k.EntityKeyAttributes).AttributeName as unknown[] | undefined ?? []).map(str).join(','));
    if (!keys.includes(m.keyColumn)) add(`key column ${m.keyColumn} is not an alternate key of the table`);
    for (const c of m.columns) {
      const a = t.attributes.get(c.column);
      if (!a) {
        add(`${c.source} → ${c.column}: the table has no such column`);
        continue;
      }
      if (str(a.ValidForCreateApi) !== '1') add(`${c.source} → ${c.column}: the column cannot be written`);
      checkType(spec, entity, c, a, add);
    }
  }
}

function checkType(spec: Node, entity: string, c: MappingDoc['entities'][string]['columns'][number], a: Node, add: (m: string) => void): void {
  const type = str(a.Type);
  const field = fieldSchema(spec, entity, c.source);
  const at = `${c.source} → ${c.column}`;
  switch (c.type) {
    case 'string': {
      if (type !== 'nvarchar' && type !== 'ntext') {
        add(`${at}: text needs a text column, not ${type}`);
        break;
      }
      const enumMax = Array.isArray(field?.enum) ? Math.max(...(field.enum as unknown[]).filter((v): v is string => typeof v === 'string').map((v) => v.length)) : 0;
      const needed = Math.max(Number(field?.maxLength ?? 0), enumMax);
      if (needed > Number(str(a.MaxLength))) add(`${at}: MaxLength ${str(a.MaxLength)} is shorter than the CMMS's ${needed}`);
      break;
    }
    case 'money':
    case 'decimal':
      if (type !== 'money' && type !== 'decimal') add(`${at}: an amount needs a money or decimal column, not ${type}`);
      else if (Number(str(a.Accuracy)) < 4) add(`${at}: ${str(a.Accuracy)} decimals lose the CMMS's 4`);
      break;
    case 'datetime':
    case 'date':
      if (type !== 'datetime') add(`${at}: a date needs a datetime column, not ${type}`);
      else {
        const dateOnly = str(a.Behavior) === '3';
        if (str(field?.format) === 'date-time' && dateOnly) add(`${at}: the CMMS field is a date-time; a date-only column drops the time`);
        if (c.type === 'date' && !dateOnly) add(`${at}: written as a date, the column must be date-only (Behavior 3)`);
      }
      break;
    case 'optionset': {
      const set = node(a.optionset);
      const values = [...list(node(set.statuses).status), ...list(node(set.options).option)].map((o) => Number(str(o['@value'])));
      for (const o of c.options ?? []) if (!values.includes(o.optionValue)) add(`${at}: option value ${o.optionValue} is not a choice of the column`);
      break;
    }
  }
}
