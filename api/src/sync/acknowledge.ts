/**
 * Acknowledgements and failures. An acknowledgement moves the consumer to its cursor's position and
 * records per-record outcomes: the Dynamics row id on the CMMS record for successes, an attempt
 * for failures (parked once the limit is reached); records of the page a flow does not report as
 * failed were written, so their earlier failures are cleared. The consumer row is locked for the whole
 * transaction, so concurrent acknowledgements by several flow runs or API processes serialize:
 * the position only moves forward and one page's failures are counted once.
 */
import type { Queryable } from '../db/index.ts';
import { where } from '../db/where.ts';
import { AppError, invalidField } from '../errors/index.ts';
import type { Entity } from './change-log.ts';
import { ensureConsumer, issuedCursor, TABLES } from './feed.ts';
import { CMMS_FIELDS } from './mapping.ts';

export interface RecordResult {
  key: string;
  ok: boolean;
  dynamicsId?: string | undefined;
  error?: string | undefined;
}

export interface AckInput {
  consumer: string;
  entity: Entity;
  cursor: string;
  results?: readonly RecordResult[] | undefined;
}

export interface AckOutcome {
  consumer: string;
  entity: Entity;
  applied: boolean;
  /** Why nothing was applied: the cursor was already acknowledged, or a later one was. */
  reason?: 'repeated' | 'stale';
  succeeded: number;
  failed: number;
  /** Keys parked by this acknowledgement (attempt limit reached). */
  parked: string[];
}

export interface AckOptions {
  /**
   * Whether records the page offered and the results do not name were written. True for flows
   * (acknowledging a page means its records were handled; a flow may report only its failures);
   * false for callers that leave some records of a page for later (sync jobs skip records that
   * already failed in the same run), whose failures then stay as they are.
   */
  unreportedWritten?: boolean;
}

export async function acknowledge(tx: Queryable, input: AckInput, maxAttempts: number, now: Date, options: AckOptions = {}): Promise<AckOutcome> {
  const { consumer, entity } = input;
  const cursor = await issuedCursor(tx, input.cursor, consumer, entity);
  if (cursor.record_keys) {
    // A result for a record the page did not offer is a mistake in the flow (a wrong key or page);
    // recorded, it would put a record that may not exist into the retries.
    const offered = new Set(cursor.record_keys);
    const stray = (input.results ?? []).findIndex((r) => !offered.has(r.key));
    if (stray >= 0) {
      throw invalidField(`/body/results/${stray}/key`, 'in-page', `"${input.results![stray]!.key}" is not a record of the page this cursor acknowledges`);
    }
  }
  await ensureConsumer(tx, consumer, entity, now);
  const c = await tx.query<{ acked_seq: number }>(
    'SELECT acked_seq FROM sync_consumers WHERE consumer = $1 AND entity = $2 FOR UPDATE',
    [consumer, entity],
  );
  const acked = Number(c.rows[0]!.acked_seq);
  const base = { consumer, entity, succeeded: 0, failed: 0, parked: [] as string[] };
  if (cursor.acked_at) return { ...base, applied: false, reason: 'repeated' };
  if (cursor.upto_seq < acked) return { ...base, applied: false, reason: 'stale' };
  await tx.query('UPDATE sync_consumers SET acked_seq = $3, acked_at = $4 WHERE consumer = $1 AND entity = $2', [consumer, entity, cursor.upto_seq, now]);
  await tx.query('UPDATE sync_cursors SET acked_at = $2 WHERE id = $1', [cursor.id, now]);

  // One outcome per key (the last given), so each statement below touches a row once.
  const byKey = new Map<string, RecordResult>();
  for (const r of input.results ?? []) byKey.set(r.key, r);
  const ok = [...byKey.values()].filter((r) => r.ok);
  const failed = [...byKey.values()].filter((r) => !r.ok);
  const table = TABLES[entity];
  const keyCol = CMMS_FIELDS[entity].key;
  if (ok.length) {
    // Sync state only: no version bump and no change-log entry, so this never echoes into the feed.
    await tx.query(
      `UPDATE ${table} t SET dynamics_id = COALESCE(r.id, t.dynamics_id), dynamics_synced_at = $3, dynamics_sync_error = NULL
       FROM unnest($1::text[], $2::text[]) AS r(key, id) WHERE t.${keyCol} = r.key`,
      [ok.map((r) => r.key), ok.map((r) => r.dynamicsId ?? null), now],
    );
    await tx.query('DELETE FROM sync_failures WHERE consumer = $1 AND entity = $2 AND record_key = ANY($3::text[])', [consumer, entity, ok.map((r) => r.key)]);
  }
  let parked: string[] = [];
  if (failed.length) {
    const errors = failed.map((r) => (r.error?.trim() || 'Dynamics 365 did not accept the record (no error text given).').slice(0, 4000));
    const keys = failed.map((r) => r.key);
    const f = await tx.query<{ record_key: string; parked: boolean }>(
      `INSERT INTO sync_failures (consumer, entity, record_key, attempts, last_error, parked, first_failed_at, last_failed_at)
       SELECT $1, $2, r.key, 1, r.err, 1 >= $4, $3, $3 FROM unnest($5::text[], $6::text[]) AS r(key, err)
       ON CONFLICT (consumer, entity, record_key) DO UPDATE SET
         attempts = sync_failures.attempts + 1, last_error = EXCLUDED.last_error,
         parked = sync_failures.attempts + 1 >= $4, last_failed_at = EXCLUDED.last_failed_at
       RETURNING record_key, parked`,
      [consumer, entity, now, maxAttempts, keys, errors],
    );
    parked = f.rows.filter((r) => r.parked).map((r) => r.record_key);
    await tx.query(
      `UPDATE ${table} t SET dynamics_sync_error = r.err FROM unnest($1::text[], $2::text[]) AS r(key, err) WHERE t.${keyCol} = r.key`,
      [keys, errors],
    );
  }
  if (options.unreportedWritten && cursor.record_keys?.length) {
    // Records the page offered and the acknowledgement does not report as failed were written:
    // earlier failures of theirs (a retry, or a parked record changed since) are resolved.
    const failedKeys = new Set(failed.map((r) => r.key));
    const written = cursor.record_keys.filter((k) => !failedKeys.has(k));
    const cleared = await tx.query<{ record_key: string }>(
      'DELETE FROM sync_failures WHERE consumer = $1 AND entity = $2 AND record_key = ANY($3::text[]) RETURNING record_key',
      [consumer, entity, written],
    );
    if (cleared.rowCount) {
      await tx.query(`UPDATE ${table} SET dynamics_sync_error = NULL WHERE ${keyCol} = ANY($1::text[])`, [cleared.rows.map((r) => r.record_key)]);
    }
  }
  return { ...base, applied: true, succeeded: ok.length, failed: failed.length, parked };
}

