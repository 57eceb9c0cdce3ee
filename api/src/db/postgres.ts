import pg from 'pg';
import type { Db, DbOptions, Queryable, QueryResult, Row } from './index.ts';
import { createPresence, writesCachedTables } from './presence.ts';

// PGlite returns int8 and count(*) as numbers; make the server driver agree so that code above
// the port never sees the difference. Our int8 values (sequences, versions) stay below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export async function openPostgres(url: string, options: DbOptions): Promise<Db> {
  const connection = { connectionString: url, ...(options.schema ? { options: `-c search_path="${options.schema}"` } : {}) };
  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
  const presence = createPresence(connection);
  // An idle client that loses its connection emits 'error' on the pool; without a listener the
  // process would crash. The next query gets a fresh connection.
  pool.on('error', () => {});
  if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
  const run = async <T>(c: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    const name = params ? statementName(text) : undefined;
    const values = params ? [...params] : undefined;
    let r;
    try {
      r = await c.query(name ? { name, text, values } : { text, values });
    } catch (e) {
      // A migration applied by another process changed what `SELECT *` returns since this
      // connection prepared it: run this text unprepared from now on.
      if (!name || (e as { code?: string }).code !== '0A000') throw e;
      names.set(text, '');
      r = await c.query({ text, values });
    }
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };
  const transaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    // The first write to a cached table takes the presence lock (presence.ts) before it runs.
    let wrote = false;
    let result: T;
    try {
      await client.query('BEGIN');
      result = await fn({
        query: async <R = Row>(text: string, params?: readonly unknown[]) => {
          if (!wrote && writesCachedTables(text)) {
            await presence.gate(client);
            wrote = true;
          }
          return run<R>(client, text, params);
        },
      });
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
      throw e;
    }
    client.release();
    if (wrote) await presence.committed();
    return result;
  };
  return {
    kind: 'postgres',
    query: <T = Row>(text: string, params?: readonly unknown[]) =>
      writesCachedTables(text) ? transaction((tx) => tx.query<T>(text, params)) : run<T>(pool, text, params),
    transaction,
    presence,
    poolStats: () => ({ max: pool.options.max ?? 10, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    async close() {
      await presence.close();
      await pool.end();
    },
  };
}


const names = new Map<string, string>();
let named = 0;
/** Most distinct statements one process prepares; past it, new ones run unprepared. */
const MAX_PREPARED = 1_000;

/**
 * Queries with parameters run as named prepared statements, parsed and planned once per pooled
 * connection instead of on every call: the API's reads and writes are a few shapes repeated. Names
 * are per text, so one text always has one name; the number is bounded as the texts built from
 * optional filters and columns vary.
 */
function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && named < MAX_PREPARED) {
    name = `cmms_${++named}`;
    names.set(text, name);
  }
  return name || undefined;
}
