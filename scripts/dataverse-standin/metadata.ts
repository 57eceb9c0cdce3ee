/**
 * Table metadata the sync needs: a table's alternate keys (`EntityDefinitions(LogicalName='t')/Keys`)
 * with their index state, and creating one (POST to the same collection), as the Web API serves
 * them. Keys a table is declared with are Active; a created key is Pending until Dataverse has
 * built its index in the background (here: `keyActivationMs` after creation), then Active.
 */
import { randomUUID } from 'node:crypto';
import { StandinError } from './errors.ts';
import { Table } from './store.ts';
import type { ApiRequest, ApiResponse, WebApiContext } from './responses.ts';

interface CreatedKey {
  id: string;
  schemaName: string;
  columns: string[];
  createdAt: number;
}

const created = new WeakMap<Map<string, Table>, Map<string, CreatedKey[]>>();
const JSON_HEADERS = { 'content-type': 'application/json; odata.metadata=minimal', 'odata-version': '4.0' };

function tableByLogicalName(ctx: WebApiContext, logicalName: string): Table {
  const t = [...ctx.tables.values()].find((x) => x.def.logicalName === logicalName);
  if (!t) throw new StandinError(404, '0x80040217', `Could not find an entity with name ${logicalName}.`);
  return t;
}

/** Handles `EntityDefinitions(LogicalName='…')/Keys`; undefined for any other path. */
export function entityDefinitions(ctx: WebApiContext, req: ApiRequest, segments: string[]): ApiResponse | undefined {
  const m = /^EntityDefinitions\(LogicalName='([a-z0-9_]+)'\)$/.exec(segments[0] ?? '');
  if (!m) return undefined;
  if (segments.length !== 2 || segments[1] !== 'Keys') throw new StandinError(404, '0x8006088a', `Resource not found for the segment '${segments.slice(1).join('/')}'.`);
  const table = tableByLogicalName(ctx, m[1]!);
  let byTable = created.get(ctx.tables);
  if (!byTable) created.set(ctx.tables, (byTable = new Map()));
  const mine = byTable.get(table.def.logicalName) ?? [];
  const activationMs = ctx.keyActivationMs ?? 0;
  if (req.method === 'GET') {
    const declared = table.def.alternateKeys
      .filter((cols) => !mine.some((k) => k.columns.join(',') === cols.join(',')))
      .map((cols) => ({ MetadataId: randomUUID(), SchemaName: `${table.def.logicalName}_${cols.join('_')}_key`, KeyAttributes: cols, EntityKeyIndexStatus: 'Active' }));
    const made = mine.map((k) => ({ MetadataId: k.id, SchemaName: k.schemaName, KeyAttributes: k.columns, EntityKeyIndexStatus: Date.now() - k.createdAt >= activationMs ? 'Active' : 'Pending' }));
    return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ '@odata.context': `${ctx.serviceRoot}$metadata#EntityDefinitions('${table.def.logicalName}')/Keys`, value: [...declared, ...made].map((k) => ({ ...k, LogicalName: k.SchemaName.toLowerCase() })) }) };
  }
  if (req.method !== 'POST') throw new StandinError(405, '0x80060888', `The method ${req.method} is not allowed on Keys.`);
  const body = JSON.parse(req.body || '{}') as { SchemaName?: unknown; KeyAttributes?: unknown };
  const columns = Array.isArray(body.KeyAttributes) ? body.KeyAttributes.filter((c): c is string => typeof c === 'string') : [];
  if (typeof body.SchemaName !== 'string' || !columns.length) throw new StandinError(400, '0x80040203', 'SchemaName and KeyAttributes are required.');
  for (const c of columns) if (table.def.columns && !(c in table.def.columns)) throw new StandinError(400, '0x80040203', `Attribute ${c} does not exist on ${table.def.logicalName}.`);
  if (table.keyFor(columns)) throw new StandinError(400, '0x80048d0b', `A key with the same attributes already exists on ${table.def.logicalName}.`);
  const key: CreatedKey = { id: randomUUID(), schemaName: body.SchemaName, columns, createdAt: Date.now() };
  byTable.set(table.def.logicalName, [...mine, key]);
  // The index: a new table object with the key, holding the same rows (restore keeps versions).
  const next = new Table({ ...table.def, alternateKeys: [...table.def.alternateKeys, columns] });
  next.observer = table.observer;
  for (const [id, row] of table.rows) next.restore(id, row);
  ctx.tables.set(table.def.entitySet, next);
  return { status: 204, headers: { 'odata-version': '4.0', 'odata-entityid': `${ctx.serviceRoot}EntityDefinitions(LogicalName='${table.def.logicalName}')/Keys(${key.id})` }, body: '' };
}
