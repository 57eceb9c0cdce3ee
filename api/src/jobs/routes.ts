/**
 * Sync-job handlers in Power Automate's asynchronous pattern: StartSyncJob answers 202 with an
 * absolute Location (GetSyncJob) and Retry-After; GetSyncJob answers 202 with the same headers
 * while the job is queued or running and 200 with the job once it has ended.
 *
 * One job per entity at a time: a second start while one is queued or running answers 409 naming
 * the running job and its URL (rather than silently returning it), so a flow or an operator never
 * believes a 'full' started when a 'changes' job was the one running.
 */
import type { Request, Response } from 'express';
import { AppError } from '../errors/index.ts';
import { principalOf } from '../http/auth.ts';
import type { AppDeps } from '../http/context.ts';
import { baseUrl } from '../http/paging.ts';
import { queryOf, type Handlers } from '../http/router.ts';
import type { Entity } from '../sync/change-log.ts';
import { checkSyncConfigured } from './configured.ts';
import { jobJson, isActive } from './json.ts';
import { getJob, insertJob, JobAlreadyActive, listJobs, requestCancel, type JobMode, type JobRow, type JobStatus } from './store.ts';
import { JOB_QUEUED_EVENT } from './worker.ts';

/** Seconds a poller waits between GetSyncJob calls; a chunk of a few hundred rows takes about this long. */
export const JOB_RETRY_AFTER_SECONDS = 5;

function jobUrl(req: Request, id: string): string {
  return `${baseUrl(req)}/sync/jobs/${encodeURIComponent(id)}`;
}

function jobNotFound(id: string): AppError {
  return new AppError('NOT_FOUND', { detail: `No sync job has the id ${id}.`, errors: [{ field: '/path/jobId', rule: 'exists', message: 'is not a sync job id' }] });
}

function sendPending(res: Response, req: Request, job: JobRow, status: 202): void {
  res.setHeader('Location', jobUrl(req, job.id));
  res.setHeader('Retry-After', String(JOB_RETRY_AFTER_SECONDS));
  res.status(status);
}

export function jobHandlers(deps: AppDeps): Handlers {
  const { db } = deps;
  return {
    async StartSyncJob(req, res) {
      const body = req.body as { entity: Entity; mode: JobMode };
      checkSyncConfigured(deps, body.entity);
      let job: JobRow;
      try {
        job = await insertJob(db, { entity: body.entity, mode: body.mode, requestedBy: principalOf(res).id }, deps.now());
      } catch (e) {
        if (!(e instanceof JobAlreadyActive)) throw e;
        const running = e.job;
        throw new AppError('CONFLICT', {
          detail: `A ${running.mode} sync job for ${running.entity} is already ${running.status} (id ${running.id}); wait for it at ${jobUrl(req, running.id)} or cancel it before starting another.`,
          errors: [{ field: '/body/entity', rule: 'one-active-job', message: `already has sync job ${running.id} ${running.status}` }],
          extensions: { runningJobId: running.id, runningJobUrl: jobUrl(req, running.id) },
        });
      }
      deps.events.emit(JOB_QUEUED_EVENT, job.id);
      sendPending(res, req, job, 202);
      res.json(jobJson(job, deps.now()));
    },

    async GetSyncJob(req, res) {
      const id = String(req.params.jobId);
      const job = await getJob(db, id);
      if (!job) throw jobNotFound(id);
      if (isActive(job)) {
        // Power Automate keeps polling Location while it gets 202; the body is not read.
        sendPending(res, req, job, 202);
        res.end();
        return;
      }
      res.json(jobJson(job, deps.now()));
    },

    async ListSyncJobs(_req, res) {
      const q = queryOf(res);
      const rows = await listJobs(db, {
        entity: q.entity as Entity | undefined,
        status: q.status as JobStatus | undefined,
        limit: Number(q.top ?? 20),
      });
      const now = deps.now();
      res.json({ value: rows.map((j) => jobJson(j, now)) });
    },

    async CancelSyncJob(req, res) {
      const id = String(req.params.jobId);
      const job = await requestCancel(db, id, deps.now());
      if (!job) throw jobNotFound(id);
      if (!isActive(job) && job.status !== 'cancelled') {
        throw new AppError('CONFLICT', {
          detail: `Sync job ${id} has already ended (${job.status}); there is nothing to cancel.`,
          extensions: { jobStatus: job.status },
        });
      }
      res.json(jobJson(job, deps.now()));
    },
  };
}
