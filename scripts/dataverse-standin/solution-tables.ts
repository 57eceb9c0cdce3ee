/**
 * The stand-in learns the tables the solutions ship from the solution's own files
 * (solution/tables/Entities/<Schema>/Entity.xml), so it and the shipped tables cannot drift: a
 * column renamed, shortened or retyped there is renamed, shortened or retyped here.
 *
 * What a write can set is what the Web API accepts: attributes valid for create or update, each as
 * the stand-in's `ColumnDefinition`: text with MaxLength, money/decimal with Accuracy and
 * MinValue/MaxValue, int, date-only (Behavior 3) or date-time, status/state/picklist options,
 * lookups (written through `@odata.bind`) with their target tables.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { column, type ColumnDefinition, type TableDefinition } from './columns.ts';

export const SOLUTION_TABLES_DIR = resolve(import.meta.dirname, '..', '..', 'solution', 'tables', 'Entities');

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['attribute', 'EntityKey', 'AttributeName', 'status', 'state'].includes(name),
});

type Node = Record<string, unknown>;
const node = (v: unknown): Node => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(node) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A table definition of one exported/unpacked Entity.xml. */
export function tableFromEntityXml(xml: string): TableDefinition {
  const entity = node(node(node(parser.parse(xml)).Entity).EntityInfo).entity as Node;
  const logicalName = str(node(entity)['@Name']).toLowerCase();
  const columns: Record<string, ColumnDefinition> = {};
  let primaryId: string | undefined;
  for (const a of list(node(node(entity).attributes).attribute)) {
    const name = str(a.LogicalName);
    const type = str(a.Type);
    if (type === 'primarykey') primaryId = name;
    const writable = str(a.ValidForCreateApi) === '1' || str(a.ValidForUpdateApi) === '1';
    if (!writable || type === 'primarykey') continue;
    const spec = columnSpec(a, type, name);
    if (spec) columns[name] = spec;
  }
  const keys = list(node(node(entity).EntityKeys).EntityKey).map((k) => (node(k.EntityKeyAttributes).AttributeName as unknown[]).map(str));
  return {
    logicalName,
    entitySet: str(node(entity).EntitySetName),
    ...(primaryId ? { primaryId } : {}),
    alternateKeys: keys,
    columns,
    upsertMultiple: true,
  };
}

/** Lookups a platform column of a user-owned table may point at (exports list no targets for them). */
const LOOKUP_TARGETS: Record<string, string[]> = {
  ownerid: ['systemuser', 'team'],
  transactioncurrencyid: ['transactioncurrency'],
};

function columnSpec(a: Node, type: string, name: string): ColumnDefinition | undefined {
  const num = (tag: string) => Number(str(a[tag]));
  switch (type) {
    case 'nvarchar':
    case 'ntext':
    case 'memo':
      return column.text(num('MaxLength'));
    case 'money':
      return column.money(num('Accuracy'), num('MinValue'), num('MaxValue'));
    case 'decimal':
      return column.decimal(num('Accuracy'), num('MinValue'), num('MaxValue'));
    case 'int':
      return column.integer(num('MinValue'), num('MaxValue'));
    case 'bigint':
      return { type: 'bigint' };
    case 'bit':
      return column.boolean;
    case 'datetime':
      return str(a.Behavior) === '3' ? column.dateOnly : column.dateTime;
    case 'state':
    case 'status':
    case 'picklist': {
      const set = node(a.optionset);
      const options = type === 'state' ? list(node(set.states).state) : type === 'status' ? list(node(set.statuses).status) : list(node(set.options).option);
      return column.choice(...options.map((o) => Number(str(o['@value']))));
    }
    case 'lookup':
    case 'owner':
      return column.lookup(...(LOOKUP_TARGETS[name] ?? []));
    default:
      return undefined;
  }
}

/** Every table of the shipped solution; none when the folder is absent (a partial checkout). */
export function solutionTables(dir = SOLUTION_TABLES_DIR): TableDefinition[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'Entity.xml')))
    .map((name) => tableFromEntityXml(readFileSync(join(dir, name, 'Entity.xml'), 'utf8')));
}
