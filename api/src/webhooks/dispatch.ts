/**
 * The dispatcher: turns change-log rows into delivery rows, one per matching subscription, and
 * advances each subscription's cursor in the same transaction. A crash before commit leaves both
 * untouched (the changes are read again); after commit each change is queued exactly once, which
 * the (subscription_id, change_seq) key also guarantees. Subscriptions are locked with SKIP
 * LOCKED, so several processes dispatch disjoint subscriptions and never queue a change twice.
 */
import type { Queryable } from '../db/index.ts';
import type { AppDeps } from '../http/context.ts';
import type { Entity } from '../sync/change-log.ts';
import { CMMS_FIELDS, loadMapping, type Mapping } from '../sync/mapping.ts';
import { eventBody, eventIdOf, type ChangeRow, type RecordRow } from './payload.ts';
import { normalise, type SubscriptionRow } from './subscriptions.ts';

const TABLES: Record<Entity, string> = { assets: 'assets', purchaseOrders: 'purchase_orders' };

interface NewDelivery {
  eventId: string;
  subscriptionId: string;
  change: ChangeRow;
  status: 'pending' | 'superseded' | 'dead';
  body: string;
  error: string | null;
}

/**
 * The event body, or a dead letter naming why it cannot be built (e.g. a MAPPING_FILE with no
 * option value for a record's value): one bad record must not stall every later event.
 */
function build(sub: SubscriptionRow, change: ChangeRow, row: RecordRow | undefined, mapping: Mapping): Pick<NewDelivery, 'status' | 'body' | 'error'> {
  // An upsert that cannot be described (no snapshot, record since changed or gone) is recorded
  // as superseded; the record's later events follow in order.
  if (change.operation === 'upsert' && !row) return { status: 'superseded', body: '', error: null };
  try {
    return { status: 'pending', body: eventBody(sub.kind, sub.id, change, row, mapping), error: null };
  } catch (e) {
    return { status: 'dead', body: '', error: `the event could not be built: ${(e as Error).message}` };
  }
}

/** Whether a change is one the subscription asked for. The site of a deleted record is unknown, so site filters let deletes through. */
export function matches(sub: SubscriptionRow, change: ChangeRow, row: RecordRow | undefined): boolean {
  if (!sub.events.includes(change.operation)) return false;
  if (sub.kind === 'purchaseOrderStatus') {
    if (change.operation !== 'upsert' || !change.changed_fields.includes('estado')) return false;
    if (sub.estado && row && (row as { estado?: string }).estado !== sub.estado) return false;
  }
  if (sub.sitio && row && row.sitio !== sub.sitio) return false;
  return true;
}

const DATE_FIELDS = ['fecha_adquisicion', 'fecha_creacion', 'created_at', 'updated_at', 'dynamics_synced_at', 'dynamics_status_modified_on'];

/** A snapshot (jsonb, decimals as text) back in the shape the stores return: Dates for timestamps. */
function fromSnapshot(snapshot: Record<string, unknown>): RecordRow {
  const row: Record<string, unknown> = { ...snapshot };
  for (const f of DATE_FIELDS) if (typeof row[f] === 'string') row[f] = new Date(row[f] as string);
  return row as unknown as RecordRow;
}

/**
 * The record as each upsert left it: the snapshot taken in the writing transaction (migration
 * 0003's trigger) or, lacking one, the current row when it is still at that version.
 */
async function recordsAsWritten(tx: Queryable, entity: Entity, changes: ChangeRow[]): Promise<Map<number, RecordRow>> {
  const upserts = changes.filter((c) => c.operation === 'upsert');
  const out = new Map<number, RecordRow>();
  if (upserts.length === 0) return out;
  const snaps = await tx.query<{ seq: number; snapshot: Record<string, unknown> }>(
    'SELECT seq, snapshot FROM webhook_snapshots WHERE seq = ANY($1::bigint[])', [upserts.map((c) => c.seq)],
  );
  for (const s of snaps.rows) out.set(Number(s.seq), fromSnapshot(s.snapshot));
  const missing = upserts.filter((c) => !out.has(c.seq));
  if (missing.length) {
    const key = CMMS_FIELDS[entity].key;
    const r = await tx.query<RecordRow>(`SELECT * FROM ${TABLES[entity]} WHERE ${key} = ANY($1::text[])`, [[...new Set(missing.map((c) => c.record_key))]]);
    const current = new Map(r.rows.map((row) => [String((row as unknown as Record<string, unknown>)[key]), row]));
    for (const c of missing) {
      const row = current.get(c.record_key);
      if (row && row.version === c.version) out.set(c.seq, row);
    }
  }
  return out;
}

