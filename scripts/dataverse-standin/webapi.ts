/**
 * The Web API operations on the in-memory tables, as pure request → response functions so the
 * HTTP server and the `$batch` processor share them. Statuses, headers, codes and messages follow
 * reference dataverse-webapi.md §2–§3 and the emulator checklist (§9).
 */
import { StandinError, parseEntitySegment, type EntityRef } from './odata.ts';
import { Table, type Journal, type Row, rollback } from './store.ts';
import { exactTextsOf, parseJsonKeepingNumbers, stringifyExact } from './columns.ts';
import { errorResponse, json, noContent, type ApiRequest, type ApiResponse, type WebApiContext } from './responses.ts';
import { countOnly, query, selectOf } from './query.ts';
import { entityDefinitions } from './metadata.ts';

export { errorResponse, type ApiRequest, type ApiResponse, type WebApiContext } from './responses.ts';

/** Runs one operation; `journal` collects undo entries when it runs inside a change set. */
export function execute(ctx: WebApiContext, req: ApiRequest, journal?: Journal): ApiResponse {
  try {
    return route(ctx, req, journal);
  } catch (e) {
    if (e instanceof StandinError) return errorResponse(e.status, e.code, e.message);
    return errorResponse(500, '0x80040216', `An unexpected error occurred: ${(e as Error).message}`);
  }
}

