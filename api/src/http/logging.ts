/**
 * Structured request logs with pino. The request id is Power Automate's tracking id when it sends
 * one (x-ms-client-tracking-id, x-ms-correlation-request-id) so a flow run and our log line can be
 * matched; it is echoed back. Credentials never reach the log: auth headers are not serialised and
 * secret query values (the Dataverse webhook's `code`) are masked.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import { pino, type Logger } from 'pino';

const ID_HEADERS = ['x-ms-client-tracking-id', 'x-ms-correlation-request-id', 'x-ms-client-request-id', 'x-request-id'];
const SAFE_ID = /^[\w.:@-]{1,128}$/;
const SECRET_QUERY = /([?&](?:code|key|api[-_]?key|token|access_token|client_secret)=)[^&]*/gi;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'energy-cmms-api' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.clientSecret', '*.client_secret', '*.password', '*.secret'],
      censor: '[redacted]',
    },
  });
}

export function maskUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

export function requestLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req: IncomingMessage, res: ServerResponse) {
      for (const h of ID_HEADERS) {
        const v = req.headers[h];
        if (typeof v === 'string' && SAFE_ID.test(v)) {
          res.setHeader('x-request-id', v);
          if (h.startsWith('x-ms-')) res.setHeader(h, v);
          return v;
        }
      }
      const id = randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: maskUrl(req.url),
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel(_req, res, err) {
      if (err || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
  });
}
