/**
 * The CMMS side of a sync job: reading records in key order (full mode), reading given keys
 * (change-feed mode), and recording each record's Dynamics outcome. The sync-state columns are
 * written without bumping `version` or appending to the change log: pushing a record to Dynamics
 * is not a change of the record, and must not wake the feed it was read from.
 */
import type { Queryable } from '../db/index.ts';
import type { Entity } from '../sync/change-log.ts';

interface EntityTable {
  table: string;
  key: string;
}

const TABLES: Record<Entity, EntityTable> = {
  assets: { table: 'assets', key: 'codigo_interno' },
  purchaseOrders: { table: 'purchase_orders', key: 'numero_requisicion' },
};

export type CmmsRecord = Record<string, unknown>;

export function keyOf(entity: Entity, row: CmmsRecord): string {
  return String(row[TABLES[entity].key]);
}

/** How many records there are after `afterKey` (all when null): what a full job has left to push. */
export async function countRecordsAfter(q: Queryable, entity: Entity, afterKey: string | null): Promise<number> {
  const t = TABLES[entity];
  const r = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table} WHERE ($1::text IS NULL OR ${t.key} > $1)`, [afterKey]);
  return Number(r.rows[0]!.n);
}

/** Records after `afterKey` in key order ("C" collation, so the order is the same on every engine). */
export async function recordsAfter(q: Queryable, entity: Entity, afterKey: string | null, limit: number): Promise<CmmsRecord[]> {
  const t = TABLES[entity];
  const r = await q.query<CmmsRecord>(
    `SELECT * FROM ${t.table} WHERE ($1::text IS NULL OR ${t.key} > $1) ORDER BY ${t.key} LIMIT $2`,
    [afterKey, limit],
  );
  return r.rows;
}

/** The current rows of these keys; keys without a row (deleted since) are simply absent. */
export async function recordsByKey(q: Queryable, entity: Entity, keys: readonly string[]): Promise<Map<string, CmmsRecord>> {
  const t = TABLES[entity];
  if (!keys.length) return new Map();
  const r = await q.query<CmmsRecord>(`SELECT * FROM ${t.table} WHERE ${t.key} = ANY($1::text[])`, [[...keys]]);
  return new Map(r.rows.map((row) => [String(row[t.key]), row]));
}

export interface SyncOutcome {
  key: string;
  /** The Dynamics row id on success. */
  id?: string | undefined;
  /** The operator-language error on failure. */
  error?: string | undefined;
}

/**
 * Records outcomes in one statement: a success sets the id and sync time and clears the error; a
 * failure keeps the last good id and time and sets the error.
 */
export async function recordOutcomes(q: Queryable, entity: Entity, outcomes: readonly SyncOutcome[], now: Date): Promise<void> {
  if (!outcomes.length) return;
  const t = TABLES[entity];
  await q.query(
    `UPDATE ${t.table} AS r SET
       dynamics_id = coalesce(v.id, r.dynamics_id),
       dynamics_synced_at = CASE WHEN v.err IS NULL THEN $4::timestamptz ELSE r.dynamics_synced_at END,
       dynamics_sync_error = v.err
     FROM unnest($1::text[], $2::text[], $3::text[]) AS v(key, id, err)
     WHERE r.${t.key} = v.key`,
    [outcomes.map((o) => o.key), outcomes.map((o) => o.id ?? null), outcomes.map((o) => o.error ?? null), now],
  );
}