function route(ctx: WebApiContext, req: ApiRequest, journal?: Journal): ApiResponse {
  const segments = req.path.split('/').filter(Boolean).map(decodeSegment);
  if (segments.length === 0) {
    if (req.method !== 'GET') throw notFoundMethod(req);
    return json(200, { '@odata.context': `${ctx.serviceRoot}$metadata`, value: [...ctx.tables.values()].map((t) => ({ name: t.def.entitySet, kind: 'EntitySet', url: t.def.entitySet })) });
  }
  // Functions take parentheses (`WhoAmI()`, the documented form); the service also answers without.
  if ((segments[0] === 'WhoAmI' || segments[0] === 'WhoAmI()') && segments.length === 1) {
    if (req.method !== 'GET') throw notFoundMethod(req);
    return json(200, { '@odata.context': `${ctx.serviceRoot}$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: '2b8e1c7a-0000-4000-8000-000000000001', UserId: '2b8e1c7a-0000-4000-8000-000000000002', OrganizationId: '2b8e1c7a-0000-4000-8000-000000000003' });
  }
  const metadata = entityDefinitions(ctx, req, segments);
  if (metadata) return metadata;
  const { set, ref } = parseEntitySegment(segments[0]!);
  const table = ctx.tables.get(set);
  if (!table) throw new StandinError(404, '0x8006088a', `Resource not found for the segment '${set}'.`);
  if (segments.length === 2 && !ref && segments[1] === 'Microsoft.Dynamics.CRM.UpsertMultiple') {
    if (!table.def.upsertMultiple || req.method !== 'POST') throw new StandinError(404, '0x8006088a', `Resource not found for the segment 'Microsoft.Dynamics.CRM.UpsertMultiple'.`);
    return upsertMultiple(ctx, table, req);
  }
  if (segments.length === 2 && !ref && segments[1] === '$count' && req.method === 'GET') return countOnly(table, req);
  if (segments.length > 1) throw new StandinError(404, '0x8006088a', `Resource not found for the segment '${segments[1]}'.`);
  if (!ref) {
    if (req.method === 'GET') return query(ctx, table, req);
    if (req.method === 'POST') return create(ctx, table, req, journal);
    throw notFoundMethod(req);
  }
  if (req.method === 'GET') {
    const row = resolve(table, ref);
    if (!row) throw missing(table, ref);
    return json(200, { '@odata.context': `${ctx.serviceRoot}$metadata#${set}/$entity`, ...table.view(row, selectOf(table, req.query)) });
  }
  if (req.method === 'PATCH') return upsert(ctx, table, ref, req, journal);
  if (req.method === 'DELETE') {
    const row = resolve(table, ref);
    if (!row) throw missing(table, ref);
    table.remove(row[table.pk] as string, journal);
    return noContent();
  }
  throw notFoundMethod(req);
}

/** A malformed escape (a bare `%` in a key) never reaches OData: the request is simply bad. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new StandinError(400, '0x0', 'Bad Request - Error in query syntax.');
  }
}

function notFoundMethod(req: ApiRequest): StandinError {
  return new StandinError(404, '', `No HTTP resource was found that matches the request URI '${req.path}' for method ${req.method}.`);
}

/**
 * Microsoft: "If the data within a column that is used in an alternate key contains one of the
 * following characters /, #, <, >, *, %, &, :, \\, ?, + then GET or PATCH actions won't work."
 * ASP.NET refuses the path for `< > * % & : \ ?` ([inferred] its default requestPathInvalidCharacters);
 * `/`, `#` and `+` break the OData segment parse ("Bad Request - Error in query syntax.", seen live
 * for '/'). Both are 400. Creating such a row with POST works: only addressing it by key fails.
 */
const KEY_BREAKERS = /[/#<>*%&:\\?+]/;

function checkKeyCharacters(ref: EntityRef): void {
  if ('id' in ref) return;
  for (const value of Object.values(ref.keys)) {
    const bad = typeof value === 'string' ? KEY_BREAKERS.exec(value)?.[0] : undefined;
    if (!bad) continue;
    if ('/#+'.includes(bad)) throw new StandinError(400, '0x0', 'Bad Request - Error in query syntax.');
    throw new StandinError(400, '0x0', `A potentially dangerous Request.Path value was detected from the client (${bad}).`);
  }
}

function resolve(table: Table, ref: EntityRef): Row | undefined {
  if ('id' in ref) return table.rows.get(ref.id);
  checkKeyCharacters(ref);
  const columns = Object.keys(ref.keys);
  if (!table.keyFor(columns)) {
    const name = `Microsoft.Dynamics.CRM.${table.def.logicalName}`;
    throw new StandinError(400, '0x8006088a', `The key in the request URI is not valid for resource '${name}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource '${name}'.`);
  }
  return table.findByKey(ref.keys);
}

function missing(table: Table, ref: EntityRef): StandinError {
  if ('id' in ref) return new StandinError(404, '0x80040217', `${table.def.logicalName} With Id = ${ref.id} Does Not Exist`);
  return new StandinError(404, '0x80060891', `A record with the specified key values does not exist in ${table.def.logicalName} entity`);
}

function entityUrl(ctx: WebApiContext, table: Table, ref: EntityRef): string {
  if ('id' in ref) return `${ctx.serviceRoot}${table.def.entitySet}(${ref.id})`;
  // An alternate-key upsert echoes the key form, not a GUID (reference §3.2).
  const parts = Object.entries(ref.keys).map(([k, v]) => `${k}=${typeof v === 'string' ? `'${encodeURIComponent(v.replaceAll("'", "''"))}'` : String(v)}`);
  return `${ctx.serviceRoot}${table.def.entitySet}(${parts.join(',')})`;
}

function parseBody(req: ApiRequest): Row {
  if (!req.body.trim()) return {};
  try {
    const value = parseJsonKeepingNumbers(req.body);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Row;
  } catch {
    // fall through to the OData error Dataverse gives for unreadable payloads
  }
  throw new StandinError(400, '0x80048d19', 'Error identified in Payload provided by the user for Entity :\'\' ----> InnerException : Microsoft.OData.ODataException: Does not support untyped value in non-open type.');
}

function wantsRepresentation(req: ApiRequest): boolean {
  return /return=representation/i.test(req.headers['prefer'] ?? '');
}


function upsert(ctx: WebApiContext, table: Table, ref: EntityRef, req: ApiRequest, journal?: Journal): ApiResponse {
  const existing = resolve(table, ref);
  const fields = table.normalize(parseBody(req), ctx.tables);
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  let row: Row;
  let created: boolean;
  if (existing) {
    if (ifNoneMatch === '*') throw new StandinError(412, '0x80040237', 'A record with matching key values already exists.');
    if (ifMatch && ifMatch !== '*' && ifMatch !== `W/"${String(existing.versionnumber)}"`) {
      throw new StandinError(412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided.");
    }
    // You cannot change a key while addressing by it: body values for key columns are dropped.
    if ('keys' in ref) for (const k of Object.keys(ref.keys)) delete fields[k];
    row = { ...existing, ...fields, [table.pk]: existing[table.pk] };
    created = false;
  } else {
    if (ifMatch) throw missing(table, ref);
    const id = 'id' in ref ? ref.id : typeof fields[table.pk] === 'string' ? (fields[table.pk] as string).toLowerCase() : table.newId();
    // On create, body values win over the URL's key values, which fill in when absent.
    row = { ...('keys' in ref ? ref.keys : {}), ...fields, [table.pk]: id };
    created = true;
  }
  table.put(row, journal, exactTextsOf(fields));
  const stored = table.rows.get(row[table.pk] as string)!;
  if (wantsRepresentation(req)) {
    return json(created ? 201 : 200, { '@odata.context': `${ctx.serviceRoot}$metadata#${table.def.entitySet}/$entity`, ...table.view(stored, selectOf(table, req.query)) }, { 'preference-applied': 'return=representation' });
  }
  return noContent({ 'odata-entityid': entityUrl(ctx, table, ref) });
}

function create(ctx: WebApiContext, table: Table, req: ApiRequest, journal?: Journal): ApiResponse {
  const fields = table.normalize(parseBody(req), ctx.tables);
  const given = fields[table.pk];
  const id = typeof given === 'string' ? given.toLowerCase() : table.newId();
  if (table.rows.has(id)) throw new StandinError(412, '0x80040237', 'Cannot insert duplicate key.');
  table.put({ ...fields, [table.pk]: id }, journal, exactTextsOf(fields));
  if (wantsRepresentation(req)) {
    return json(201, { '@odata.context': `${ctx.serviceRoot}$metadata#${table.def.entitySet}/$entity`, ...table.view(table.rows.get(id)!, selectOf(table, req.query)) }, { 'preference-applied': 'return=representation' });
  }
  return noContent({ 'odata-entityid': entityUrl(ctx, table, { id }) });
}

function upsertMultiple(ctx: WebApiContext, table: Table, req: ApiRequest): ApiResponse {
  const body = parseBody(req);
  const targets = body.Targets;
  if (!Array.isArray(targets)) throw new StandinError(400, '0x0', "The parameter 'Targets' is required and must be a collection.");
  const journal: Journal = [];
  try {
    for (const target of targets as Row[]) {
      const type = target['@odata.type'];
      if (type !== `Microsoft.Dynamics.CRM.${table.def.logicalName}`) {
        throw new StandinError(400, '0x0', `Each item in Targets must carry "@odata.type": "Microsoft.Dynamics.CRM.${table.def.logicalName}".`);
      }
      const odataId = target['@odata.id'];
      let ref: EntityRef | undefined;
      if (typeof odataId === 'string') {
        const parsed = parseEntitySegment(decodeURIComponent(odataId.replace(/^.*\//, '')));
        if (parsed.set !== table.def.entitySet) throw new StandinError(400, '0x0', `The @odata.id '${odataId}' does not address ${table.def.entitySet}.`);
        ref = parsed.ref;
      }
      const fields = table.normalize(target, ctx.tables);
      if (ref && 'keys' in ref) {
        const existing = resolve(table, ref);
        // Documented pitfall: the key both in @odata.id and in the body fails the create path.
        if (!existing && Object.keys(ref.keys).some((k) => k in fields)) throw new StandinError(400, '0x80040216', 'An unexpected error occurred.');
        upsert(ctx, table, ref, { ...req, headers: {}, body: stringifyExact(fields) }, journal);
      } else if (ref) {
        upsert(ctx, table, ref, { ...req, headers: {}, body: stringifyExact(fields) }, journal);
      } else {
        table.put({ ...fields, [table.pk]: table.newId() }, journal, exactTextsOf(fields));
      }
    }
  } catch (e) {
    rollback(journal); // all-or-nothing
    throw e;
  }
  return noContent();
}
