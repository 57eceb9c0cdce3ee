/**
 * One Dataverse Web API request with everything around it: the OData headers, the bearer token
 * (refreshed once on a 401), a per-request timeout, the adaptive concurrency cap, and retries of
 * idempotent requests on 429 (honouring Retry-After), 502/503/504, resets and timeouts.
 */
import type { Logger } from 'pino';
import { timeout as timeoutPolicy, TimeoutStrategy, isTaskCancelledError } from 'cockatiel';
import { DataverseError, errorFromResponse, type HintContext } from './errors.ts';
import type { AdaptiveLimiter } from './limiter.ts';
import type { TokenProvider } from './token.ts';
import { dataverseOutcome, type DataverseRequestEvent } from '../observability/events.ts';

export const API_PATH = '/api/data/v9.2/';

export interface HttpSettings {
  url: string;
  timeoutMs: number;
  maxRetries: number;
}

export interface DataverseRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the service root (`msdyn_customerassets(...)`, `$batch`) or absolute. */
  path: string;
  body?: string | object | undefined;
  headers?: Record<string, string>;
  /** Safe to send again after a timeout or reset. Defaults to every method but POST. */
  idempotent?: boolean;
  /** Statuses returned to the caller rather than thrown (a `$batch` answers its first failure's status). */
  acceptStatus?: (status: number) => boolean;
  context?: HintContext;
}

export interface DataverseResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpDeps {
  settings: HttpSettings;
  fetch: typeof fetch;
  tokens: TokenProvider;
  limiter: AdaptiveLimiter;
  logger?: Logger | undefined;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Told of every attempt's outcome (metrics); must not throw. */
  onRequest?: ((e: DataverseRequestEvent) => void) | undefined;
}

export interface HttpStats {
  requests: number;
  retries: number;
  throttled: number;
}

const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 30_000;
const MAX_RETRY_AFTER_MS = 300_000;

export function createHttp(deps: HttpDeps) {
  const root = deps.settings.url.replace(/\/+$/, '') + API_PATH;
  const stats: HttpStats = { requests: 0, retries: 0, throttled: 0 };
  const policy = timeoutPolicy(deps.settings.timeoutMs, TimeoutStrategy.Aggressive);

  function backoff(attempt: number): number {
    // Exponential with jitter (half fixed, half random) so parallel workers do not retry in step.
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
    return Math.round(cap / 2 + (cap / 2) * deps.random());
  }

  async function once(req: DataverseRequest, token: string, ticket: number, retry: boolean): Promise<DataverseResponse> {
    const started = performance.now();
    const report = (status: number, source?: 'timeout' | 'network') =>
      deps.onRequest?.({ outcome: dataverseOutcome(status, source), status, retry, durationMs: performance.now() - started });
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      Authorization: `Bearer ${token}`,
      ...req.headers,
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      headers['Content-Type'] ??= 'application/json; charset=utf-8';
    }
    const url = /^https?:\/\//.test(req.path) ? req.path : root + req.path;
    stats.requests++;
    try {
      return await policy.execute(async ({ signal }) => {
        const res = await deps.fetch(url, { method: req.method, headers, ...(body !== undefined ? { body } : {}), signal });
        const text = await res.text();
        const dop = Number(res.headers.get('x-ms-dop-hint'));
        if (dop) deps.limiter.hint(dop);
        if (res.status === 429) deps.limiter.throttled(ticket);
        report(res.status);
        return { status: res.status, headers: res.headers, text };
      });
    } catch (e) {
      report(0, isTaskCancelledError(e) ? 'timeout' : 'network');
      if (isTaskCancelledError(e)) {
        throw new DataverseError({
          status: 0,
          code: 'Timeout',
          message: `No answer from Dataverse within ${deps.settings.timeoutMs} ms (${req.method} ${pathOnly(req.path)})`,
          source: 'timeout',
          context: { ...req.context, timeoutMs: deps.settings.timeoutMs },
        });
      }
      const cause = (e as { cause?: { code?: string } })?.cause;
      throw new DataverseError({
        status: 0,
        code: cause?.code ?? 'ConnectionFailed',
        message: `Connection to Dataverse failed (${req.method} ${pathOnly(req.path)}): ${cause?.code ?? (e as Error)?.message ?? 'unknown error'}`,
        source: 'network',
        cause: e,
      });
    }
  }

  async function request(req: DataverseRequest): Promise<DataverseResponse> {
    const idempotent = req.idempotent ?? req.method !== 'POST';
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      let failure: DataverseError;
      try {
        const res = await deps.limiter.run(async (ticket) => {
          let token = await deps.tokens.token();
          let r = await once(req, token, ticket, attempt > 0);
          if (r.status === 401 && !refreshed) {
            // One forced refresh per request: the cached token may have been revoked or expired early.
            refreshed = true;
            token = await deps.tokens.refresh(token);
            r = await once(req, token, ticket, true);
          }
          return r;
        });
        if (res.status < 400 || req.acceptStatus?.(res.status)) {
          deps.limiter.succeeded();
          return res;
        }
        failure = errorFromResponse(res.status, res.text, res.headers.get('retry-after'), req.context);
      } catch (e) {
        if (!(e instanceof DataverseError)) throw e;
        failure = e;
      }
      if (failure.status === 429) stats.throttled++;
      // Only requests that leave the same state when repeated are retried (a POST create could duplicate).
      if (!failure.retryable || !idempotent || attempt >= deps.settings.maxRetries) throw failure;
      const delay = failure.retryAfterMs !== undefined ? Math.min(failure.retryAfterMs, MAX_RETRY_AFTER_MS) : backoff(attempt);
      stats.retries++;
      deps.logger?.warn(
        { method: req.method, path: pathOnly(req.path), status: failure.status, code: failure.code, attempt: attempt + 1, delayMs: delay },
        'dataverse request failed, retrying',
      );
      await deps.sleep(delay);
    }
  }

  return { request, stats, root };
}

export type DataverseHttp = ReturnType<typeof createHttp>;

/** Paths in logs and messages without query strings (filters may carry business data). */
function pathOnly(path: string): string {
  return path.replace(/^https?:\/\/[^/]+/, '').split('?')[0]!;
}
