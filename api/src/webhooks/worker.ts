/**
 * The webhook worker: dispatch new changes into the outbox and keep up to
 * config.webhooks.concurrency deliveries in flight. It wakes on the 'changes' event (right after
 * a write commits) and also polls every second, which picks up retries whose time has come,
 * leases left by a dead process, and changes written by other processes.
 */
import type { AppDeps } from '../http/context.ts';
import type { Worker } from '../workers.ts';
import { claimDue, deliverOne, type DeliverOptions } from './deliver.ts';
import { dispatchChanges } from './dispatch.ts';

export interface WebhookWorkerOptions extends DeliverOptions {
  pollMs?: number;
}

export function startWebhookWorker(deps: AppDeps, options: WebhookWorkerOptions = {}): Worker {
  const concurrency = deps.config.webhooks.concurrency;
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let pumping: Promise<void> | undefined;
  let again = false;

  const fail = (err: unknown) => deps.logger.error({ err, worker: 'webhooks' }, 'webhook work failed');

  async function pumpOnce(): Promise<void> {
    await dispatchChanges(deps);
    while (!stopped) {
      const claimed = await claimDue(deps, concurrency - inFlight.size);
      if (claimed.length === 0) return;
      for (const d of claimed) {
        const p: Promise<unknown> = deliverOne(deps, d, options)
          .catch(fail)
          .finally(() => {
            inFlight.delete(p);
            wake();
          });
        inFlight.add(p);
      }
    }
  }

  // One pump at a time; a wake-up during a pump runs it once more rather than being lost.
  function wake(): void {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = (async () => {
      do {
        again = false;
        await pumpOnce().catch(fail);
      } while (again && !stopped);
    })().finally(() => (pumping = undefined));
  }

  const onChanges = () => wake();
  deps.events.on('changes', onChanges);
  const timer = setInterval(wake, options.pollMs ?? 1_000);
  timer.unref();
  wake();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      deps.events.off('changes', onChanges);
      await pumping;
      await Promise.all(inFlight);
    },
  };
}

/**
 * Dispatches and delivers everything due now, then returns counts: for tests (with a fake clock)
 * and the bench. Deliveries run `concurrency` at a time, like the worker.
 */
export async function drainWebhooks(deps: AppDeps, options: DeliverOptions = {}): Promise<{ delivered: number; retry: number; dead: number }> {
  const counts = { delivered: 0, retry: 0, dead: 0 };
  await dispatchChanges(deps);
  for (;;) {
    const claimed = await claimDue(deps, deps.config.webhooks.concurrency);
    if (claimed.length === 0) return counts;
    for (const outcome of await Promise.all(claimed.map((d) => deliverOne(deps, d, options)))) counts[outcome]++;
  }
}
