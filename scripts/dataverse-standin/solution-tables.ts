/**
 * The stand-in learns the tables the solutions ship from the solution's own files
 * (solution/tables/Entities/<Schema>/Entity.xml), so it and the shipped tables cannot drift: a
 * column renamed, shortened or retyped there is renamed, shortened or retyped here.
 *
 * What a write can set is what the Web API accepts: attributes valid for create or update.
 * Lookups are written through `@odata.bind` and so are not plain columns. Status reasons are the
 * statuscode option set's values; text lengths are MaxLength.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { ColumnSpec, TableDefinition } from './store.ts';

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
  const columns: Record<string, ColumnSpec> = {};
  let primaryId: string | undefined;
  for (const a of list(node(node(entity).attributes).attribute)) {
    const name = str(a.LogicalName);
    const type = str(a.Type);
    if (type === 'primarykey') primaryId = name;
    const writable = str(a.ValidForCreateApi) === '1' || str(a.ValidForUpdateApi) === '1';
    if (!writable || type === 'lookup' || type === 'owner' || type === 'primarykey') continue;
    const spec = columnSpec(a, type);
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

function columnSpec(a: Node, type: string): ColumnSpec | undefined {
  switch (type) {
    case 'nvarchar':
    case 'ntext':
    case 'memo':
      return { type: 'string', maxLength: Number(str(a.MaxLength)) };
    case 'money':
      return { type: 'money' };
    case 'decimal':
    case 'int':
    case 'bigint':
    case 'float':
      return { type: 'number' };
    case 'bit':
      return { type: 'bool' };
    case 'datetime':
      return { type: str(a.Behavior) === '3' ? 'date' : 'datetime' };
    case 'state':
    case 'status':
    case 'picklist': {
      const set = node(a.optionset);
      const options = type === 'state' ? list(node(set.states).state) : type === 'status' ? list(node(set.statuses).status) : list(node(set.options).option);
      return { type: 'choice', values: options.map((o) => Number(str(o['@value']))) };
    }
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
