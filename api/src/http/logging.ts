/**
 * Structured request logs with pino. The request id is Power Automate's tracking id when it sends
 * one (x-ms-client-tracking-id, x-ms-correlation-request-id) so a flow run and our log line can be
 * matched; it is echoed back. Credentials never reach the log: auth headers are not serialised and
 * secret query values (the Dataverse webhook's `code`) are masked.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

declare module 'node:http' {
  interface IncomingMessage {
    /** The request id: Power Automate's tracking id when it sent one, else a fresh UUID. */
    id: string;
    /** The app's logger, for lines about this request (they carry `req.id` themselves). */
    log: Logger;
  }
}

/**
 * One line per request when its answer is sent or the client goes away, in pino-http's shape (`req`,
 * `res`, `responseTime`, "request completed" / "request aborted"). Written here rather than with
 * pino-http, which builds a child logger and serializes the request for every request: with it the
 * request log cost 13 µs of CPU per GetAsset under load, more than Express, validation and the
 * handler together (measured by switching pieces off under `npm run bench`'s client).
 *
 * The line goes through a child without the logger's redaction: it carries only the fields built
 * here (no headers, the URL's secret query values masked), so there is nothing for redaction to
 * find, and walking its wildcard paths cost 2.5 µs a line.
 *
 * With `write` (production's stdout, log-destination.ts), the line is composed here in pino's own
 * layout (level, time, the logger's bindings, the fields, msg) and handed to it directly: pino's
 * per-line machinery cost about 1 µs of a cached GetAsset's ~22. A test holds the two layouts equal
 * for the same requests. Without it (Azure Monitor's multistream, tests' streams) pino writes it.
 */
export function requestLogger(logger: Logger, write?: (line: string) => void) {
  const lines = logger.child({}, { redact: [] });
  const bindings = JSON.stringify(lines.bindings());
  const afterTime = bindings === '{}' ? '' : `,${bindings.slice(1, -1)}`;
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = performance.now();
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
    req.id = id;
    req.log = logger;
    // 'close' follows 'finish' on every response, and comes alone when the client went away first;
    // it comes once, so `on` serves without `once`'s wrapper.
    res.on('close', () => {
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!lines.isLevelEnabled(level)) return;
      const correlation = req.headers['x-ms-correlation-request-id'];
      const url = req.url ?? '';
      const fields = {
        id,
        method: req.method,
        url: url.includes('?') ? maskUrl(url) : url,
        remoteAddress: req.socket.remoteAddress,
        ...(typeof correlation === 'string' && correlation !== id && SAFE_ID.test(correlation) ? { correlationId: correlation } : {}),
      };
      const responseTime = Math.round(performance.now() - started);
      const msg = res.writableFinished ? 'request completed' : 'request aborted';
      if (write) {
        write(`{"level":${lines.levels.values[level]},"time":${Date.now()}${afterTime},"req":${JSON.stringify(fields)},"res":{"statusCode":${status}},"responseTime":${responseTime},"msg":"${msg}"}\n`);
      } else {
        lines[level]({ req: fields, res: { statusCode: status }, responseTime }, msg);
      }
    });
    next();
  };
}
