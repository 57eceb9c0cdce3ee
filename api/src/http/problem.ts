/**
 * Renders every error as RFC 9457 `application/problem+json`. Known errors come from the catalogue
 * (AppError); body-parser errors are translated; anything else is a 500 whose detail is masked and
 * whose stack goes to the log only, tied to the response by the request id.
 */
import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, catalogue, invalidField, isAppError, type ErrorCode } from '../errors/index.ts';
import { listOperations } from './openapi.ts';

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

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * The router could not percent-decode a path parameter (`%zz`, `%ff`, an encoded lone surrogate):
 * a 400 naming the parameter of the operation whose path template has that segment.
 */
function undecodablePath(req: Request): AppError {
  const segments = req.path.replace(/\/$/, '').split('/');
  const at = segments.findIndex((s) => !decodes(s));
  const template = listOperations()
    .map((o) => o.path.split('/'))
    .find((t) => t.length === segments.length && t.every((part, i) => part.startsWith('{') || part === segments[i]));
  const name = at >= 0 ? template?.[at]?.replace(/^\{|\}$/g, '') : undefined;
  return invalidField(name ? `/path/${name}` : '/path', 'encoding', 'must be percent-encoded UTF-8');
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = String(req.id ?? '');
  let error: AppError;
  if (isAppError(err)) error = err;
  else if (err instanceof URIError && (err as { status?: number }).status === 400) error = undecodablePath(req);
  else if (err && typeof err === 'object' && typeof (err as { type?: unknown }).type === 'string' && fromParserError(err)) error = fromParserError(err)!;
  else {
    req.log?.error({ req: { id: requestId }, err }, 'unhandled error');
    error = new AppError('INTERNAL', { detail: `An unexpected error occurred; quote ${requestId} to support.` });
  }
  if (error.status >= 500 && isAppError(err)) req.log?.warn({ req: { id: requestId }, code: error.code, detail: error.detail }, 'request failed');
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

/**
 * Node's HTTP parser refuses some requests before Express sees them (a control character in a
 * header, headers over the size limit, a request that never finishes arriving) and answers with a
 * bare status line. This listener answers them as problem+json too, then closes the connection.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const error =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? new AppError('HEADERS_TOO_LARGE', {
            detail: `The request headers are larger than the ${maxHeaderSize} bytes the server accepts.`,
            errors: [{ field: '/header', rule: 'maxLength', message: `must not exceed ${maxHeaderSize} bytes in all` }],
          })
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? new AppError('REQUEST_TIMEOUT', { detail: 'The request did not arrive in full in time.' })
          : new AppError('VALIDATION_FAILED', {
              detail: `The request is not valid HTTP (${err.code ?? 'parse error'}): check header names and values for forbidden characters.`,
              errors: [{ field: '/header', rule: 'http', message: 'must be valid HTTP/1.1 (no control characters in header names or values)' }],
            });
    const body = JSON.stringify({ type: problemType(error.code), title: error.title, status: error.status, detail: error.detail, code: error.code, ...(error.errors.length ? { errors: error.errors } : {}) });
    socket.end(
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
