/**
 * Structured request logs with pino. The request id is Power Automate's tracking id when it sends
 * one (x-ms-client-tracking-id, x-ms-correlation-request-id) so a flow run and our log line can be
 * matched; it is echoed back. Credentials never reach the log: auth headers are not serialised and
 * secret query values (the Dataverse webhook's `code`) are masked.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import { pino, type DestinationStream, type Logger } from 'pino';

const ID_HEADERS = ['x-ms-client-tracking-id', 'x-ms-correlation-request-id', 'x-ms-client-request-id', 'x-request-id'];
const SAFE_ID = /^[\w.:@-]{1,128}$/;
const SECRET_QUERY = /([?&](?:code|key|api[-_]?key|token|access_token|client_secret)=)[^&]*/gi;

/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({
    level,
    base: { service: 'energy-cmms-api' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.clientSecret', '*.client_secret', '*.password', '*.secret'],
      censor: '[redacted]',
    },
  }, destination);
}

export function maskUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      let id: string | undefined;
      for (const h of ID_HEADERS) {
        const v = req.headers[h];
        if (typeof v !== 'string' || !SAFE_ID.test(v)) continue;
        id ??= v;
        // Power Automate sends both its tracking and correlation ids; echo each it sent.
        if (h.startsWith('x-ms-')) res.setHeader(h, v);
      }
      id ??= randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; headers?: Record<string, unknown> }) => {
        const correlation = req.headers?.['x-ms-correlation-request-id'];
        return {
          id: req.id,
          method: req.method,
          url: maskUrl(req.url),
          remoteAddress: req.remoteAddress,
          ...(typeof correlation === 'string' && SAFE_ID.test(correlation) && correlation !== req.id ? { correlationId: correlation } : {}),
        };
      },
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel(_req, res, err) {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
  });
}
