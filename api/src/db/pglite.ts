import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, DbOptions, Queryable, QueryResult, Row } from './index.ts';

/**
 * PGlite runs one PostgreSQL backend in-process, so it has exactly one session. A transaction
 * must therefore hold that session exclusively: PGlite's own `transaction()` does so by queueing
 * other queries until it ends, which gives the same isolation a pool connection would.
 */
export async function openPglite(dataDir: string, options: DbOptions): Promise<Db> {
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
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
    close: async () => {
      if (!pg.closed) await pg.close();
    },
  };
}
