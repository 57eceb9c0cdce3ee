/**
 * Webhook delivery as production runs it: the worker that workers.ts starts beside the server,
 * here started on a test app's deps (its database, clock and fetch) and stopped when the test or
 * file that started it ends. Tests observe what a receiver got and what the outbox recorded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, vi } from 'vitest';
import type { Db } from '../../api/src/db/index.ts';
import { startWebhookWorker } from '../../api/src/webhooks/worker.ts';
import type { Worker } from '../../api/src/workers.ts';
import type { TestApp } from './app.ts';
import { releaseLater } from './lifecycle.ts';

/** A short poll so that a fake clock moved forward is seen within milliseconds (production: 1 s). */
export const TEST_POLL_MS = 20;

export function startTestWebhookWorker(t: Pick<TestApp, 'deps'>): Worker {
  const worker = startWebhookWorker(t.deps, { pollMs: TEST_POLL_MS });
  releaseLater(() => worker.stop());
  return worker;
}

/** Long enough for the worker to poll several times: after it, what has not happened did not happen for lack of a chance. */
export function quietPeriod(): Promise<void> {
  return sleep(TEST_POLL_MS * 10);
}

/**
 * Waits until every change is dispatched to every subscription and no delivery is pending: the
 * outbox has nothing left to do (on a clock that does not stand still for retries).
 */
export async function outboxSettled(db: Db, timeoutMs = 10_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const r = await db.query<{ behind: number; pending: number }>(
        `SELECT (SELECT count(*) FROM webhook_subscriptions s
                  WHERE s.last_seq < (SELECT coalesce(max(seq), 0) FROM change_log c WHERE c.entity = s.entity))::int AS behind,
                (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')::int AS pending`,
      );
      expect(r.rows[0], 'subscriptions behind the change log and deliveries pending').toEqual({ behind: 0, pending: 0 });
    },
    { timeout: timeoutMs, interval: TEST_POLL_MS },
  );
}
