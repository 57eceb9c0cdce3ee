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

export interface RenderedRecord {
  body: string;
  etag: string;
}

export interface RenderedPage {
  /** The JSON array of the page's records. */
  value: string;
  /** The last key on the page when more follow. */
  lastKey: string | undefined;
}

export function renderRecord<R extends { version: number }>(row: R | undefined, toJson: (r: R) => unknown): RenderedRecord | null {
  return row ? { body: JSON.stringify(toJson(row)), etag: etagOf(row.version) } : null;
}

/** `rows` holds up to `top + 1` records; the extra one only tells that another page follows. */
export function renderPage<R>(rows: R[], top: number, toJson: (r: R) => unknown, keyOf: (r: R) => string): RenderedPage {
  const page = rows.slice(0, top);
  return { value: JSON.stringify(page.map(toJson)), lastKey: rows.length > top ? keyOf(page[page.length - 1]!) : undefined };
}

export const recordSize = (r: RenderedRecord | null): number => (r ? r.body.length * 2 + 64 : 64);
export const pageSize = (p: RenderedPage): number => p.value.length * 2 + 64;

export function sendRecord(res: Response, r: RenderedRecord): void {
  res.setHeader('ETag', r.etag);
  res.type('application/json').send(r.body);
}

export function sendPage(req: Request, res: Response, p: RenderedPage): void {
  const link = p.lastKey === undefined ? '' : `,"nextLink":${JSON.stringify(nextLink(req, p.lastKey))}`;
  res.type('application/json').send(`{"value":${p.value}${link}}`);
}
