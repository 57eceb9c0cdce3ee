/**
 * What the operator console shows at a glance, read in one go: each consumer's backlog and lag,
 * failures, jobs, webhook subscriptions with their delivery state, and changes and deliveries per
 * minute over the last hour. The same figures feed /metrics. Logic free of req/res.
 */
import type { Queryable } from '../db/index.ts';
import { jobJson } from '../jobs/json.ts';
import { listJobs, type JobStatus } from '../jobs/store.ts';
import type { Entity } from '../sync/change-log.ts';
import { pendingRecords } from '../sync/feed.ts';
import { callbackHost } from '../webhooks/subscriptions.ts';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'completed_with_errors', 'failed', 'cancelled'];
const MINUTES = 60;

export interface ConsumerLag {
  consumer: string;
  entity: Entity;
  pending: number;
  retrying: number;
  parked: number;
  oldestPendingAt: string | null;
  lagSeconds: number;
  lastAcknowledgedAt: string | null;
}

/** Every consumer of the change feeds with its backlog and how old its oldest unacknowledged change is. */
export async function consumerLag(q: Queryable, now: Date): Promise<ConsumerLag[]> {
  const r = await q.query<{ consumer: string; entity: Entity; acked_at: Date | null; oldest: Date | null; retrying: number; parked: number }>(
    `SELECT c.consumer, c.entity, c.acked_at,
            (SELECT min(l.changed_at) FROM change_log l WHERE l.entity = c.entity AND l.seq > c.acked_seq) AS oldest,
            (SELECT count(*)::int FROM sync_failures f WHERE f.consumer = c.consumer AND f.entity = c.entity AND NOT f.parked) AS retrying,
            (SELECT count(*)::int FROM sync_failures f WHERE f.consumer = c.consumer AND f.entity = c.entity AND f.parked) AS parked
       FROM sync_consumers c ORDER BY c.entity, c.consumer`,
  );
  const out: ConsumerLag[] = [];
  for (const row of r.rows) {
    const oldest = row.oldest ? new Date(row.oldest) : null;
    out.push({
      consumer: row.consumer,
      entity: row.entity,
      pending: await pendingRecords(q, row.consumer, row.entity),
      retrying: Number(row.retrying),
      parked: Number(row.parked),
      oldestPendingAt: oldest?.toISOString() ?? null,
      lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0,
      lastAcknowledgedAt: row.acked_at ? new Date(row.acked_at).toISOString() : null,
    });
  }
  return out;
}

export async function jobCounts(q: Queryable): Promise<Record<JobStatus, number>> {
  const r = await q.query<{ status: JobStatus; n: number }>('SELECT status, count(*)::int AS n FROM sync_jobs GROUP BY status');
  const counts = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
  for (const row of r.rows) counts[row.status] = Number(row.n);
  return counts;
}

async function subscriptions(q: Queryable) {
  const r = await q.query<{
    id: string; kind: string; entity: Entity; callback_url: string; created_at: Date;
    pending: number; delivered: number; dead: number; last_delivered_at: Date | null; last_error: string | null;
  }>(
    `SELECT s.id, s.kind, s.entity, s.callback_url, s.created_at,
            count(d.id) FILTER (WHERE d.status = 'pending')::int AS pending,
            count(d.id) FILTER (WHERE d.status = 'delivered')::int AS delivered,
            count(d.id) FILTER (WHERE d.status = 'dead')::int AS dead,
            max(d.delivered_at) AS last_delivered_at,
            (SELECT e.last_error FROM webhook_deliveries e WHERE e.subscription_id = s.id AND e.last_error IS NOT NULL ORDER BY e.id DESC LIMIT 1) AS last_error
       FROM webhook_subscriptions s LEFT JOIN webhook_deliveries d ON d.subscription_id = s.id
      GROUP BY s.id ORDER BY s.created_at, s.id`,
  );
  return r.rows.map((s) => ({
    id: s.id,
    kind: s.kind,
    entity: s.entity,
    // The host alone: callback URLs carry Power Automate's signature in their query.
    callbackHost: callbackHost(s.callback_url),
    createdAt: new Date(s.created_at).toISOString(),
    pending: Number(s.pending),
    delivered: Number(s.delivered),
    dead: Number(s.dead),
    lastDeliveredAt: s.last_delivered_at ? new Date(s.last_delivered_at).toISOString() : null,
    lastError: s.last_error,
  }));
}

/** Counts per minute for the last hour, oldest minute first; the last bucket is the current minute. */
async function perMinute(q: Queryable, sql: string, now: Date): Promise<number[]> {
  const current = Math.floor(now.getTime() / 60_000);
  const since = new Date((current - MINUTES + 1) * 60_000);
  const r = await q.query<{ minute: number; n: number }>(sql, [since]);
  const buckets = new Array<number>(MINUTES).fill(0);
  for (const row of r.rows) {
    const i = Number(row.minute) - (current - MINUTES + 1);
    if (i >= 0 && i < MINUTES) buckets[i]! += Number(row.n);
  }
  return buckets;
}

export async function activitySeries(q: Queryable, now: Date) {
  const current = Math.floor(now.getTime() / 60_000);
  return {
    start: new Date((current - MINUTES + 1) * 60_000).toISOString(),
    changes: await perMinute(q, `SELECT floor(extract(epoch FROM changed_at) / 60)::bigint AS minute, count(*)::int AS n
      FROM change_log WHERE changed_at >= $1 GROUP BY 1`, now),
    deliveries: await perMinute(q, `SELECT floor(extract(epoch FROM delivered_at) / 60)::bigint AS minute, count(*)::int AS n
      FROM webhook_deliveries WHERE status = 'delivered' AND delivered_at >= $1 GROUP BY 1`, now),
  };
}

export async function consoleOverview(q: Queryable, now: Date) {
  const consumers = await consumerLag(q, now);
  const failures = await q.query<{ parked: boolean; n: number }>('SELECT parked, count(*)::int AS n FROM sync_failures GROUP BY parked');
  const subs = await subscriptions(q);
  const heads = await q.query<{ entity: Entity; head: number; last: Date | null }>(
    'SELECT entity, max(seq) AS head, max(changed_at) AS last FROM change_log GROUP BY entity',
  );
  return {
    generatedAt: now.toISOString(),
    entities: (['assets', 'purchaseOrders'] as const).map((entity) => {
      const h = heads.rows.find((x) => x.entity === entity);
      return { entity, headSeq: Number(h?.head ?? 0), lastChangeAt: h?.last ? new Date(h.last).toISOString() : null };
    }),
    consumers,
    failures: {
      parked: Number(failures.rows.find((f) => f.parked)?.n ?? 0),
      retrying: Number(failures.rows.find((f) => !f.parked)?.n ?? 0),
    },
    jobs: { byStatus: await jobCounts(q), recent: (await listJobs(q, { limit: 10 })).map((j) => jobJson(j, now)) },
    webhooks: { subscriptions: subs, dead: subs.reduce((n, s) => n + s.dead, 0) },
    activity: await activitySeries(q, now),
  };
}

export type ConsoleOverview = Awaited<ReturnType<typeof consoleOverview>>;
