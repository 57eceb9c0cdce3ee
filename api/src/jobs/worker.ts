/**
 * The sync-job worker: claims the oldest runnable job (queued, or running under an expired lease,
 * i.e. its worker died), runs it, and looks again; it sleeps between polls and wakes at once when
 * a job is queued in this process. Several workers on one PostgreSQL share the jobs safely.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/index.ts';
import { createDataverseClient, type DataverseClient, type DataverseClientOptions } from '../dynamics/index.ts';
import type { AppDeps } from '../http/context.ts';
import { loadMapping } from '../sync/mapping.ts';
import type { Config } from '../config/index.ts';
import { feedChangeSource, type ChangeSource } from './changes.ts';
import { runJob, type RunEnd } from './runner.ts';
import { claimJob, type JobRow } from './store.ts';
import { TELEMETRY } from '../observability/events.ts';

/** Emitted on `deps.events` when a job is queued, so a worker in this process starts it at once. */
export const JOB_QUEUED_EVENT = 'sync-job-queued';

export interface JobWorkerOptions {
  /** The Dataverse client; by default the process-wide one built from config. */
  client?: DataverseClient;
  /** Extra client options (tests pass a quicker `sleep`). */
  clientOptions?: Partial<DataverseClientOptions>;
  workerId?: string;
  /** How long a claim holds without a heartbeat; a crashed worker's job is taken over after it. */
  leaseMs?: number;
  heartbeatMs?: number;
  pollMs?: number;
  pageSize?: number;
  changes?: ChangeSource;
  /** Only run this job (the CLI runs the job it queued and nothing else). */
  onlyJobId?: string;
  onProgress?: (job: JobRow) => void;
}

export interface JobWorker {
  /** Stops after the current chunk and hands the job back (lease released) for another worker. */
  stop(): Promise<void>;
  /** Stops at once without saving or releasing anything, as a crash would (for tests). */
  kill(): Promise<void>;
  /** Resolves when the worker has nothing to do (for the CLI and tests). */
  idle(): Promise<void>;
  readonly id: string;
}

export const DEFAULT_LEASE_MS = 30_000;

const clients = new WeakMap<Config, DataverseClient>();

/**
 * One Dataverse client per process and configuration, so its token cache and concurrency limiter
 * are shared by every job. Throws NOT_CONFIGURED naming the missing settings.
 */
export function dataverseClientFor(deps: Pick<AppDeps, 'config' | 'fetch' | 'logger'> & Partial<Pick<AppDeps, 'events'>>, extra: Partial<DataverseClientOptions> = {}): DataverseClient {
  const hit = clients.get(deps.config);
  if (hit) return hit;
  const client = createDataverseClient({
    settings: deps.config.dynamics, fetch: deps.fetch, logger: deps.logger,
    onRequest: (e) => deps.events?.emit(TELEMETRY.dataverseRequest, e),
    ...extra,
  });
  clients.set(deps.config, client);
  return client;
}

/** What a worker needs of the app's wiring (the CLI builds just this). */
export type WorkerDeps = Pick<AppDeps, 'config' | 'db' | 'logger' | 'now' | 'fetch' | 'events'>;

export function startJobWorker(deps: WorkerDeps, options: JobWorkerOptions = {}): JobWorker {
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? 5_000;
  const stopping = new AbortController();
  const killing = new AbortController();
  const signal = AbortSignal.any([stopping.signal, killing.signal]);
  let wake: (() => void) | undefined;
  let idleWaiters: Array<() => void> = [];
  const onQueued = () => wake?.();
  deps.events.on(JOB_QUEUED_EVENT, onQueued);

  const ctx = {
    db: deps.db as Db,
    client: () => options.client ?? dataverseClientFor(deps, options.clientOptions),
    mapping: () => loadMapping(deps.config),
    changes: options.changes ?? feedChangeSource(),
    logger: deps.logger,
    now: deps.now,
    workerId: id,
    leaseMs,
    heartbeatMs: options.heartbeatMs ?? Math.max(50, Math.floor(leaseMs / 3)),
    pageSize: options.pageSize ?? defaultPageSize(deps.config),
    maxAttempts: deps.config.sync.maxAttempts,
    signal: killing.signal,
    onProgress: (job: JobRow) => {
      options.onProgress?.(job);
      deps.events.emit(TELEMETRY.jobProgress, job);
    },
  };

  async function loop(): Promise<void> {
    while (!signal.aborted) {
      let end: RunEnd | undefined;
      try {
        const job = await claimJob(deps.db, id, deps.now(), leaseMs, options.onlyJobId);
        if (job) {
          end = await runJob({ ...ctx, stopSignal: stopping.signal }, job);
          if (end === 'aborted' && !killing.signal.aborted) await release(deps.db, job.id, id, deps.now());
          continue;
        }
      } catch (err) {
        if (killing.signal.aborted) return;
        deps.logger.error({ err, worker: 'sync-jobs' }, 'sync job worker failed; trying again shortly');
      }
      for (const done of idleWaiters) done();
      idleWaiters = [];
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        timer.unref();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
        signal.addEventListener('abort', () => wake?.(), { once: true });
      });
      wake = undefined;
    }
  }

  const running = loop();
  return {
    id,
    async stop() {
      stopping.abort();
      deps.events.off(JOB_QUEUED_EVENT, onQueued);
      await running;
    },
    async kill() {
      killing.abort();
      deps.events.off(JOB_QUEUED_EVENT, onQueued);
      await running.catch(() => undefined);
    },
    idle: () => new Promise<void>((resolve) => idleWaiters.push(resolve)),
  };
}

/** A graceful stop hands the job back at once instead of making the next worker wait out the lease. */
async function release(db: Db, jobId: string, workerId: string, now: Date): Promise<void> {
  await db.query(`UPDATE sync_jobs SET lease_expires_at = $3 WHERE id = $1 AND worker_id = $2 AND status = 'running'`, [jobId, workerId, new Date(now.getTime() - 1)]);
}

/** Enough rows per chunk to keep the client's parallel requests busy, few enough to cancel promptly. */
function defaultPageSize(config: Config): number {
  return Math.min(5_000, config.dynamics.batchSize * Math.max(1, Math.min(config.dynamics.maxConcurrency, 8)));
}
