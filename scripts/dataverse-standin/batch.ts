/**
 * The stand-in's `$batch` endpoint (reference §4): multipart/mixed only (a JSON batch is 400),
 * LF-only bodies fail with 0x80048d19 "Stream was not readable" unless they end with two LFs, at
 * most 1000 operations, change sets atomic with Content-ID echo and `$n` URL references, stop at the
 * first failure unless `odata.continue-on-error`, and a failed change set answered by one part.
 */
import { randomUUID } from 'node:crypto';
import { execute, errorResponse, type ApiResponse, type WebApiContext } from './webapi.ts';
import { rollback, type Journal } from './store.ts';

export interface BatchSettings {
  /** Fail LF-only bodies as the real service does (on by default, to catch client regressions). */
  rejectLfOnly: boolean;
  /** Live reports say continue-on-error does not go past a failed change set; true makes it continue. */
  continuePastFailedChangeSet: boolean;
}

interface Operation {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  contentId: string | undefined;
}

type Item = { kind: 'single'; op: Operation } | { kind: 'changeset'; ops: Operation[] };

const CRLF = '\r\n';

export function handleBatch(ctx: WebApiContext, headers: Record<string, string>, body: string, settings: BatchSettings): ApiResponse & { operations: number } {
  const contentType = headers['content-type'] ?? '';
  const boundary = boundaryOf(contentType);
  if (!/^multipart\/mixed/i.test(contentType) || !boundary) {
    return { ...errorResponse(400, '0x0', 'The batch request must be multipart/mixed with a boundary; the JSON batch format (OData 4.01) is not supported.'), operations: 0 };
  }
  if (settings.rejectLfOnly && /(^|[^\r])\n/.test(body) && !body.endsWith('\n\n')) {
    return { ...errorResponse(400, '0x80048d19', "Error identified in Payload provided by the user for Entity :'', For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : System.ArgumentException: Stream was not readable."), operations: 0 };
  }
  let items: Item[];
  try {
    items = parseItems(body, boundary);
  } catch (e) {
    return { ...errorResponse(400, '0x0', (e as Error).message), operations: 0 };
  }
  const operations = items.reduce((n, item) => n + (item.kind === 'single' ? 1 : item.ops.length), 0);
  if (operations > 1000) {
    return { ...errorResponse(400, '0x0', "The current change set contains too many operations. A maximum number of '1000' operations are allowed in a change set."), operations };
  }
  const continueOnError = /odata\.continue-on-error/i.test(headers['prefer'] ?? '');
  const responseBoundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];
  let status = 200;
  for (const item of items) {
    if (item.kind === 'single') {
      const res = run(ctx, item.op, new Map());
      out.push(`--${responseBoundary}`, ...httpPart(res, undefined));
      if (res.status >= 400 && !continueOnError) { status = res.status; break; }
      continue;
    }
    const journal: Journal = [];
    const ids = new Map<string, string>();
    const results: Array<{ op: Operation; res: ApiResponse }> = [];
    let failure: ApiResponse | undefined;
    for (const op of item.ops) {
      const res = run(ctx, op, ids, journal);
      if (res.status >= 400) { failure = res; break; }
      if (op.contentId) ids.set(op.contentId, res.headers['odata-entityid'] ?? '');
      results.push({ op, res });
    }
    if (failure) {
      rollback(journal);
      // One application/http part stands for the whole failed change set.
      out.push(`--${responseBoundary}`, ...httpPart(failure, undefined));
      if (!continueOnError) { status = failure.status; break; }
      if (!settings.continuePastFailedChangeSet) break;
      continue;
    }
    const cs = `changesetresponse_${randomUUID()}`;
    out.push(`--${responseBoundary}`, `Content-Type: multipart/mixed; boundary=${cs}`, '');
    for (const { op, res } of results) out.push(`--${cs}`, ...httpPart(res, op.contentId));
    out.push(`--${cs}--`);
  }
  out.push(`--${responseBoundary}--`, '');
  return {
    status,
    headers: { 'content-type': `multipart/mixed; boundary=${responseBoundary}`, 'odata-version': '4.0' },
    body: out.join(CRLF),
    operations,
  };
}

function run(ctx: WebApiContext, op: Operation, ids: Map<string, string>, journal?: Journal): ApiResponse {
  let url = op.url;
  const ref = /^\$(\w+)(.*)$/.exec(url);
  if (ref) {
    const target = ids.get(ref[1]!);
    if (target === undefined) return errorResponse(400, '0x0', `Content-ID Reference: '$${ref[1]}' does not exist in the batch context.`);
    url = target + ref[2];
  }
  const root = new URL(ctx.serviceRoot);
  const parsed = new URL(url, url.startsWith('/') ? root.origin : ctx.serviceRoot);
  if (!parsed.pathname.startsWith(root.pathname)) return errorResponse(404, '0x8006088a', `Resource not found for the segment '${parsed.pathname}'.`);
  return execute(ctx, { method: op.method, path: parsed.pathname.slice(root.pathname.length), query: parsed.searchParams, headers: op.headers, body: op.body }, journal);
}

function httpPart(res: ApiResponse, contentId: string | undefined): string[] {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId) lines.push(`Content-ID: ${contentId}`);
  lines.push('', `HTTP/1.1 ${res.status} ${reason(res.status)}`);
  for (const [name, value] of Object.entries(res.headers)) lines.push(`${name === 'odata-entityid' ? 'OData-EntityId' : name === 'odata-version' ? 'OData-Version' : name === 'content-type' ? 'Content-Type' : name}: ${value}`);
  lines.push('', res.body);
  return lines;
}

function reason(status: number): string {
  return ({ 200: 'OK', 201: 'Created', 204: 'No Content', 400: 'Bad Request', 404: 'Not Found', 412: 'Precondition Failed', 500: 'Internal Server Error' } as Record<number, string>)[status] ?? 'Status';
}

function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

function parts(body: string, boundary: string): string[] {
  const chunks = body.split(`--${boundary}`);
  const out: string[] = [];
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) return out;
    out.push(chunk.replace(/^\r?\n/, ''));
  }
  throw new Error(`The batch body has no closing delimiter '--${boundary}--'.`);
}

function splitHead(text: string): { head: Record<string, string>; first: string; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const lines = (m ? text.slice(0, m.index) : text).split(/\r?\n/);
  const head: Record<string, string> = {};
  let first = '';
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0 && !/^[A-Z]+ \S+ HTTP\//.test(line)) head[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    else if (!first) first = line;
  }
  return { head, first, body: m ? text.slice(m.index + m[0].length) : '' };
}

function parseOperation(raw: string): Operation {
  const mime = splitHead(raw);
  if (!/application\/http/i.test(mime.head['content-type'] ?? '')) throw new Error("Each batch part must have 'Content-Type: application/http'.");
  const http = splitHead(mime.body);
  const line = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(http.first.trim());
  if (!line) throw new Error(`Bad request line in batch part: '${http.first}'.`);
  return { method: line[1]!, url: line[2]!, headers: http.head, body: http.body.replace(/\s+$/, ''), contentId: mime.head['content-id'] };
}

function parseItems(body: string, boundary: string): Item[] {
  return parts(body, boundary).map((raw) => {
    const mime = splitHead(raw);
    const type = mime.head['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type);
      if (!inner) throw new Error('A change set needs a boundary.');
      const ops = parts(mime.body, inner).map(parseOperation);
      if (ops.some((op) => op.method === 'GET')) throw new Error('GET requests are not allowed inside a change set.');
      return { kind: 'changeset' as const, ops };
    }
    return { kind: 'single' as const, op: parseOperation(raw) };
  });
}
