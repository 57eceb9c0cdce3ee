/**
 * Delivering the outbox: claim due deliveries (FOR UPDATE SKIP LOCKED, in a short transaction that
 * leaves a lease in next_attempt_at), POST them outside any transaction, then record the outcome.
 * A record's later event is never claimed while an earlier one of the same subscription is still
 * pending, so events arrive in order per record; a process dying mid-delivery leaves its lease to
 * expire and the delivery is sent again (at-least-once).
 */
import type { AppDeps } from '../http/context.ts';
import { checkCallbackUrl } from './callback-url.ts';
import { signature } from './payload.ts';
import { callbackHost } from './subscriptions.ts';

export interface ClaimedDelivery {
  id: number;
  eventId: string;
  body: string;
  attempts: number;
  expiresAt: Date;
  callbackUrl: string;
  secret: string;
}

/** Back-off before attempt n+1: 5 s doubling per attempt up to an hour, then "equal jitter" (half fixed, half random). */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base / 2 + (base / 2) * random());
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3), in milliseconds from `now`. */
export function retryAfterMs(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

// Beyond the request timeout, so a slow receiver's delivery is not claimed twice while in flight.
const LEASE_MARGIN_MS = 5_000;

export async function claimDue(deps: AppDeps, limit: number): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const now = deps.now();
  const lease = new Date(now.getTime() + deps.config.webhooks.timeoutMs + LEASE_MARGIN_MS);
  return deps.db.transaction(async (tx) => {
    const r = await tx.query<{ id: number; event_id: string; body: string; attempts: number; expires_at: Date; callback_url: string; secret: string }>(
      `SELECT d.id, d.event_id, d.body, d.attempts, d.expires_at, s.callback_url, s.secret
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                           WHERE e.subscription_id = d.subscription_id AND e.record_key = d.record_key
                             AND e.status = 'pending' AND e.change_seq < d.change_seq)
        ORDER BY d.next_attempt_at, d.id
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED`,
      [now, limit],
    );
    if (r.rows.length === 0) return [];
    const ids = r.rows.map((d) => Number(d.id));
    await tx.query('UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2 WHERE id = ANY($1::bigint[])', [ids, lease]);
    return r.rows.map((d) => ({
      id: Number(d.id), eventId: d.event_id, body: d.body, attempts: d.attempts + 1, expiresAt: d.expires_at,
      callbackUrl: d.callback_url, secret: d.secret,
    }));
  });
}

interface Outcome {
  ok: boolean;
  status?: number;
  error?: string;
  retryAfterMs?: number;
  /** The receiver or our rules say a retry cannot succeed. */
  permanent?: boolean;
}

async function post(deps: AppDeps, d: ClaimedDelivery): Promise<Outcome> {
  try {
    // Checked again at send time: a name may have been re-pointed at a private address since.
    await checkCallbackUrl(d.callbackUrl, deps.config.webhooks);
  } catch (e) {
    return { ok: false, permanent: true, error: `callback URL refused: ${(e as Error).message}` };
  }
  const now = deps.now();
  try {
    const res = await deps.fetch(d.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-cmms-event-id': d.eventId,
        'x-cmms-signature': signature(d.secret, d.body),
        'x-cmms-timestamp': String(Math.floor(now.getTime() / 1000)),
        'user-agent': 'energy-cmms-webhooks/1',
      },
      body: d.body,
      // A redirect could lead anywhere, past the host checks: it counts as a failure instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.config.webhooks.timeoutMs),
    });
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    const wait = retryAfterMs(res.headers.get('retry-after'), now);
    return {
      ok: false,
      status: res.status,
      error: `receiver answered ${res.status}`,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      // 410 Gone: the flow or its trigger no longer exists.
      permanent: res.status === 410,
    };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    // undici says only "fetch failed"; the cause's code (ECONNREFUSED, ENOTFOUND…) is what helps an operator.
    const code = err.cause?.code ? ` (${err.cause.code})` : '';
    return { ok: false, error: err.name === 'TimeoutError' ? `no answer within ${deps.config.webhooks.timeoutMs} ms` : `request failed: ${err.message}${code}` };
  }
}

/**
 * Records successful deliveries a few at a time: one UPDATE for every success within a few
 * milliseconds rather than one per delivery. Until its row is written a delivery keeps its lease,
 * so nothing is claimed twice meanwhile; a crash before the write means one more delivery of the
 * same event, which at-least-once allows.
 */
export class DeliveredLog {
  readonly #deps: AppDeps;
  #batch: { id: number; status: number }[] = [];
  #waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  #flushing: Promise<unknown> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(deps: AppDeps) {
    this.#deps = deps;
  }

  /** Resolves once the delivery is recorded. */
  add(id: number, status: number): Promise<void> {
    this.#batch.push({ id, status });
    const recorded = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (this.#batch.length >= 64) void this.flush().catch(() => {});
    else this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), 5);
    return recorded;
  }

  /** Writes what is pending; failures reach the waiting deliveries (and the caller). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#flushing) await this.#flushing.catch(() => {});
    const batch = this.#batch.splice(0);
    const waiters = this.#waiters.splice(0);
    if (batch.length === 0) return;
    const write = this.#deps.db.query(
      `UPDATE webhook_deliveries d SET status = 'delivered', delivered_at = $3, last_status = v.status, last_error = NULL
         FROM unnest($1::bigint[], $2::int[]) AS v(id, status)
        WHERE d.id = v.id AND d.status = 'pending'`,
      [batch.map((b) => b.id), batch.map((b) => b.status), this.#deps.now()],
    );
    this.#flushing = write;
    try {
      await write;
      for (const w of waiters) w.resolve();
    } catch (e) {
      for (const w of waiters) w.reject(e);
      throw e;
    } finally {
      this.#flushing = undefined;
    }
  }
}

/** Sends one claimed delivery and records the outcome: delivered, retried later, or dead. */
export async function deliverOne(deps: AppDeps, d: ClaimedDelivery, log: DeliveredLog): Promise<'delivered' | 'retry' | 'dead'> {
  const outcome = await post(deps, d);
  const now = deps.now();
  if (outcome.ok) {
    await log.add(d.id, outcome.status ?? 200);
    return 'delivered';
  }
  const wait = outcome.retryAfterMs ?? backoffMs(d.attempts);
  const next = new Date(now.getTime() + wait);
  const dead = outcome.permanent || d.attempts >= deps.config.webhooks.maxAttempts || next > d.expiresAt;
  await deps.db.query(
    `UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, last_status = $4, last_error = $5
      WHERE id = $1 AND status = 'pending'`,
    [d.id, dead ? 'dead' : 'pending', dead ? now : next, outcome.status ?? null, outcome.error ?? null],
  );
  deps.logger[dead ? 'warn' : 'info'](
    { eventId: d.eventId, host: callbackHost(d.callbackUrl), attempts: d.attempts, status: outcome.status, error: outcome.error },
    dead ? 'webhook delivery dead-lettered' : 'webhook delivery failed; will retry',
  );
  return dead ? 'dead' : 'retry';
}
