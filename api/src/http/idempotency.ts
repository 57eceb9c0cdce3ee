/**
 * Idempotency-Key for POST: the key is reserved, the work done and the answer stored in one
 * transaction, so a crash leaves nothing half-done and a retry with the same key and body replays
 * the first answer. The same key with another body is refused (422); while the first request is
 * still running, a concurrent one waits on the key's row lock and then replays its answer.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Db, Queryable } from '../db/index.ts';
import { AppError } from '../errors/index.ts';

export interface HttpResult {
  status: number;
  headers?: Record<string, string>;
  /** Serialised JSON body. */
  body?: string;
}

/** Key order must not change the fingerprint: clients serialise objects in any order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function send(res: Response, result: HttpResult): void {
  for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
  res.status(result.status);
  if (result.body === undefined) res.end();
  else res.type('application/json').send(result.body);
}

/**
 * Runs `work` in a transaction, honouring the request's Idempotency-Key when present. `scope`
 * separates keys per caller and operation so two callers cannot collide on a key.
 */
export async function runIdempotent(
  db: Db,
  req: Request,
  res: Response,
  scope: string,
  work: (tx: Queryable) => Promise<HttpResult>,
): Promise<void> {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') {
    send(res, await db.transaction(work));
    return;
  }
  const hash = createHash('sha256').update(`${req.method} ${req.path}\n${canonical(req.body)}`).digest('hex');
  const result = await db.transaction(async (tx) => {
    const reserved = await tx.query(
      `INSERT INTO idempotency_keys (scope, idempotency_key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, idempotency_key) DO NOTHING RETURNING 1`,
      [scope, key, hash],
    );
    if (reserved.rowCount === 0) {
      const prior = await tx.query<{ request_hash: string; response_status: number | null; response_headers: Record<string, string> | null; response_body: string | null }>(
        'SELECT request_hash, response_status, response_headers, response_body FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2',
        [scope, key],
      );
      const row = prior.rows[0]!;
      if (row.request_hash !== hash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', {
          detail: `Idempotency-Key "${key}" was first used with a different request body; use a new key for a new request.`,
          errors: [{ field: '/header/Idempotency-Key', rule: 'idempotency', message: 'was already used with another body' }],
        });
      }
      if (row.response_status === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
      return {
        status: row.response_status,
        headers: { ...(row.response_headers ?? {}), 'Idempotent-Replayed': 'true' },
        ...(row.response_body !== null ? { body: row.response_body } : {}),
      } satisfies HttpResult;
    }
    const fresh = await work(tx);
    await tx.query(
      `UPDATE idempotency_keys SET response_status = $3, response_headers = $4, response_body = $5
       WHERE scope = $1 AND idempotency_key = $2`,
      [scope, key, fresh.status, JSON.stringify(fresh.headers ?? {}), fresh.body ?? null],
    );
    return fresh;
  });
  send(res, result);
}

/** Removes stored answers older than `hours`; run periodically by the server. */
export async function pruneIdempotencyKeys(db: Db, hours = 24): Promise<number> {
  const r = await db.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1::int)`, [hours]);
  return r.rowCount;
}
