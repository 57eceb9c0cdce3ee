/**
 * Renders every error as RFC 9457 `application/problem+json`. Known errors come from the catalogue
 * (AppError); body-parser errors are translated; anything else is a 500 whose detail is masked and
 * whose stack goes to the log only, tied to the response by the request id.
 */
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { AppError, catalogue, isAppError, type ErrorCode } from '../errors/index.ts';

const TYPE_BASE = 'https://energy-cmms.example.com/problems/';

export function problemType(code: ErrorCode): string {
  return TYPE_BASE + code.toLowerCase().replace(/_/g, '-');
}

export function sendProblem(res: Response, error: AppError, instance?: string): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(error.status).type('application/problem+json').send(
    JSON.stringify({
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      ...(error.detail ? { detail: error.detail } : {}),
      ...(instance ? { instance } : {}),
      code: error.code,
      ...(error.errors.length ? { errors: error.errors } : {}),
      ...error.extensions,
    }),
  );
}

/** Maps errors thrown by body-parser / raw-body (which carry `type` and `status`) to catalogue errors. */
function fromParserError(err: { type?: string; status?: number; limit?: number }): AppError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', { detail: `The body is larger than the limit of ${err.limit} bytes.` });
    case 'entity.parse.failed':
      return new AppError('MALFORMED_JSON', { detail: 'The body could not be parsed as JSON.' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: 'The body must be UTF-8 encoded JSON.' });
    case 'request.aborted':
      return new AppError('VALIDATION_FAILED', { detail: 'The request was aborted by the client.' });
    default:
      return undefined;
  }
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = String(req.id ?? '');
  let error: AppError;
  if (isAppError(err)) error = err;
  else if (err && typeof err === 'object' && typeof (err as { type?: unknown }).type === 'string' && fromParserError(err)) error = fromParserError(err)!;
  else {
    req.log?.error({ err }, 'unhandled error');
    error = new AppError('INTERNAL', { detail: `An unexpected error occurred; quote ${requestId} to support.` });
  }
  if (error.status >= 500 && isAppError(err)) req.log?.warn({ code: error.code, detail: error.detail }, 'request failed');
  if (res.headersSent) {
    res.end();
    return;
  }
  sendProblem(res, error, requestId || undefined);
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('ROUTE_NOT_FOUND', { detail: `No operation answers ${req.method} ${req.path}.` }));
};

export { catalogue };
