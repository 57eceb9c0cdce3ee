/**
 * Records and pages rendered to JSON text once, so the read cache can keep the text and a hit
 * costs no serialisation. The nextLink is added per request: it names the host the client called.
 */
import type { Request, Response } from 'express';
import { etagOf } from './conditional.ts';
import { nextLink } from './paging.ts';

export function iso(d: Date | null): string | null {
  return d === null ? null : d.toISOString();
}

/** The columns the API manages on every record. */
export interface RecordMeta {
  version: number;
  created_at: Date;
  updated_at: Date;
  dynamics_id: string | null;
  dynamics_synced_at: Date | null;
  dynamics_sync_error: string | null;
}

/** The fields the API manages on every record: version, timestamps and the Dynamics sync state. */
export function recordMetaJson(row: RecordMeta): Record<string, unknown> {
  return {
    version: row.version,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    dynamics_id: row.dynamics_id,
    dynamics_synced_at: iso(row.dynamics_synced_at),
    dynamics_sync_error: row.dynamics_sync_error,
  };
}

/**
 * Pages are kept as UTF-8 bytes: a cache hit is written as it is, with no string building, encoding
 * or garbage per request (pages are ~60 KB). A record stays a string with its byte length: Node
 * writes a small string body together with the headers in one write, which a Buffer does not get.
 */
export interface RenderedRecord {
  body: string;
  bytes: number;
  etag: string;
}

export interface RenderedPage {
  /** `{"value":[…]` without its closing brace, so a nextLink can follow. */
  head: Buffer;
  /** The last key on the page when more follow. */
  lastKey: string | undefined;
}

const CLOSE = Buffer.from('}');

export function renderRecord<R extends { version: number }>(row: R | undefined, toJson: (r: R) => unknown): RenderedRecord | null {
  if (!row) return null;
  const body = JSON.stringify(toJson(row));
  return { body, bytes: Buffer.byteLength(body), etag: etagOf(row.version) };
}

/** `rows` holds up to `top + 1` records; the extra one only tells that another page follows. */
export function renderPage<R>(rows: R[], top: number, toJson: (r: R) => unknown, keyOf: (r: R) => string): RenderedPage {
  const page = rows.slice(0, top);
  return { head: Buffer.from(`{"value":${JSON.stringify(page.map(toJson))}`), lastKey: rows.length > top ? keyOf(page[page.length - 1]!) : undefined };
}

export const recordSize = (r: RenderedRecord | null): number => (r ? r.bytes + 128 : 64);
export const pageSize = (p: RenderedPage): number => p.head.length + 128;

function sendJson(res: Response, parts: readonly Buffer[]): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', parts.reduce((n, b) => n + b.length, 0));
  for (let i = 0; i < parts.length - 1; i++) res.write(parts[i]);
  res.end(parts[parts.length - 1]);
}

export function sendRecord(res: Response, r: RenderedRecord): void {
  res.setHeader('ETag', r.etag);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', r.bytes);
  res.end(r.body);
}

export function sendPage(req: Request, res: Response, p: RenderedPage): void {
  sendJson(res, p.lastKey === undefined ? [p.head, CLOSE] : [p.head, Buffer.from(`,"nextLink":${JSON.stringify(nextLink(req, p.lastKey))}}`)]);
}