async function dispatchEntity(tx: Queryable, deps: AppDeps, mapping: Mapping, entity: Entity, subs: SubscriptionRow[], batch: number): Promise<number> {
  const from = Math.min(...subs.map((s) => s.last_seq));
  const changes = (await tx.query<ChangeRow>(
    `SELECT seq, entity, record_key, operation, version, origin, changed_fields, changed_at
       FROM change_log WHERE entity = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [entity, from, batch],
  )).rows.map((c) => ({ ...c, seq: Number(c.seq) }));
  if (changes.length === 0) return 0;
  const last = changes[changes.length - 1]!.seq;
  const rows = await recordsAsWritten(tx, entity, changes);
  const now = deps.now();
  const expires = new Date(now.getTime() + deps.config.webhooks.maxAgeHours * 3_600_000);
  const deliveries: NewDelivery[] = [];
  for (const sub of subs) {
    for (const change of changes) {
      // A change applied from Dynamics is not sent back towards it (see OUTBOUND in the feed).
      if (change.seq <= sub.last_seq || change.origin === 'dynamics') continue;
      const row = rows.get(change.seq);
      if (!matches(sub, change, row)) continue;
      deliveries.push({ eventId: eventIdOf(sub.id, change.seq), subscriptionId: sub.id, change, ...build(sub, change, row, mapping) });
    }
  }
  if (deliveries.length) {
    // One statement per batch: unnest turns the parallel arrays into rows on both drivers.
    await tx.query(
      `INSERT INTO webhook_deliveries (event_id, subscription_id, change_seq, entity, record_key, operation, version, status, body,
                                       last_error, next_attempt_at, expires_at, created_at)
       SELECT e, s, q, $4::text, k, o, v, st, b, err, $5::timestamptz, $6::timestamptz, $5::timestamptz
         FROM unnest($1::text[], $2::text[], $3::bigint[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[], $12::text[])
              AS t(e, s, q, k, o, v, st, b, err)
       ON CONFLICT (subscription_id, change_seq) DO NOTHING`,
      [deliveries.map((d) => d.eventId), deliveries.map((d) => d.subscriptionId), deliveries.map((d) => d.change.seq), entity, now, expires,
        deliveries.map((d) => d.change.record_key), deliveries.map((d) => d.change.operation), deliveries.map((d) => d.change.version),
        deliveries.map((d) => d.status), deliveries.map((d) => d.body), deliveries.map((d) => d.error)],
    );
  }
  await tx.query('UPDATE webhook_subscriptions SET last_seq = $2 WHERE id = ANY($1::text[]) AND last_seq < $2', [subs.map((s) => s.id), last]);
  // Snapshots every subscription of the entity has read past are no longer needed.
  await tx.query(
    `DELETE FROM webhook_snapshots WHERE entity = $1
        AND seq <= coalesce((SELECT min(last_seq) FROM webhook_subscriptions WHERE entity = $1), 9223372036854775807)`,
    [entity],
  );
  return deliveries.filter((d) => d.status === 'pending').length;
}

/**
 * Queues deliveries for every change not yet dispatched, a batch of changes per entity per
 * transaction (short transactions: PGlite has one session, and a long one would stall requests).
 * Returns the number of deliveries queued.
 */
export async function dispatchChanges(deps: AppDeps, batch = 500): Promise<number> {
  const mapping = loadMapping(deps.config);
  let queued = 0;
  for (;;) {
    const round = await deps.db.transaction(async (tx) => {
      const subs = (await tx.query<SubscriptionRow>(
        `SELECT s.* FROM webhook_subscriptions s
          WHERE s.last_seq < (SELECT coalesce(max(seq), 0) FROM change_log c WHERE c.entity = s.entity)
          ORDER BY s.id FOR UPDATE SKIP LOCKED`,
      )).rows.map(normalise);
      let n = 0;
      for (const entity of ['assets', 'purchaseOrders'] as const) {
        const mine = subs.filter((s) => s.entity === entity);
        if (mine.length) n += await dispatchEntity(tx, deps, mapping, entity, mine, batch);
      }
      // Subscriptions still behind after this batch are picked up by the next round.
      return { n, more: subs.length > 0 };
    });
    queued += round.n;
    if (!round.more) return queued;
  }
}
