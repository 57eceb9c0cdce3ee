/**
 * Writes by alternate key: one row (`PATCH set(key='v')`) and many rows through `$batch`. Every
 * write is an upsert by key, so repeating it leaves the same state: that is what makes retries and
 * crash-resume safe.
 */
import { DataverseError, errorFromResponse, type RowError } from './errors.ts';
import type { DataverseHttp } from './http.ts';
import { buildBatch, matchResults, parseBatchResponse, boundaryOf, type BatchOperation, type BatchPartResult } from './batch.ts';
import { filterLiteral, guidFromEntityId, primaryIdColumn, withoutKey } from './keys.ts';
import { isDuplicateKey, rowAddress } from './row-address.ts';

export interface TableTarget {
  logicalName: string;
  entitySet: string;
  keyColumn: string;
  /** Defaults to `<logicalName>id`. */
  primaryIdColumn?: string | undefined;
  writeMode?: 'batch' | 'upsertmultiple' | 'auto' | undefined;
}

export interface RowInput {
  key: string;
  record: Record<string, unknown>;
}

export type RowResult =
  | { key: string; ok: true; id: string }
  | { key: string; ok: false; error: RowError };

export interface UpsertOptions {
  /** `create` sends If-None-Match: * (412 when it exists), `update` sends If-Match: * (404 when absent). */
  mode?: 'upsert' | 'create' | 'update';
  /** When given, the row's GUID is read back with `return=representation` + `$select`. */
  primaryIdColumn?: string;
}

export interface UpsertResult {
  /** The row's GUID when known, else the `OData-EntityId` reference (alternate-key upserts echo the key form). */
  id: string;
  entityId: string | undefined;
  /** Known only when the GUID was read back: 201 means created, 200 updated. */
  created: boolean | undefined;
}

function conditionalHeaders(mode: UpsertOptions['mode']): Record<string, string> {
  if (mode === 'create') return { 'If-None-Match': '*' };
  if (mode === 'update') return { 'If-Match': '*' };
  return {};
}

export async function upsertByKey(
  http: DataverseHttp,
  entitySet: string,
  keyColumn: string,
  keyValue: string,
  body: Record<string, unknown>,
  options: UpsertOptions = {},
): Promise<UpsertResult> {
  const pk = options.primaryIdColumn;
  const address = rowAddress(entitySet, keyColumn, keyValue);
  const select = pk ? `?$select=${pk}` : '';
  const headers = { ...conditionalHeaders(options.mode), ...(pk ? { Prefer: 'return=representation' } : {}) };
  const context = { keyColumn, key: keyValue, table: entitySet };
  let res;
  try {
    res = await http.request({ method: 'PATCH', path: address.path + select, body: rowBody(body, keyColumn, keyValue, address.byId), headers, context });
  } catch (e) {
    // A row holding this unaddressable key under another id: write that row by its own id.
    if (!address.byId || options.mode === 'create' || !(e instanceof DataverseError) || !isDuplicateKey(e.code)) throw e;
    const existing = await findRowId(http, entitySet, keyColumn, keyValue);
    if (!existing) throw e;
    res = await http.request({ method: 'PATCH', path: `${entitySet}(${existing})${select}`, body: withoutKey(body, keyColumn), headers: { ...headers, 'If-Match': '*' }, context });
  }
  const entityId = res.headers.get('odata-entityid') ?? undefined;
  const fromBody = pk ? idFromBody(res.text, pk) : undefined;
  return {
    id: fromBody ?? guidFromEntityId(entityId) ?? entityId ?? address.path,
    entityId,
    created: pk && res.status !== 204 ? res.status === 201 : undefined,
  };
}

/** Addressed by key, the key stays out of the body; addressed by the derived id, it must be in it. */
function rowBody(record: Record<string, unknown>, keyColumn: string, key: string, byId: boolean): Record<string, unknown> {
  const rest = withoutKey(record, keyColumn);
  return byId ? { ...rest, [keyColumn]: key } : rest;
}

/**
 * The id of the row holding `key`, found with `$filter` (which, unlike a key in the path, takes
 * every character); undefined when there is none. Dataverse returns the primary key whatever the
 * `$select`, so the id is the one GUID-valued property of the row.
 */
export async function findRowId(http: Pick<DataverseHttp, 'request'>, entitySet: string, keyColumn: string, key: string): Promise<string | undefined> {
  const filter = encodeURIComponent(`${keyColumn} eq ${filterLiteral(key)}`);
  const res = await http.request({ method: 'GET', path: `${entitySet}?$select=${keyColumn}&$filter=${filter}&$top=2`, context: { keyColumn, key, table: entitySet } });
  const rows = (JSON.parse(res.text) as { value?: Record<string, unknown>[] }).value ?? [];
  const row = rows.find((r) => typeof r[keyColumn] === 'string' && (r[keyColumn] as string).toLowerCase() === key.toLowerCase());
  if (!row) return undefined;
  const id = Object.entries(row).find(([k, v]) => k !== keyColumn && !k.startsWith('@') && typeof v === 'string' && /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(v));
  return id ? (id[1] as string).toLowerCase() : undefined;
}

