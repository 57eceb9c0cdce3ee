/**
 * Runs one claimed sync job chunk by chunk. Each chunk is pushed to Dynamics, then its outcomes,
 * the job's counters and the checkpoint are saved in one transaction that also proves the lease is
 * still ours. A crash between the push and the save repeats that chunk on resume: every write is an
 * upsert (or delete) by alternate key, so a repeat changes nothing and the counts stay honest.
 */
import type { Logger } from 'pino';
import type { Db } from '../db/index.ts';
import { DataverseError, type DataverseClient } from '../dynamics/index.ts';
import { isAppError } from '../errors/index.ts';
import { tableFor, type Mapping } from '../sync/mapping.ts';
import { countRecordsAfter, keyOf, recordOutcomes, recordsAfter, type SyncOutcome } from './records.ts';
import { deleteRows, describeRowError, fatalFailure, tableTarget, toRowInputs, upsertRows, type PushResult } from './push.ts';
import { preflight } from './preflight.ts';
import { finishJob, heartbeat, saveProgress, setTotal, type JobError, type JobRow } from './store.ts';
import type { ChangeSource } from './changes.ts';

export interface RunContext {
  db: Db;
  client: () => DataverseClient;
  mapping: () => Mapping;
  changes: ChangeSource;
  logger: Logger;
  now: () => Date;
  workerId: string;
  leaseMs: number;
  heartbeatMs: number;
  /** Records per chunk: the cancel and checkpoint granularity. */
  pageSize: number;
  /** Failed attempts before the feed parks a record (config.sync.maxAttempts). */
  maxAttempts: number;
  /** Aborted to stop at once without saving anything, as a crash would (tests simulate crashes with it). */
  signal?: AbortSignal | undefined;
  /** Aborted to stop gracefully: the chunk in flight is saved, then the run ends before the next one. */
  stopSignal?: AbortSignal | undefined;
  onProgress?: ((job: JobRow) => void) | undefined;
}

/** Thrown inside a chunk's transaction to roll it back when the lease turned out to be lost. */
class LeaseLost extends Error {}

export type RunEnd = 'finished' | 'lease-lost' | 'aborted';

interface Chunk {
  checkpoint: string | null;
  results: PushResult[];
  total?: number | undefined;
}

