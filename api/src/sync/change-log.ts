/**
 * Appends to the change log inside the caller's transaction. Writers of one entity take a
 * transaction-scoped advisory lock first, so sequence numbers become visible in commit order and a
 * feed reader's cursor can never pass a sequence number that commits later.
 */
import type { Queryable } from '../db/index.ts';

export type Entity = 'assets' | 'purchaseOrders';
export type ChangeOperation = 'upsert' | 'delete';

/** Advisory-lock ids writers of each entity hold until commit; readers that must see a stable head take them too. */
export const WRITER_LOCK_IDS: Record<Entity, number> = { assets: 71_001, purchaseOrders: 71_002 };

export interface ChangeInput {
  entity: Entity;
  key: string;
  operation: ChangeOperation;
  version: number;
  /** Who made the change: `cmms` for API writes, `dynamics` for call-backs from Dynamics, `seed`. */
  origin: string;
  changedFields?: readonly string[];
}

export async function appendChange(tx: Queryable, change: ChangeInput): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK_IDS[change.entity]]);
  const r = await tx.query<{ seq: number }>(
    `INSERT INTO change_log (entity, record_key, operation, version, origin, changed_fields)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq`,
    [change.entity, change.key, change.operation, change.version, change.origin, [...(change.changedFields ?? [])]],
  );
  return Number(r.rows[0]!.seq);
}
