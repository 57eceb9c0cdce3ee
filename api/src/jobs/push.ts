/**
 * Pushing one chunk of CMMS records to Dynamics through the shared Dataverse client: upserts by
 * alternate key via `writeRows`, deletes by key, and the translation of every per-row result into
 * what the CMMS record and the job keep (the row id, or an error in the operator's language).
 */
import { AppError } from '../errors/index.ts';
import { findRowId, rowAddress, type DataverseClient, type RowError, type RowInput, type RowResult, type TableTarget } from '../dynamics/index.ts';
import { DataverseError } from '../dynamics/index.ts';
import { toDynamicsRecord, type Mapping, type TableRef } from '../sync/mapping.ts';
import type { Entity } from '../sync/change-log.ts';
import { keyOf, type CmmsRecord } from './records.ts';

/**
 * Extra passes over rows that failed transiently after the client's own retries. A sync job is
 * long; one more pass after a burst of throttling costs little and saves an operator a re-run.
 */
const EXTRA_PASSES = 2;

export type PushResult =
  | { key: string; ok: true; id: string; operation: 'upsert' | 'delete' }
  | { key: string; ok: false; error: RowError; operation: 'upsert' | 'delete' };

/** A table to push to, with what every row is also written with (the mapping's lookups, as `@odata.bind`). */
export type PushTarget = TableTarget & { extra?: Record<string, unknown> };

export function tableTarget(table: TableRef, extra?: Record<string, unknown>): PushTarget {
  return extra && Object.keys(extra).length ? { ...table, extra } : { ...table };
}

/** The message stored on the CMMS record and in the job's error list: what happened, then what to do. */
export function describeRowError(error: RowError): string {
  const hint = error.hint && !error.message.includes(error.hint) ? ` ${error.hint}` : '';
  return `${error.message}${hint}`.trim();
}

/** Rows the mapping cannot express (e.g. an estado without an option value) fail alone, not the chunk. */
export function toRowInputs(mapping: Mapping, entity: Entity, records: readonly CmmsRecord[]): { inputs: RowInput[]; rejected: PushResult[] } {
  const inputs: RowInput[] = [];
  const rejected: PushResult[] = [];
  for (const record of records) {
    const key = keyOf(entity, record);
    try {
      inputs.push({ key, record: toDynamicsRecord(mapping, entity, record) });
    } catch (e) {
      const message = e instanceof AppError ? (e.detail ?? e.message) : String(e);
      rejected.push({ key, ok: false, operation: 'upsert', error: { code: 'MappingFailed', message, status: 0, retryable: false, hint: 'Fix the mapping (MAPPING_FILE / MAPPING_PRESET) or the record.' } });
    }
  }
  return { inputs, rejected };
}

export async function upsertRows(client: DataverseClient, table: PushTarget, rows: readonly RowInput[]): Promise<PushResult[]> {
  const byKey = new Map<string, RowResult>();
  const extra = table.extra;
  let pending: readonly RowInput[] = extra ? rows.map((r) => ({ ...r, record: { ...r.record, ...extra } })) : rows;
  for (let pass = 0; pass <= EXTRA_PASSES && pending.length; pass++) {
    const results = await client.writeRows(table, pending);
    for (const r of results) byKey.set(r.key, r);
    const retry = new Set(results.filter((r) => !r.ok && r.error.retryable).map((r) => r.key));
    pending = pending.filter((row) => retry.has(row.key));
  }
  return rows.map((row) => {
    const r = byKey.get(row.key);
    if (!r) return { key: row.key, ok: false, operation: 'upsert', error: { code: 'NotProcessed', message: 'Dataverse did not answer for this row', status: 0, retryable: true } };
    return r.ok ? { key: r.key, ok: true, id: r.id, operation: 'upsert' } : { key: r.key, ok: false, error: r.error, operation: 'upsert' };
  });
}

/**
 * Deletes by alternate key, or by the derived id for a key a URL cannot carry (then, when no row
 * has that id, by the id `$filter` finds). A 404 counts as done: the row is gone either way, and
 * it is what a retried DELETE answers when the first attempt's answer was lost.
 */
export async function deleteRows(client: DataverseClient, table: TableTarget, keys: readonly string[]): Promise<PushResult[]> {
  return Promise.all(
    keys.map(async (key): Promise<PushResult> => {
      const context = { keyColumn: table.keyColumn, key, table: table.logicalName };
      const remove = (path: string) => client.request({ method: 'DELETE', path, acceptStatus: (s) => s === 404, context });
      try {
        const address = rowAddress(table.entitySet, table.keyColumn, key);
        const res = await remove(address.path);
        if (res.status === 404 && address.byId) {
          const id = await findRowId(client, table.entitySet, table.keyColumn, key);
          if (id) await remove(`${table.entitySet}(${id})`);
        }
        return { key, ok: true, id: '', operation: 'delete' };
      } catch (e) {
        const error: RowError = e instanceof DataverseError ? e.toRowError() : { code: 'Failed', message: String(e), status: 0, retryable: true };
        return { key, ok: false, error, operation: 'delete' };
      }
    }),
  );
}

/**
 * True when a chunk failed as a whole for a reason no later row can escape (credentials, missing
 * application user, missing privilege): the job stops instead of failing every record one by one.
 */
export function fatalFailure(results: readonly PushResult[]): RowError | undefined {
  if (!results.length || results.some((r) => r.ok)) return undefined;
  const first = (results[0] as Extract<PushResult, { ok: false }>).error;
  const fatal = (e: RowError) => e.status === 401 || e.status === 403 || /^(invalid_client|unauthorized_client|invalid_request|AADSTS)/.test(e.code);
  return results.every((r) => !r.ok && fatal(r.error)) ? first : undefined;
}
