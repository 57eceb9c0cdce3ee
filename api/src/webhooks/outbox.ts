/** The operator's view of the webhook outbox: list deliveries (dead letters among them) and redeliver. */
import type { Queryable } from '../db/index.ts';
import { where } from '../db/where.ts';
import { callbackHost } from './subscriptions.ts';

export interface DeliveryRow {
  id: number;
  event_id: string;
  subscription_id: string;
  callback_url: string;
  entity: string;
  record_key: string;
  operation: string;
  version: number;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const COLUMNS = `d.id, d.event_id, d.subscription_id, s.callback_url, d.entity, d.record_key, d.operation, d.version, d.status,
  d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.delivered_at`;

function normalise(row: DeliveryRow): DeliveryRow {
  return { ...row, id: Number(row.id) };
}

export interface DeliveryFilter {
  status?: string | undefined;
  subscriptionId?: string | undefined;
  /** Keyset paging, newest first: only ids below this one. */
  beforeId?: number | undefined;
  limit: number;
}

export async function listDeliveries(q: Queryable, f: DeliveryFilter): Promise<DeliveryRow[]> {
  const params: unknown[] = [];
  const conditions = where([
    ['d.status = ?', f.status || undefined],
    ['d.subscription_id = ?', f.subscriptionId || undefined],
    ['d.id < ?', f.beforeId],
  ], params);
  const r = await q.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
      ${conditions} ORDER BY d.id DESC LIMIT $${params.push(f.limit)}`,
    params,
  );
  return r.rows.map(normalise);
}

export async function getDelivery(q: Queryable, id: number): Promise<DeliveryRow | undefined> {
  const r = await q.query<DeliveryRow>(`SELECT ${COLUMNS} FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`, [id]);
  return r.rows[0] ? normalise(r.rows[0]) : undefined;
}

/** Puts a dead delivery back in the queue with fresh attempts and a fresh age limit. */
export async function redeliver(q: Queryable, id: number, now: Date, maxAgeHours: number): Promise<DeliveryRow | undefined> {
  const r = await q.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, expires_at = $3, last_error = NULL
      WHERE id = $1 AND status = 'dead'`,
    [id, now, new Date(now.getTime() + maxAgeHours * 3_600_000)],
  );
  return r.rowCount ? getDelivery(q, id) : undefined;
}

export function deliveryJson(row: DeliveryRow): Record<string, unknown> {
  return {
    id: row.id,
    eventId: row.event_id,
    subscriptionId: row.subscription_id,
    callbackHost: callbackHost(row.callback_url),
    entity: row.entity,
    key: row.record_key,
    operation: row.operation,
    version: row.version,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: row.delivered_at ? row.delivered_at.toISOString() : null,
  };
}

/** How long delivered and superseded rows stay listable; dead letters stay until redelivered or their subscription goes. */
export const KEEP_DELIVERED_DAYS = 7;

/** Drops delivered and superseded rows older than KEEP_DELIVERED_DAYS, so the outbox does not grow without end. */
export async function pruneDeliveries(q: Queryable, now: Date): Promise<number> {
  const r = await q.query(
    `DELETE FROM webhook_deliveries WHERE status IN ('delivered', 'superseded') AND created_at < $1`,
    [new Date(now.getTime() - KEEP_DELIVERED_DAYS * 86_400_000)],
  );
  return r.rowCount;
}
