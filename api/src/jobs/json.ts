/** A sync job as the API shows it (the SyncJob schema in openapi.yaml). */
import { ACTIVE_STATUSES, type JobRow } from './store.ts';

export function isActive(job: Pick<JobRow, 'status'>): boolean {
  return ACTIVE_STATUSES.includes(job.status);
}

export function jobJson(job: JobRow, now: Date): Record<string, unknown> {
  const end = job.finished_at ?? (job.started_at ? now : null);
  const done = job.written + job.deleted + job.failed;
  return {
    id: job.id,
    entity: job.entity,
    mode: job.mode,
    status: job.status,
    cancelRequested: job.cancel_requested,
    total: job.total,
    written: job.written,
    deleted: job.deleted,
    failed: job.failed,
    percentComplete: job.status === 'succeeded' || job.status === 'completed_with_errors' ? 100 : job.total > 0 ? Math.min(100, Math.floor((done * 100) / job.total)) : 0,
    createdAt: job.created_at.toISOString(),
    startedAt: job.started_at?.toISOString() ?? null,
    finishedAt: job.finished_at?.toISOString() ?? null,
    durationSeconds: job.started_at && end ? Math.max(0, (end.getTime() - job.started_at.getTime()) / 1000) : null,
    // A job taken over from a crashed worker says so: its counts still cover the whole job.
    resumed: job.claims > 1,
    errors: job.errors.map((e) => ({ key: e.key, code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) })),
    ...(job.failure ? { failure: job.failure } : {}),
    ...(job.requested_by ? { requestedBy: job.requested_by } : {}),
  };
}
