/**
 * SQL for sync jobs. Claims use `FOR UPDATE SKIP LOCKED` plus a lease, so several processes on one
 * PostgreSQL never run the same job twice, and a job whose worker died is taken over once its lease
 * has run out. Every progress write is conditional on still holding the lease.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/index.ts';
import { where } from '../db/where.ts';
import { isUniqueViolation } from '../db/index.ts';
import type { Entity } from '../sync/change-log.ts';

export type JobMode = 'full' | 'changes';
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'completed_with_errors' | 'failed' | 'cancelled';
export const ACTIVE_STATUSES: readonly JobStatus[] = ['queued', 'running'];

export interface JobError {
  key: string;
  code: string;
  message: string;
  hint?: string | undefined;
}

export interface JobRow {
  id: string;
  entity: Entity;
  mode: JobMode;
  status: JobStatus;
  cancel_requested: boolean;
  total: number;
  written: number;
  deleted: number;
  failed: number;
  checkpoint: string | null;
  errors: JobError[];
  failure: string | null;
  requested_by: string | null;
  worker_id: string | null;
  lease_expires_at: Date | null;
  claims: number;
  created_at: Date;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

/** How many row errors a job keeps: enough to diagnose, small enough for a Power Automate output. */
export const MAX_JOB_ERRORS = 20;

export class JobAlreadyActive extends Error {
  readonly job: JobRow;
  constructor(job: JobRow) {
    super(`Sync job ${job.id} for ${job.entity} is already ${job.status}`);
    this.job = job;
  }
}

export async function activeJob(q: Queryable, entity: Entity): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(`SELECT * FROM sync_jobs WHERE entity = $1 AND status IN ('queued','running')`, [entity]);
  return r.rows[0];
}

