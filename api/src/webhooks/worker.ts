/**
 * The webhook worker: dispatch new changes into the outbox and keep up to
 * config.webhooks.concurrency deliveries in flight. It dispatches on the 'changes' event (right
 * after a write commits) and on a one-second poll, which also picks up retries whose time has
 * come, leases left by a dead process, and changes written by other processes.
 */
import type { AppDeps } from '../http/context.ts';
import type { Worker } from '../workers.ts';
import { claimDue, DeliveredLog, deliverOne } from './deliver.ts';
import { dispatchChanges } from './dispatch.ts';
import { pruneDeliveries } from './outbox.ts';

export interface WebhookWorkerOptions {
  /** How often to look for due retries and other processes' changes (1 s; the bench polls faster). */
  pollMs?: number;
}

export function startWebhookWorker(deps: AppDeps, options: WebhookWorkerOptions = {}): Worker {
  const concurrency = deps.config.webhooks.concurrency;
  // Claim when a quarter of the slots are free (or none are busy): one claim transaction serves
  // several finished deliveries instead of one each.
  const claimAt = Math.max(1, Math.ceil(concurrency / 4));
  const log = new DeliveredLog(deps);
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let dispatchWanted = true;
  let pumping: Promise<void> | undefined;
  let again = false;

  const fail = (err: unknown) => deps.logger.error({ err, worker: 'webhooks' }, 'webhook work failed');

  async function pumpOnce(): Promise<void> {
    if (dispatchWanted) {
      dispatchWanted = false;
      await dispatchChanges(deps);
    }
    while (!stopped) {
      const free = concurrency - inFlight.size;
      if (free <= 0 || (inFlight.size > 0 && free < claimAt)) return;
      const claimed = await claimDue(deps, free);
      if (claimed.length === 0) return;
      for (const d of claimed) {
        const p: Promise<unknown> = deliverOne(deps, d, log)
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

  const tick = () => {
    dispatchWanted = true;
    wake();
  };
  deps.events.on('changes', tick);
  const timer = setInterval(tick, options.pollMs ?? 1_000);
  timer.unref();
  const pruner = setInterval(() => void pruneDeliveries(deps.db, deps.now()).catch(fail), 3_600_000);
  pruner.unref();
  wake();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearInterval(pruner);
      deps.events.off('changes', tick);
      await pumping;
      await Promise.all(inFlight);
      await log.flush().catch(fail);
    },
  };
}
