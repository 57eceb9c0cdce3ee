/**
 * Appends to the change log inside the caller's transaction. Writers do not wait for each other:
 * drawing a sequence number takes the change-log gate shared until commit (migration 0007, the
 * column default), and readers bound every read by `change_log_head`, which takes the gate
 * exclusive for an instant. So a reader never passes a sequence number that commits later.
 */
import type { Queryable } from '../db/index.ts';

export type Entity = 'assets' | 'purchaseOrders';
export type ChangeOperation = 'upsert' | 'delete';

/**
 * The change-log gate: writers hold it shared from drawing a sequence number to commit; a
 * transaction that takes it exclusive waits for them and keeps new writers out until it ends.
 */
export const CHANGE_LOG_GATE = 71_000;

/** The highest sequence number of `entity` below which every change has committed (or rolled back). */
export async function committedHead(q: Queryable, entity: Entity): Promise<number> {
  const r = await q.query<{ head: number }>('SELECT change_log_head($1) AS head', [entity]);
  return Number(r.rows[0]!.head);
}

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
  const r = await tx.query<{ seq: number }>(
    `INSERT INTO change_log (entity, record_key, operation, version, origin, changed_fields)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq`,
    [change.entity, change.key, change.operation, change.version, change.origin, [...(change.changedFields ?? [])]],
  );
  return Number(r.rows[0]!.seq);
}
