/**
 * Reading the change log as a feed: the changes after a position, coalesced to one item per record
 * carrying the record's current state in Dynamics column names. Consumers (flows) read pages after
 * their acknowledged position; the same page comes again until they acknowledge it.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { invalidField } from '../errors/index.ts';
import { committedHead, type Entity } from './change-log.ts';
import { CMMS_FIELDS, deletedRecord, rowIdFor, toDynamicsRecord, type Mapping } from './mapping.ts';

export interface FeedItem {
  operation: 'upsert' | 'delete';
  key: string;
  /** Only for a key Dataverse cannot address in a URL: the row's derived id. */
  rowId?: string;
  version: number;
  seq: number;
  record: Record<string, unknown>;
}

export interface Window {
  items: FeedItem[];
  /** The highest change_log.seq the window covered (the position after it). */
  uptoSeq: number;
  hasMore: boolean;
}

export const TABLES: Record<Entity, string> = { assets: 'assets', purchaseOrders: 'purchase_orders' };

interface LogRow {
  seq: number;
  record_key: string;
  operation: 'upsert' | 'delete';
  version: number;
}

/** The current rows of some records, by key. */
async function currentRows(q: Queryable, entity: Entity, keys: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  if (keys.length === 0) return new Map();
  const keyCol = CMMS_FIELDS[entity].key;
  const r = await q.query(`SELECT * FROM ${TABLES[entity]} WHERE ${keyCol} = ANY($1::text[])`, [keys]);
  return new Map(r.rows.map((row) => [String(row[keyCol]), row]));
}

function itemOf(mapping: Mapping, entity: Entity, log: LogRow, row: Record<string, unknown> | undefined): FeedItem {
  // A record deleted after its last logged upsert is offered as a delete; its delete entry follows anyway.
  const rowId = rowIdFor(mapping, entity, log.record_key);
  const key = { key: log.record_key, ...(rowId ? { rowId } : {}) };
  if (log.operation === 'delete' || !row) {
    return { operation: 'delete', ...key, version: Number(log.version), seq: Number(log.seq), record: deletedRecord(mapping, entity, log.record_key) };
  }
  return { operation: 'upsert', ...key, version: Number(row.version), seq: Number(log.seq), record: toDynamicsRecord(mapping, entity, row) };
}

export const headSeq = committedHead;

/**
 * Changes applied from Dynamics (origin `dynamics`) are never offered: Dynamics already holds them,
 * and pushing them back would start an echo.
 */
export const OUTBOUND = `origin <> 'dynamics'`;

/**
 * Records waiting for a consumer: those changed after its acknowledged position (changes from
 * Dynamics aside) plus those whose last write failed and is due a retry (not parked), each counted once.
 */
