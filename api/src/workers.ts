/**
 * Background work that runs beside the HTTP server: each capability registers a starter here.
 * Every worker claims its rows with `FOR UPDATE SKIP LOCKED`, so several API processes on one
 * PostgreSQL share the work without doing it twice.
 */
import type { AppDeps } from './http/context.ts';
import { pruneIdempotencyKeys } from './http/idempotency.ts';
import { pruneSyncState } from './sync/feed.ts';
import { startJobWorker } from './jobs/worker.ts';
import { startWebhookWorker } from './webhooks/worker.ts';

export interface Worker {
  stop(): Promise<void>;
}

type Starter = (deps: AppDeps) => Worker;

/** Repeats `tick` every `ms` until stopped; a failing tick is logged and retried next time. */
export function every(deps: AppDeps, name: string, ms: number, tick: () => Promise<unknown>): Worker {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((err: unknown) => deps.logger.error({ err, worker: name }, 'background work failed'))
      .finally(() => (running = undefined));
  }, ms);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

const starters: Starter[] = [
  (deps) => every(deps, 'idempotency-prune', 3_600_000, () => pruneIdempotencyKeys(deps.db)),
  (deps) => every(deps, 'sync-state-prune', 3_600_000, () => pruneSyncState(deps.db, deps.now())),
  (deps) => startJobWorker(deps),
  (deps) => startWebhookWorker(deps),
];

export function startWorkers(deps: AppDeps): Worker {
  const workers = starters.map((start) => start(deps));
  return {
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}