export interface FailureRow {
  id: number;
  consumer: string;
  entity: Entity;
  record_key: string;
  attempts: number;
  last_error: string;
  parked: boolean;
  first_failed_at: Date;
  last_failed_at: Date;
}

export function failureJson(f: FailureRow): Record<string, unknown> {
  return {
    id: String(f.id),
    consumer: f.consumer,
    entity: f.entity,
    key: f.record_key,
    attempts: Number(f.attempts),
    lastError: f.last_error,
    parked: f.parked,
    firstFailedAt: f.first_failed_at.toISOString(),
    lastFailedAt: f.last_failed_at.toISOString(),
  };
}

export async function listFailures(
  q: Queryable, filter: { entity?: Entity | undefined; consumer?: string | undefined; parked?: boolean | undefined; after?: number | undefined; limit: number },
): Promise<FailureRow[]> {
  const params: unknown[] = [];
  const conditions = where([
    ['entity = ?', filter.entity || undefined],
    ['consumer = ?', filter.consumer || undefined],
    ['parked = ?', filter.parked],
    ['id > ?', filter.after],
  ], params);
  const r = await q.query<FailureRow>(`SELECT * FROM sync_failures ${conditions} ORDER BY id LIMIT $${params.push(filter.limit)}`, params);
  return r.rows.map((f) => ({ ...f, id: Number(f.id) }));
}

/** Puts every parked failure (of an entity, of a consumer) back in the feed; returns how many. */
export async function retryParkedFailures(q: Queryable, filter: { entity?: Entity | undefined; consumer?: string | undefined }): Promise<number> {
  const params: unknown[] = [];
  const conditions = where([['entity = ?', filter.entity || undefined], ['consumer = ?', filter.consumer || undefined], ['parked = ?', true]], params);
  const r = await q.query(`UPDATE sync_failures SET parked = false, attempts = 0 ${conditions}`, params);
  return r.rowCount;
}

/** Puts a failure back in its consumer's feed with a fresh attempt budget. */
export async function retryFailure(q: Queryable, id: string): Promise<FailureRow> {
  const r = /^\d{1,18}$/.test(id)
    ? await q.query<FailureRow>('UPDATE sync_failures SET parked = false, attempts = 0 WHERE id = $1 RETURNING *', [id])
    : { rows: [] };
  const f = r.rows[0];
  if (!f) throw new AppError('NOT_FOUND', { detail: `No sync failure has id "${id}".` });
  return { ...f, id: Number(f.id) };
}
