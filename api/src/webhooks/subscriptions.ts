/**
 * Webhook subscriptions: what each trigger subscribed to, where deliveries go, and how far the
 * dispatcher has read the change log for it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/index.ts';
import { CHANGE_LOG_GATE, type Entity } from '../sync/change-log.ts';

export type SubscriptionKind = 'assetChanges' | 'purchaseOrderStatus';

export interface SubscriptionRow {
  id: string;
  kind: SubscriptionKind;
  entity: Entity;
  callback_url: string;
  secret: string;
  events: string[];
  sitio: string | null;
  estado: string | null;
  last_seq: number;
  created_by: string | null;
  created_at: Date;
}

export interface NewSubscription {
  kind: SubscriptionKind;
  callbackUrl: string;
  events: readonly string[];
  sitio: string | null;
  estado: string | null;
  createdBy: string | null;
}


export const ENTITY_OF: Record<SubscriptionKind, Entity> = { assetChanges: 'assets', purchaseOrderStatus: 'purchaseOrders' };

/** The secret is 32 random bytes, base64url: plenty for HMAC-SHA256 and safe in headers and JSON. */
function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Creates the subscription with its cursor at the entity's last committed change, so it receives
 * exactly the changes committed after it.
 */
export async function createSubscription(db: Db, input: NewSubscription, now: Date): Promise<SubscriptionRow> {
  const entity = ENTITY_OF[input.kind];
  return db.transaction(async (tx) => {
    // The change-log gate, exclusive (change-log.ts): a write either commits before the cursor is
    // read, or draws its number after the subscription exists and is snapshotted.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOG_GATE]);
    const head = await tx.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM change_log WHERE entity = $1', [entity]);
    const r = await tx.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (id, kind, entity, callback_url, secret, events, sitio, estado, last_seq, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [randomUUID(), input.kind, entity, input.callbackUrl, newSecret(), [...input.events], input.sitio, input.estado,
        Number(head.rows[0]?.seq ?? 0), input.createdBy, now],
    );
    return normalise(r.rows[0]!);
  });
}

export async function deleteSubscription(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ entity: Entity }>('DELETE FROM webhook_subscriptions WHERE id = $1 RETURNING entity', [id]);
    if (r.rowCount === 0) return false;
    // Snapshots kept for this subscription alone are not needed any more (its deliveries go with it).
    await tx.query(
      `DELETE FROM webhook_snapshots WHERE entity = $1
          AND seq <= coalesce((SELECT min(last_seq) FROM webhook_subscriptions WHERE entity = $1), 9223372036854775807)`,
      [r.rows[0]!.entity],
    );
    return true;
  });
}

export async function getSubscription(q: Queryable, id: string): Promise<SubscriptionRow | undefined> {
  const r = await q.query<SubscriptionRow>('SELECT * FROM webhook_subscriptions WHERE id = $1', [id]);
  return r.rows[0] ? normalise(r.rows[0]) : undefined;
}

/** bigint columns come back as strings from some drivers; the cursor is compared as a number. */
export function normalise(row: SubscriptionRow): SubscriptionRow {
  return { ...row, last_seq: Number(row.last_seq) };
}

/** The host alone: callback URLs carry signatures in their query and must not reach logs or lists. */
export function callbackHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid)';
  }
}
