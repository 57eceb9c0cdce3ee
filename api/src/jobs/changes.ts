/**
 * 'changes' mode: the job reads the change feed (api/src/sync/feed.ts) as the built-in consumer
 * `job:<entity>`, exactly as a flow would, and acknowledges each page with per-record results
 * (api/src/sync/acknowledge.ts), which also records the outcome on the CMMS records and parks
 * records that keep failing. The consumer's acknowledged position is the job's checkpoint, so a
 * resumed job continues after the last acknowledged page.
 */
import type { Queryable } from '../db/index.ts';
import type { DataverseClient, TableTarget } from '../dynamics/index.ts';
import { acknowledge } from '../sync/acknowledge.ts';
import type { Entity } from '../sync/change-log.ts';
import { OUTBOUND, readFeed } from '../sync/feed.ts';
import type { Mapping } from '../sync/mapping.ts';
import { deleteRows, describeRowError, upsertRows, type PushResult } from './push.ts';
import type { Chunk, RunContext } from './runner.ts';
import type { JobRow } from './store.ts';

export interface ChangeSource {
  /** Records waiting in the feed for this consumer (new changes plus failures due a retry). */
  pending(q: Queryable, entity: Entity): Promise<number>;
  /** Pushes the next page of changes; undefined when the feed is drained. */
  next(ctx: RunContext, job: JobRow, client: DataverseClient, mapping: Mapping, table: TableTarget): Promise<Chunk | undefined>;
  /** Acknowledges the chunk's page inside the job's progress transaction. */
  acknowledge(tx: Queryable, job: JobRow, chunk: Chunk, maxAttempts: number, now: Date): Promise<void>;
}

export function consumerName(entity: Entity): string {
  return `job:${entity}`;
}

export function feedChangeSource(): ChangeSource {
  // Keys that failed earlier in this run are not pushed again by it: the feed re-offers failures
  // on every page, and a job that retried them page after page would count one record many times.
  const failedThisRun = new Map<string, Set<string>>();
  const failedSet = (jobId: string) => {
    let set = failedThisRun.get(jobId);
    if (!set) failedThisRun.set(jobId, (set = new Set()));
    return set;
  };

  return {
    async pending(q, entity) {
      const consumer = consumerName(entity);
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
    },

    async next(ctx, job, client, mapping, table) {
      const page = await readFeed(ctx.db, mapping, consumerName(job.entity), job.entity, ctx.pageSize, ctx.now());
      const skip = failedSet(job.id);
      const items = page.items.filter((i) => !skip.has(i.key));
      if (!items.length && !page.hasMore) {
        failedThisRun.delete(job.id);
        return undefined;
      }
      if (!items.length && page.items.length) {
        // Only earlier failures of this run are left: they wait for the next job.
        failedThisRun.delete(job.id);
        return undefined;
      }
      const upserts = items.filter((i) => i.operation === 'upsert').map((i) => ({ key: i.key, record: i.record }));
      const deletes = items.filter((i) => i.operation === 'delete').map((i) => i.key);
      const [written, removed] = await Promise.all([upsertRows(client, table, upserts), deleteRows(client, table, deletes)]);
      const results: PushResult[] = [...written, ...removed];
      for (const r of results) if (!r.ok) skip.add(r.key);
      return { checkpoint: page.cursor, results };
    },

    async acknowledge(tx, job, chunk, maxAttempts, now) {
      await acknowledge(tx, {
        consumer: consumerName(job.entity),
        entity: job.entity,
        cursor: chunk.checkpoint!,
        results: chunk.results.map((r) => (r.ok
          ? { key: r.key, ok: true, dynamicsId: r.id || undefined }
          : { key: r.key, ok: false, error: describeRowError(r.error) })),
      }, maxAttempts, now);
    },
  };
}
