/**
 * OData `$batch` as Dataverse speaks it (reference §4): multipart/mixed with CRLF line endings
 * everywhere (LF-only bodies fail with "Stream was not readable"), optional change sets (atomic),
 * and a response parser that reads the boundary from the header, recurses into change sets and
 * understands a failed change set answered by one `application/http` part.
 */
import { randomUUID } from 'node:crypto';

const CRLF = '\r\n';
export const MAX_BATCH_OPERATIONS = 1000;

export interface BatchOperation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL of the inner request (Dataverse accepts absolute, server-relative or `$n`). */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface BatchPartResult {
  /** Index of the operation in the list given to `buildBatch`. */
  index: number;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** This answer is the one error part standing for a whole failed (rolled back) change set. */
  wholeChangeSet?: boolean;
}

export interface BuiltBatch {
  body: string;
  contentType: string;
  /** Operation indexes per change set (or a single index for a part outside change sets). */
  groups: number[][];
  changeSets: boolean;
}

/**
 * `changeSetSize` 0 sends every operation as its own part; n > 0 groups them into atomic change
 * sets of n. Change-set parts carry Content-ID = index + 1 so results map back by id.
 */
export function buildBatch(ops: readonly BatchOperation[], changeSetSize: number): BuiltBatch {
  if (ops.length === 0) throw new Error('a $batch needs at least one operation');
  if (ops.length > MAX_BATCH_OPERATIONS) throw new Error(`a $batch holds at most ${MAX_BATCH_OPERATIONS} operations`);
  const boundary = `batch_${randomUUID()}`;
  const lines: string[] = [];
  const groups: number[][] = [];
  const size = Math.max(0, Math.min(changeSetSize, MAX_BATCH_OPERATIONS));
  for (let start = 0; start < ops.length; start += size || 1) {
    const indexes = Array.from({ length: Math.min(size || 1, ops.length - start) }, (_, i) => start + i);
    groups.push(indexes);
    lines.push(`--${boundary}`);
    if (size === 0) {
      lines.push(...partLines(ops[start]!, undefined));
      continue;
    }
    const changeset = `changeset_${randomUUID()}`;
    lines.push(`Content-Type: multipart/mixed; boundary="${changeset}"`, '');
    for (const i of indexes) {
      lines.push(`--${changeset}`, ...partLines(ops[i]!, i + 1));
    }
    lines.push(`--${changeset}--`);
  }
  lines.push(`--${boundary}--`, '');
  return { body: lines.join(CRLF), contentType: `multipart/mixed; boundary="${boundary}"`, groups, changeSets: size > 0 };
}

function partLines(op: BatchOperation, contentId: number | undefined): string[] {
  const out = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (contentId !== undefined) out.push(`Content-ID: ${contentId}`);
  out.push('', `${op.method} ${op.url} HTTP/1.1`);
  const headers: Record<string, string> = { ...op.headers };
  if (op.body !== undefined) headers['Content-Type'] ??= 'application/json; type=entry';
  for (const [name, value] of Object.entries(headers)) out.push(`${name}: ${value}`);
  out.push('', op.body === undefined ? '' : JSON.stringify(op.body));
  return out;
}

export interface ParsedPart {
  contentId: string | undefined;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True for the single part that answers for a whole failed change set. */
  fromChangeSet: boolean;
}

/** The boundary from a `Content-Type` header, quoted or not. */
export function boundaryOf(contentType: string | null): string | undefined {
  const m = contentType?.match(/boundary=(?:"([^"]+)"|([^;\s]+))/i);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Splits a multipart body into raw parts (headers + body), tolerant of LF as well as CRLF. */
export function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  const chunks = body.split(delimiter);
  // chunks[0] is the preamble; a chunk starting with "--" is the close delimiter and its epilogue.
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    parts.push(chunk.replace(/^[ \t]*\r?\n/, '').replace(/\r?\n$/, ''));
  }
  return parts;
}

/** Headers and body of one MIME entity or HTTP message, split at the first blank line. */
export function splitHead(text: string): { head: string[]; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  const headText = m ? text.slice(0, m.index) : text;
  const body = m ? text.slice(m.index + m[0].length) : '';
  return { head: headText.split(/\r?\n/).filter((l) => l.length > 0), body };
}

export function headerMap(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return out;
}

/** Every response part in order, flattening change sets. */
export function parseBatchResponse(body: string, contentType: string | null): ParsedPart[] {
  const boundary = boundaryOf(contentType) ?? body.match(/^--([^\r\n]+)/)?.[1];
  if (!boundary) throw new Error('the $batch response has no multipart boundary');
  return parseParts(body, boundary, false);
}

function parseParts(body: string, boundary: string, inChangeSet: boolean): ParsedPart[] {
  const out: ParsedPart[] = [];
  for (const raw of splitMultipart(body, boundary)) {
    const mime = splitHead(raw);
    const mimeHeaders = headerMap(mime.head);
    const type = mimeHeaders['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(type)) {
      const inner = boundaryOf(type);
      if (inner) out.push(...parseParts(mime.body, inner, true));
      continue;
    }
    const http = splitHead(mime.body);
    const statusLine = http.head[0] ?? '';
    const status = Number(statusLine.match(/^HTTP\/\d\.\d\s+(\d{3})/)?.[1] ?? 0);
    out.push({
      contentId: mimeHeaders['content-id'],
      status,
      headers: headerMap(http.head.slice(1)),
      body: http.body.replace(/(\r?\n)+$/, ''),
      fromChangeSet: !inChangeSet && status >= 400 && mimeHeaders['content-id'] === undefined,
    });
  }
  return out;
}

/**
 * Maps parsed parts back to operation indexes. Change-set parts map by Content-ID; a lone error
 * part where a change set was expected answers for all of that change set's operations; parts
 * outside change sets map by position. Operations without an answer (processing stopped) are absent.
 */
export function matchResults(built: BuiltBatch, parts: readonly ParsedPart[]): Map<number, BatchPartResult> {
  const results = new Map<number, BatchPartResult>();
  let cursor = 0;
  for (const group of built.groups) {
    if (!built.changeSets) {
      const part = parts[cursor++];
      if (!part) break;
      results.set(group[0]!, { index: group[0]!, status: part.status, headers: part.headers, body: part.body });
      continue;
    }
    const first = parts[cursor];
    if (!first) break;
    if (first.contentId === undefined) {
      cursor++;
      for (const i of group) results.set(i, { index: i, status: first.status, headers: first.headers, body: first.body, wholeChangeSet: true });
      continue;
    }
    while (parts[cursor]?.contentId !== undefined && group.includes(Number(parts[cursor]!.contentId) - 1)) {
      const part = parts[cursor++]!;
      const index = Number(part.contentId) - 1;
      results.set(index, { index, status: part.status, headers: part.headers, body: part.body });
    }
  }
  return results;
}