function idFromBody(text: string, pk: string): string | undefined {
  if (!text) return undefined;
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[pk];
    return typeof value === 'string' ? value.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export interface BatchWriteOptions {
  /** Rows per atomic change set; 0 sends independent parts with `odata.continue-on-error`. */
  changeSetSize: number;
  maxRetries: number;
  returnIds: boolean;
  sleep: (ms: number) => Promise<void>;
  backoff: (attempt: number) => number;
}

/**
 * One `$batch` of PATCH-by-key parts, repeated until every row has an answer: rows of a failed
 * change set are re-sent as independent parts to find the culprit; rows the server did not reach
 * are re-sent; rows failing transiently are retried up to `maxRetries` times.
 */
export async function writeBatch(
  http: DataverseHttp,
  table: TableTarget,
  rows: readonly RowInput[],
  options: BatchWriteOptions,
): Promise<RowResult[]> {
  const results: Array<RowResult | undefined> = new Array(rows.length);
  const attempts = new Array<number>(rows.length).fill(0);
  const isolate = new Set<number>();
  const pk = primaryIdColumn(table);
  let pending = rows.map((_, i) => i);
  let retryRound = 0;

  while (pending.length) {
    const groups = [pending.filter((i) => !isolate.has(i)), pending.filter((i) => isolate.has(i))];
    const next: number[] = [];
    let transient = false;
    let answeredCount = 0;
    for (const [g, indexes] of groups.entries()) {
      if (!indexes.length) continue;
      const ops = indexes.map((i) => toOperation(http.root, table, rows[i]!, options.returnIds ? pk : undefined));
      let answered: Map<number, BatchPartResult>;
      let built;
      try {
        built = buildBatch(ops, g === 1 ? 0 : options.changeSetSize);
        answered = await sendBatch(http, built, table);
      } catch (e) {
        const error = e instanceof DataverseError ? e : new DataverseError({ status: 0, code: 'BatchFailed', message: String(e), source: 'dataverse', retryable: false });
        for (const i of indexes) results[i] = { key: rows[i]!.key, ok: false, error: error.toRowError() };
        answeredCount += indexes.length;
        continue;
      }
      for (const group of built.groups) {
        const groupFailedAsOne = group.length > 1 && answered.get(group[0]!)?.wholeChangeSet === true;
        for (const j of group) {
          const i = indexes[j]!;
          const part = answered.get(j);
          if (!part) {
            next.push(i); // the server stopped before this part
            continue;
          }
          answeredCount++;
          if (part.status < 400) {
            const entityId = part.headers['odata-entityid'];
            const id = idFromBody(part.body, pk) ?? guidFromEntityId(entityId) ?? entityId ?? rowAddress(table.entitySet, table.keyColumn, rows[i]!.key).path;
            results[i] = { key: rows[i]!.key, ok: true, id };
            continue;
          }
          if (groupFailedAsOne) {
            // One row broke the change set and rolled back the others: find it with independent parts.
            isolate.add(i);
            next.push(i);
            continue;
          }
          const error = errorFromResponse(part.status, part.body, part.headers['retry-after'] ?? null, {
            keyColumn: table.keyColumn, key: rows[i]!.key, table: table.logicalName,
          });
          if (error.retryable && attempts[i]! < options.maxRetries) {
            attempts[i]!++;
            transient = true;
            next.push(i);
          } else {
            results[i] = { key: rows[i]!.key, ok: false, error: error.toRowError() };
          }
        }
      }
    }
    if (answeredCount === 0) {
      // Not one part answered: give up on these rows rather than loop.
      for (const i of next) results[i] ??= { key: rows[i]!.key, ok: false, error: notProcessed() };
      break;
    }
    if (transient) await options.sleep(options.backoff(retryRound++));
    pending = next;
  }
  const answered = results.map((r, i): RowResult => r ?? { key: rows[i]!.key, ok: false, error: notProcessed() });
  return writeKeyClashes(http, table, rows, answered, options.returnIds ? pk : undefined);
}

function notProcessed(): RowError {
  return { code: 'NotProcessed', message: 'Dataverse did not answer for this row', status: 0, retryable: true };
}

function toOperation(root: string, table: TableTarget, row: RowInput, pk: string | undefined): BatchOperation {
  const address = rowAddress(table.entitySet, table.keyColumn, row.key);
  return {
    method: 'PATCH',
    url: root + address.path + (pk ? `?$select=${pk}` : ''),
    headers: pk ? { Prefer: 'return=representation' } : {},
    body: rowBody(row.record, table.keyColumn, row.key, address.byId),
  };
}

/**
 * Rows of unaddressable keys that another row id already holds (DuplicateRecordEntityKey on the
 * derived id) are written one by one by their real id.
 */
async function writeKeyClashes(http: DataverseHttp, table: TableTarget, rows: readonly RowInput[], results: RowResult[], pk: string | undefined): Promise<RowResult[]> {
  return Promise.all(results.map(async (r, i) => {
    if (r.ok || !isDuplicateKey(r.error.code) || !rowAddress(table.entitySet, table.keyColumn, r.key).byId) return r;
    try {
      const row = rows[i]!;
      const u = await upsertByKey(http, table.entitySet, table.keyColumn, row.key, row.record, pk ? { primaryIdColumn: pk } : {});
      return { key: r.key, ok: true as const, id: u.id };
    } catch (e) {
      return e instanceof DataverseError ? { key: r.key, ok: false as const, error: e.toRowError() } : r;
    }
  }));
}

async function sendBatch(http: DataverseHttp, built: ReturnType<typeof buildBatch>, table: TableTarget) {
  const res = await http.request({
    method: 'POST',
    path: '$batch',
    body: built.body,
    headers: { 'Content-Type': built.contentType, Prefer: 'odata.continue-on-error' },
    // A $batch of upserts by key is safe to repeat.
    idempotent: true,
    // Without continue-on-error semantics the batch answers with the failing part's status.
    acceptStatus: (s) => s >= 400 && s < 500 && s !== 401 && s !== 403 && s !== 408 && s !== 429,
    context: { table: table.logicalName },
  });
  const contentType = res.headers.get('content-type');
  if (res.status >= 400 && !boundaryOf(contentType)) {
    throw errorFromResponse(res.status, res.text, res.headers.get('retry-after'), { table: table.logicalName });
  }
  return matchResults(built, parseBatchResponse(res.text, contentType));
}
