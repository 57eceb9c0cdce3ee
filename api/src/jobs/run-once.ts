/**
 * Running one sync job to its end inside the calling process (the operator CLI): queue it (or take
 * over the entity's job when its worker has died), run it with a worker limited to that job, and
 * report progress until it ends. Ctrl-C asks the job to cancel at its next chunk boundary.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Db } from '../db/index.ts';
import type { Entity } from '../sync/change-log.ts';
import { checkSyncConfigured } from './configured.ts';
import { isActive } from './json.ts';
import { getJob, insertJob, JobAlreadyActive, requestCancel, type JobMode, type JobRow } from './store.ts';
import { startJobWorker, type JobWorkerOptions, type WorkerDeps } from './worker.ts';

export interface RunOnceInput {
  config: Config;
  db: Db;
  logger: Logger;
  entity: Entity;
  mode: JobMode;
  requestedBy: string;
  fetch?: typeof fetch;
  onProgress?: (job: JobRow) => void;
  /** Tells the caller which job it got (new, or an abandoned one taken over). */
  onJob?: (job: JobRow, takenOver: boolean) => void;
  /** Aborting it asks the job to cancel (Ctrl-C). */
  cancel?: AbortSignal;
  worker?: Partial<JobWorkerOptions>;
}

export class JobBusy extends Error {
  readonly job: JobRow;
  constructor(job: JobRow) {
    super(
      `A ${job.mode} sync of ${job.entity} is already running in another process (job ${job.id}, last heartbeat ` +
        `${job.heartbeat_at?.toISOString() ?? 'never'}). Wait for it, or cancel it with POST /sync/jobs/${job.id}/cancel.`,
    );
    this.job = job;
  }
}

/** Runs the job and resolves with it once it has ended. Throws AppError NOT_CONFIGURED or JobBusy. */
export async function runSyncOnce(input: RunOnceInput): Promise<JobRow> {
  checkSyncConfigured(input, input.entity);
  const now = () => new Date();
  let job: JobRow;
  let takenOver = false;
  try {
    job = await insertJob(input.db, { entity: input.entity, mode: input.mode, requestedBy: input.requestedBy }, now());
  } catch (e) {
    if (!(e instanceof JobAlreadyActive)) throw e;
    const abandoned = e.job.status === 'queued' || (e.job.lease_expires_at !== null && e.job.lease_expires_at < now());
    if (!abandoned) throw new JobBusy(e.job);
    job = e.job;
    takenOver = true;
  }
  input.onJob?.(job, takenOver);

  const deps: WorkerDeps = {
    config: input.config,
    db: input.db,
    logger: input.logger,
    now,
    fetch: input.fetch ?? globalThis.fetch,
    events: new EventEmitter(),
  };
  const worker = startJobWorker(deps, { onlyJobId: job.id, pollMs: 200, onProgress: input.onProgress, ...input.worker });
  const onCancel = () => void requestCancel(input.db, job.id, now()).catch(() => undefined);
  input.cancel?.addEventListener('abort', onCancel, { once: true });
  try {
    for (;;) {
      const current = await getJob(input.db, job.id);
      if (!current) throw new Error(`Sync job ${job.id} disappeared`);
      if (!isActive(current)) return current;
      // Another process took the job over (this one stalled past its lease): nothing more to do here.
      if (current.worker_id && current.worker_id !== worker.id && current.status === 'running' && current.lease_expires_at && current.lease_expires_at > now()) {
        throw new JobBusy(current);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    input.cancel?.removeEventListener('abort', onCancel);
    await worker.stop();
  }
}