/** Queues a job; throws JobAlreadyActive when the entity already has one queued or running. */
export async function insertJob(
  q: Queryable,
  input: { entity: Entity; mode: JobMode; requestedBy?: string | undefined },
  now: Date,
): Promise<JobRow> {
  try {
    const r = await q.query<JobRow>(
      `INSERT INTO sync_jobs (id, entity, mode, requested_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [randomUUID(), input.entity, input.mode, input.requestedBy ?? null, now],
    );
    return r.rows[0]!;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const running = await activeJob(q, input.entity);
    if (running) throw new JobAlreadyActive(running);
    throw e; // finished between the insert and the look-up: let the caller retry
  }
}

export async function getJob(q: Queryable, id: string): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>('SELECT * FROM sync_jobs WHERE id = $1', [id]);
  return r.rows[0];
}

export interface JobFilter {
  entity?: Entity | undefined;
  status?: JobStatus | undefined;
  limit: number;
}

export async function listJobs(q: Queryable, f: JobFilter): Promise<JobRow[]> {
  const params: unknown[] = [];
  const conditions = where([['entity = ?', f.entity || undefined], ['status = ?', f.status || undefined]], params);
  const r = await q.query<JobRow>(
    `SELECT * FROM sync_jobs ${conditions}
     ORDER BY created_at DESC, id LIMIT $${params.push(f.limit)}`,
    params,
  );
  return r.rows;
}

/**
 * Claims the oldest job that is queued or whose lease has expired (its worker crashed), optionally
 * only a given one. The claim bumps `claims`, so a resumed job shows it was taken over.
 */
export async function claimJob(
  q: Queryable,
  workerId: string,
  now: Date,
  leaseMs: number,
  onlyId?: string,
): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(
    `UPDATE sync_jobs SET status = 'running', worker_id = $1, lease_expires_at = $3, heartbeat_at = $2,
       started_at = coalesce(started_at, $2), claims = claims + 1
     WHERE id = (
       SELECT id FROM sync_jobs
       WHERE (status = 'queued' OR (status = 'running' AND lease_expires_at < $2))
         AND ($4::text IS NULL OR id = $4)
       ORDER BY created_at, id
       LIMIT 1
       FOR UPDATE SKIP LOCKED)
     RETURNING *`,
    [workerId, now, new Date(now.getTime() + leaseMs), onlyId ?? null],
  );
  return r.rows[0];
}

/** Extends the lease; false when another worker has taken the job over (or it was finished). */
export async function heartbeat(q: Queryable, id: string, workerId: string, now: Date, leaseMs: number): Promise<{ held: boolean; cancelRequested: boolean }> {
  const r = await q.query<{ cancel_requested: boolean }>(
    `UPDATE sync_jobs SET lease_expires_at = $4, heartbeat_at = $3
     WHERE id = $1 AND worker_id = $2 AND status = 'running' RETURNING cancel_requested`,
    [id, workerId, now, new Date(now.getTime() + leaseMs)],
  );
  return { held: r.rowCount > 0, cancelRequested: r.rows[0]?.cancel_requested ?? false };
}

export interface Progress {
  checkpoint: string | null;
  /** Added to the counters. */
  written: number;
  deleted: number;
  failed: number;
  /** New value of total when known, else unchanged. */
  total?: number | undefined;
  errors: JobError[];
}

/**
 * Records one chunk's outcome with the checkpoint, inside the chunk's transaction. Returns the
 * updated job, or undefined when the lease is no longer ours (the caller rolls back and stops).
 */
export async function saveProgress(q: Queryable, job: JobRow, workerId: string, p: Progress, now: Date, leaseMs: number): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(
    `UPDATE sync_jobs SET checkpoint = $3, written = written + $4, deleted = deleted + $5, failed = failed + $6,
       -- A record changed during a changes job adds to the work: total never falls below what was done.
       total = greatest(coalesce($7, total), written + $4 + deleted + $5 + failed + $6),
       errors = errors || $8::jsonb,
       heartbeat_at = $9, lease_expires_at = $10
     WHERE id = $1 AND worker_id = $2 AND status = 'running' RETURNING *`,
    [job.id, workerId, p.checkpoint, p.written, p.deleted, p.failed, p.total ?? null,
      // Only this lease holder appends errors, so the room left is known from the row it holds.
      JSON.stringify(p.errors.slice(0, Math.max(0, MAX_JOB_ERRORS - job.errors.length))), now, new Date(now.getTime() + leaseMs)],
  );
  return r.rows[0];
}

export async function setTotal(q: Queryable, id: string, workerId: string, total: number): Promise<void> {
  await q.query(`UPDATE sync_jobs SET total = $3 WHERE id = $1 AND worker_id = $2 AND status = 'running'`, [id, workerId, total]);
}

/** Ends a job (succeeded / completed_with_errors / failed / cancelled) if this worker still holds it. */
export async function finishJob(
  q: Queryable,
  id: string,
  workerId: string,
  status: Exclude<JobStatus, 'queued' | 'running'>,
  now: Date,
  failure?: string,
): Promise<JobRow | undefined> {
  const r = await q.query<JobRow>(
    `UPDATE sync_jobs SET status = $3, finished_at = $4, failure = coalesce($5, failure), lease_expires_at = NULL
     WHERE id = $1 AND worker_id = $2 AND status = 'running' RETURNING *`,
    [id, workerId, status, now, failure ?? null],
  );
  return r.rows[0];
}

/**
 * Asks a job to stop. A queued job is cancelled at once; a running one stops at its next chunk
 * boundary (its worker sees the flag). Finished jobs are returned unchanged.
 */
export async function requestCancel(q: Queryable, id: string, now: Date): Promise<JobRow | undefined> {
  const queued = await q.query<JobRow>(
    `UPDATE sync_jobs SET status = 'cancelled', cancel_requested = true, finished_at = $2
     WHERE id = $1 AND status = 'queued' RETURNING *`,
    [id, now],
  );
  if (queued.rows[0]) return queued.rows[0];
  const running = await q.query<JobRow>(
    `UPDATE sync_jobs SET cancel_requested = true WHERE id = $1 AND status = 'running' RETURNING *`,
    [id],
  );
  return running.rows[0] ?? (await getJob(q, id));
}
