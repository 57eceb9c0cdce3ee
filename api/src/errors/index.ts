/**
 * The error catalogue. Every error the API can answer is declared once here with a stable code,
 * HTTP status and title; `AppError` carries the detail and the offending fields, and the error
 * middleware (api/src/http/problem.ts) renders it as RFC 9457 `application/problem+json`.
 */
export interface FieldError {
  /** JSON-pointer-like location of the offending value, e.g. `/body/total` or `/query/limit`. */
  readonly field: string;
  /** The rule broken, e.g. `minimum`, `required`, `format`, `maxLength`. */
  readonly rule: string;
  readonly message: string;
}

export const catalogue = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication is required' },
  FORBIDDEN: { status: 403, title: 'The caller may not do this' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such operation' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this resource' },
  NOT_ACCEPTABLE: { status: 406, title: 'Cannot produce the requested media type' },
  ALREADY_EXISTS: { status: 409, title: 'A record with this key already exists' },
  INVALID_TRANSITION: { status: 409, title: 'The status change is not allowed' },
  CONFLICT: { status: 409, title: 'The request conflicts with the current state' },
  COLUMN_OWNED: { status: 409, title: 'The column is owned by the other system' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'The Idempotency-Key was already used with another request' },
  IDEMPOTENCY_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  PRECONDITION_FAILED: { status: 412, title: 'The record has changed since it was read' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  UNPROCESSABLE: { status: 422, title: 'The request cannot be processed' },
  PRECONDITION_REQUIRED: { status: 428, title: 'A precondition header is required' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal error' },
  NOT_CONFIGURED: { status: 503, title: 'A required setting is missing' },
  UPSTREAM_FAILED: { status: 502, title: 'Dynamics 365 answered with an error' },
  UPSTREAM_TIMEOUT: { status: 504, title: 'Dynamics 365 did not answer in time' },
  UNAVAILABLE: { status: 503, title: 'The service is not ready' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof catalogue;

export interface AppErrorOptions {
  detail?: string;
  errors?: readonly FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
  /** Extra problem members (RFC 9457 extensions), e.g. `{ currentVersion: 3 }`. */
  extensions?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const entry = catalogue[code];
    super(options.detail ?? entry.title, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.title = entry.title;
    this.detail = options.detail;
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

/** A 404 naming the kind of record and the key that matched nothing. */
export function notFound(what: string, key: string): AppError {
  return new AppError('NOT_FOUND', { detail: `No ${what} has the key "${key}".` });
}

/** Shorthand for a 400 naming one field and the rule it breaks. */
export function invalidField(field: string, rule: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', {
    detail: `${field.replace(/^\/(body|query|path|header)\//, '')} ${message}`,
    errors: [{ field, rule, message }],
  });
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Turns anything thrown into an Error, keeping the original as `cause`. */
export function coerceError(e: unknown): Error {
  if (e instanceof Error) return e;
  return new Error(typeof e === 'string' ? e : 'Non-error thrown', { cause: e });
}