export async function runJob(ctx: RunContext, claimed: JobRow): Promise<RunEnd> {
  let job = claimed;
  let cancelRequested = job.cancel_requested;
  let held = true;
  const log = ctx.logger.child({ jobId: job.id, entity: job.entity, mode: job.mode });
  const beat = setInterval(() => {
    heartbeat(ctx.db, job.id, ctx.workerId, ctx.now(), ctx.leaseMs)
      .then((h) => {
        held &&= h.held;
        cancelRequested ||= h.cancelRequested;
      })
      .catch((err: unknown) => log.warn({ err }, 'sync job heartbeat failed'));
  }, ctx.heartbeatMs);
  beat.unref();
  const aborted = () => ctx.signal?.aborted === true;

  try {
    const mapping = ctx.mapping();
    const client = ctx.client();
    const ref = tableFor(mapping, job.entity);
    // Key Active, lookups resolved: otherwise the job fails now with one message, not per record.
    const table = tableTarget(ref, await preflight(client, mapping, job.entity));
    log.info({ checkpoint: job.checkpoint, claims: job.claims }, job.claims > 1 ? 'sync job resumed from its checkpoint' : 'sync job started');

    // What is left plus what is done: on a resume the total stays the same job-wide number.
    const remaining = job.mode === 'full'
      ? await countRecordsAfter(ctx.db, job.entity, job.checkpoint)
      : await ctx.changes.pending(ctx.db, job.entity);
    await setTotal(ctx.db, job.id, ctx.workerId, job.written + job.deleted + job.failed + Math.max(0, remaining));

    for (;;) {
      if (aborted() || ctx.stopSignal?.aborted) return 'aborted';
      if (!held) return 'lease-lost';
      if (cancelRequested) {
        await finishJob(ctx.db, job.id, ctx.workerId, 'cancelled', ctx.now());
        log.info('sync job cancelled at a chunk boundary');
        return 'finished';
      }
      const chunk = job.mode === 'full'
        ? await fullChunk(ctx, job, client, mapping, table)
        : await ctx.changes.next(ctx, job, client, mapping, table);
      if (!chunk) break;
      if (aborted()) return 'aborted';

      const fatal = fatalFailure(chunk.results);
      if (fatal) {
        const message = describeRowError(fatal);
        log.error({ code: fatal.code, status: fatal.status }, 'sync job stopped: Dynamics refused every row');
        await finishJob(ctx.db, job.id, ctx.workerId, 'failed', ctx.now(), message);
        return 'finished';
      }
      try {
        job = await ctx.db.transaction(async (tx) => {
          const now = ctx.now();
          const outcomes: SyncOutcome[] = chunk.results
            .filter((r) => r.operation === 'upsert')
            .map((r) => (r.ok ? { key: r.key, id: r.id } : { key: r.key, error: describeRowError(r.error) }));
          // In changes mode the feed's acknowledgement records the outcomes on the CMMS records.
          if (job.mode === 'changes') await ctx.changes.acknowledge(tx, job, chunk, ctx.maxAttempts, now);
          else await recordOutcomes(tx, job.entity, outcomes, now);
          const errors: JobError[] = chunk.results.flatMap((r) => (r.ok ? [] : [{ key: r.key, code: r.error.code, message: r.error.message, hint: r.error.hint }]));
          const saved = await saveProgress(tx, job, ctx.workerId, {
            checkpoint: chunk.checkpoint,
            written: chunk.results.filter((r) => r.ok && r.operation === 'upsert').length,
            deleted: chunk.results.filter((r) => r.ok && r.operation === 'delete').length,
            failed: chunk.results.filter((r) => !r.ok).length,
            total: chunk.total,
            errors,
          }, now, ctx.leaseMs);
          if (!saved) throw new LeaseLost();
          return saved;
        });
      } catch (e) {
        if (e instanceof LeaseLost) {
          log.warn('sync job lease lost to another worker; leaving the job to it');
          return 'lease-lost';
        }
        throw e;
      }
      cancelRequested ||= job.cancel_requested;
      ctx.onProgress?.(job);
    }
    const status = job.failed > 0 ? 'completed_with_errors' : 'succeeded';
    const done = await finishJob(ctx.db, job.id, ctx.workerId, status, ctx.now());
    if (done) {
      ctx.onProgress?.(done);
      log.info({ total: done.total, written: done.written, deleted: done.deleted, failed: done.failed }, 'sync job finished');
    }
    return done ? 'finished' : 'lease-lost';
  } catch (e) {
    if (aborted()) return 'aborted';
    // Not configured, an unusable mapping, a record the feed cannot map, the database: the job
    // ends as failed with the reason, rather than being retried by every worker forever.
    const message = isAppError(e) ? (e.detail ?? e.message) : e instanceof DataverseError ? describeRowError(e.toRowError()) : e instanceof Error ? e.message : String(e);
    log.error({ err: e }, 'sync job failed');
    await finishJob(ctx.db, job.id, ctx.workerId, 'failed', ctx.now(), message).catch(() => undefined);
    return 'finished';
  } finally {
    clearInterval(beat);
  }
}

/** Full mode: the next page of records in key order; the checkpoint is the page's last key. */
async function fullChunk(ctx: RunContext, job: JobRow, client: DataverseClient, mapping: Mapping, table: ReturnType<typeof tableTarget>): Promise<Chunk | undefined> {
  const records = await recordsAfter(ctx.db, job.entity, job.checkpoint, ctx.pageSize);
  if (!records.length) return undefined;
  const { inputs, rejected } = toRowInputs(mapping, job.entity, records);
  const pushed = await upsertRows(client, table, inputs);
  return { checkpoint: keyOf(job.entity, records[records.length - 1]!), results: [...rejected, ...pushed] };
}

export { deleteRows, upsertRows, toRowInputs };
export type { Chunk };