export async function pendingRecords(q: Queryable, consumer: string, entity: Entity): Promise<number> {
  const r = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT record_key FROM change_log
       WHERE entity = $2 AND ${OUTBOUND}
         AND seq > coalesce((SELECT acked_seq FROM sync_consumers WHERE consumer = $1 AND entity = $2), 0)
       UNION
       SELECT record_key FROM sync_failures WHERE consumer = $1 AND entity = $2 AND NOT parked) k`,
    [consumer, entity],
  );
  return Number(r.rows[0]!.n);
}

/**
 * Up to `limit` log entries after `afterSeq`, coalesced per record. A record changed again after the
 * window is left out: it comes once, at its latest change, in a later window. Nothing past the
 * committed head is read: a change with a lower number may still be committing.
 */
export async function changesAfter(q: Queryable, mapping: Mapping, entity: Entity, afterSeq: number, limit: number): Promise<Window> {
  const head = await committedHead(q, entity);
  if (limit <= 0) return { items: [], uptoSeq: afterSeq, hasMore: head > afterSeq };
  const r = await q.query<LogRow>(
    `SELECT seq, record_key, operation, version FROM change_log
     WHERE entity = $1 AND seq > $2 AND seq <= $4 AND ${OUTBOUND} ORDER BY seq LIMIT $3`,
    [entity, afterSeq, limit + 1, head],
  );
  const hasMore = r.rows.length > limit;
  const rows = r.rows.slice(0, limit);
  // With nothing more to offer, the window reaches the committed head: changes from Dynamics after the
  // last row offered are passed over for good instead of being read again on every page.
  const last = rows.length ? Number(rows[rows.length - 1]!.seq) : afterSeq;
  const uptoSeq = hasMore ? last : Math.max(last, head);
  const latest = new Map<string, LogRow>();
  for (const row of rows) {
    latest.delete(row.record_key); // re-insert so the map's order is the latest change's order
    latest.set(row.record_key, row);
  }
  if (hasMore && latest.size) {
    const later = await q.query<{ record_key: string }>(
      `SELECT DISTINCT record_key FROM change_log WHERE entity = $1 AND seq > $2 AND ${OUTBOUND} AND record_key = ANY($3::text[])`,
      [entity, uptoSeq, [...latest.keys()]],
    );
    for (const { record_key } of later.rows) latest.delete(record_key);
  }
  const current = await currentRows(q, entity, [...latest.keys()]);
  const items = [...latest.values()].map((log) => itemOf(mapping, entity, log, current.get(log.record_key)));
  return { items, uptoSeq, hasMore };
}

/** Items for records whose last write failed and is not parked, oldest failure first. */
export async function pendingRetries(
  q: Queryable, mapping: Mapping, consumer: string, entity: Entity, limit: number, exclude: ReadonlySet<string>,
): Promise<{ items: FeedItem[]; hasMore: boolean }> {
  const r = await q.query<{ record_key: string }>(
    `SELECT record_key FROM sync_failures WHERE consumer = $1 AND entity = $2 AND NOT parked ORDER BY id LIMIT $3`,
    [consumer, entity, limit + exclude.size + 1],
  );
  const keys = r.rows.map((x) => x.record_key).filter((k) => !exclude.has(k));
  const hasMore = keys.length > limit;
  const chosen = keys.slice(0, limit);
  if (chosen.length === 0) return { items: [], hasMore };
  const logs = await q.query<LogRow>(
    `SELECT DISTINCT ON (record_key) seq, record_key, operation, version FROM change_log
     WHERE entity = $1 AND record_key = ANY($2::text[]) ORDER BY record_key, seq DESC`,
    [entity, chosen],
  );
  const byKey = new Map(logs.rows.map((l) => [l.record_key, l]));
  const current = await currentRows(q, entity, chosen);
  const items = chosen.map((key) => {
    const log = byKey.get(key) ?? { seq: 0, record_key: key, operation: current.has(key) ? 'upsert' : 'delete', version: 0 };
    return itemOf(mapping, entity, log as LogRow, current.get(key));
  });
  return { items, hasMore };
}

export interface FeedPage {
  items: FeedItem[];
  cursor: string;
  hasMore: boolean;
}

const CURSOR = /^c1\.[A-Za-z0-9_-]{22}$/;

export async function ensureConsumer(q: Queryable, consumer: string, entity: Entity, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO sync_consumers (consumer, entity, created_at) VALUES ($1, $2, $3) ON CONFLICT (consumer, entity) DO NOTHING`,
    [consumer, entity, now],
  );
}

/**
 * The next page for a consumer: records whose write failed first (at most half the page, so new
 * changes always progress), then the changes after its acknowledged position. Issues a cursor
 * that acknowledges exactly this page.
 */
