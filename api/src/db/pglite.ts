import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import type { Db, DbOptions, Queryable, QueryResult, Row } from './index.ts';

/**
 * PGlite runs one PostgreSQL backend in-process, so it has exactly one session. A transaction
 * must therefore hold that session exclusively: PGlite's own `transaction()` does so by queueing
 * other queries until it ends, which gives the same isolation a pool connection would.
 */
/**
 * Memory: PGlite's WebAssembly heap starts at 128 MB (its minimum) and only grows, and
 * PostgreSQL's default 128 MB of shared buffers is carved out of it. The API's working set is small rows read by key,
 * served from the read cache once rendered, so 16 MB of buffers (2 000 pages: every asset of a
 * 10 000-asset database several times over) loses nothing; work_mem stays at PostgreSQL's default.
 */
export const PGLITE_OPTIONS = {
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'temp_buffers=2MB'],
};

export async function openPglite(dataDir: string, options: DbOptions): Promise<Db> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { ...PGLITE_OPTIONS, parsers: { [TIMESTAMPTZ]: parseTimestamptz } });
  // Writes notify the read cache in this process (migration 0008) rather than logging record_changes.
  await pg.exec('SET cmms.notify_records = on');
  if (options.schema) {
    await pg.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}"`);
  }
  const run = async <T>(q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    const r = await q.query<T>(text, params ? [...params] : undefined);
    // PGlite reports affectedRows 0 for a SELECT; pg's rowCount counts the rows a query returns.
    return { rows: r.rows, rowCount: r.fields.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
  };
  return {
    kind: 'pglite',
    query: <T = Row>(text: string, params?: readonly unknown[]) => run<T>(pg, text, params),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      pg.transaction(async (tx) => fn({ query: <R = Row>(text: string, params?: readonly unknown[]) => run<R>(tx, text, params) })),
    listenSync: async (channel, onNotify) => {
      await pg.listen(channel, onNotify);
    },
    engineHeapBytes: () => (pg as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod?.HEAPU8?.byteLength ?? 0,
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}

const { TIMESTAMPTZ } = types;
const PG_TIMESTAMPTZ = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(\.\d+)?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?$/;

/**
 * PostgreSQL's ISO text for timestamptz ("0001-01-01 00:00:00+00") as a Date. PGlite's own parser
 * goes through `new Date(text)`, which reads years 0-99 as 1900-1999 or 2000-2099, so an asset
 * acquired in year 50 would come back from the embedded database as 1950. node-postgres gets it right.
 */
export function parseTimestamptz(text: string): Date | string {
  const m = PG_TIMESTAMPTZ.exec(text);
  if (!m) return text === 'infinity' || text === '-infinity' ? text : new Date(text);
  const [, y, mo, d, h, mi, sec, frac, sign, oh, om, os] = m;
  const date = new Date(0);
  // setUTCFullYear takes the year literally, unlike Date.UTC and the Date constructor.
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  date.setUTCHours(Number(h), Number(mi), Number(sec), frac ? Number(frac.slice(1, 4).padEnd(3, '0')) : 0);
  const offsetSeconds = (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * (sign === '-' ? -1 : 1);
  return new Date(date.getTime() - offsetSeconds * 1000);
}
