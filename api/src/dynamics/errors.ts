/**
 * DataverseError: one failure talking to Entra ID or Dataverse, carrying what an operator needs
 * (a hint naming the setting or the admin step) and what the retry logic needs (`retryable`).
 * Messages and hints never contain the token, the client secret or the certificate.
 */
import { AppError } from '../errors/index.ts';
import { hintFor } from './diagnose.ts';

/** Where the failure came from: the token endpoint, the Web API, the network, or our own timeout. */
export type FailureSource = 'entra' | 'dataverse' | 'network' | 'timeout';

export interface DataverseErrorInit {
  /** HTTP status; 0 when no response arrived (connection failure, timeout). */
  status: number;
  /** Dataverse hex code (`0x80060892`), an Entra error (`invalid_client`), or ours (`Timeout`, `ConnectionFailed`). */
  code: string;
  message: string;
  source: FailureSource;
  retryable?: boolean;
  /** Milliseconds the server asked us to wait (429 `Retry-After`). */
  retryAfterMs?: number | undefined;
  /** Context for the hint: the alternate-key column and value, the timeout in force. */
  context?: HintContext;
  cause?: unknown;
}

export interface HintContext {
  keyColumn?: string | undefined;
  key?: string | undefined;
  timeoutMs?: number | undefined;
  table?: string | undefined;
}

/** Statuses a later attempt can cure; Dataverse's own guidance plus 408. */
const TRANSIENT_STATUSES = new Set([408, 429, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

export class DataverseError extends Error {
  readonly status: number;
  readonly code: string;
  readonly source: FailureSource;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly hint: string;

  constructor(init: DataverseErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'DataverseError';
    this.status = init.status;
    this.code = init.code;
    this.source = init.source;
    this.retryable =
      init.retryable ?? (init.source === 'network' || init.source === 'timeout' || isTransientStatus(init.status));
    this.retryAfterMs = init.retryAfterMs;
    this.hint = hintFor(init);
  }

  /** The shape `writeRows` reports per row. */
  toRowError(): RowError {
    return { code: this.code, message: this.message, status: this.status, retryable: this.retryable, hint: this.hint };
  }
}

export interface RowError {
  code: string;
  message: string;
  status: number;
  retryable: boolean;
  hint?: string;
}

export function isDataverseError(e: unknown): e is DataverseError {
  return e instanceof DataverseError;
}

/**
 * Reads Dataverse's `{"error":{"code","message"}}` body. The code is often empty or `0x0`
 * (reference §3.4), so callers classify by status and message as well.
 */
export function parseErrorBody(text: string): { code: string; message: string } | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const err = parsed?.error;
    if (err && typeof err === 'object') {
      return {
        code: typeof err.code === 'string' ? err.code : '',
        message: typeof err.message === 'string' ? err.message : '',
      };
    }
  } catch {
    // Not JSON (a proxy's HTML page, an empty 401): the caller falls back to the status text.
  }
  return undefined;
}

/** `Retry-After` in seconds (what Dataverse sends) or as an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function errorFromResponse(
  status: number,
  text: string,
  retryAfter: string | null,
  context?: HintContext,
): DataverseError {
  const parsed = parseErrorBody(text);
  return new DataverseError({
    status,
    code: parsed?.code ?? '',
    message: parsed?.message || `Dataverse answered HTTP ${status}`,
    source: 'dataverse',
    retryAfterMs: parseRetryAfter(retryAfter),
    context,
  });
}

/** For API routes: the catalogue error a Dataverse failure should surface as, hint included. */
export function toAppError(e: DataverseError): AppError {
  const code = e.source === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_FAILED';
  return new AppError(code, {
    detail: `${e.message} ${e.hint}`.trim(),
    cause: e,
    extensions: { dynamicsStatus: e.status, dynamicsCode: e.code, retryable: e.retryable },
  });
}