export async function readFeed(
  q: Queryable, mapping: Mapping, consumer: string, entity: Entity, limit: number, now: Date,
): Promise<FeedPage> {
  await ensureConsumer(q, consumer, entity, now);
  const c = await q.query<{ acked_seq: number }>('SELECT acked_seq FROM sync_consumers WHERE consumer = $1 AND entity = $2', [consumer, entity]);
  const acked = Number(c.rows[0]!.acked_seq);
  const retryLimit = Math.ceil(limit / 2);
  const probe = await q.query('SELECT 1 FROM sync_failures WHERE consumer = $1 AND entity = $2 AND NOT parked LIMIT 1', [consumer, entity]);
  let window: Window;
  let retries: { items: FeedItem[]; hasMore: boolean } = { items: [], hasMore: false };
  if (probe.rowCount === 0) {
    window = await changesAfter(q, mapping, entity, acked, limit);
  } else {
    window = await changesAfter(q, mapping, entity, acked, limit - retryLimit);
    retries = await pendingRetries(q, mapping, consumer, entity, retryLimit, new Set(window.items.map((i) => i.key)));
    if (!window.hasMore && retries.items.length < retryLimit) {
      // Room left over: fill it with new changes.
      const more = await changesAfter(q, mapping, entity, window.uptoSeq, retryLimit - retries.items.length);
      const retried = new Set(retries.items.map((i) => i.key));
      window = { items: [...window.items, ...more.items.filter((i) => !retried.has(i.key))], uptoSeq: more.uptoSeq, hasMore: more.hasMore };
    }
  }
  const items = [...retries.items, ...window.items];
  const id = randomBytes(16).toString('base64url');
  // The page's keys go with its cursor, so its acknowledgement knows which records it covers.
  await q.query(
    `INSERT INTO sync_cursors (id, consumer, entity, upto_seq, issued_at, record_keys) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, consumer, entity, window.uptoSeq, now, items.map((i) => i.key)],
  );
  return { items, cursor: `c1.${id}`, hasMore: window.hasMore || retries.hasMore };
}

export interface IssuedCursor {
  id: string;
  consumer: string;
  entity: Entity;
  upto_seq: number;
  acked_at: Date | null;
  /** The keys the page offered; null for cursors issued before the keys were kept. */
  record_keys: string[] | null;
}

/** The issued cursor behind a cursor string, locked; 400 naming cursor when this API never issued it. */
export async function issuedCursor(q: Queryable, cursor: string, consumer: string, entity: Entity): Promise<IssuedCursor> {
  const notIssued = invalidField('/body/cursor', 'issued', 'is not a cursor this API issued for this consumer and entity');
  if (!CURSOR.test(cursor)) throw notIssued;
  const r = await q.query<IssuedCursor>('SELECT * FROM sync_cursors WHERE id = $1 FOR UPDATE', [cursor.slice(3)]);
  const row = r.rows[0];
  if (!row || row.consumer !== consumer || row.entity !== entity) throw notIssued;
  return { ...row, upto_seq: Number(row.upto_seq) };
}

/**
 * Issued cursors are kept a week, long enough for any flow run to acknowledge its page; Dataverse
 * request ids a month, far past Dataverse's single retry.
 */
export async function pruneSyncState(q: Queryable, now: Date): Promise<number> {
  const week = new Date(now.getTime() - 7 * 86_400_000);
  const month = new Date(now.getTime() - 30 * 86_400_000);
  const a = await q.query('DELETE FROM sync_cursors WHERE issued_at < $1', [week]);
  const b = await q.query('DELETE FROM dataverse_webhook_requests WHERE received_at < $1', [month]);
  return a.rowCount + b.rowCount;
}

/** The opaque state of a polling trigger: a position in one entity's change log. */
export function encodePollState(entity: Entity, seq: number): string {
  return Buffer.from(`p1:${entity}:${seq}`, 'utf8').toString('base64url');
}

export function decodePollState(state: string, entity: Entity): number {
  const m = /^p1:(\w+):(\d{1,18})$/.exec(Buffer.from(state, 'base64url').toString('utf8'));
  if (!m || m[1] !== entity) throw invalidField('/query/state', 'format', 'is not a trigger state this API issued');
  return Number(m[2]);
}
