/**
 * The database port: `query` and `transaction`, nothing more. Two adapters sit behind it: PGlite
 * (embedded PostgreSQL in a data folder, the one-command start) and `pg` (a PostgreSQL server, in
 * production). Both speak the same SQL and share one set of numbered migrations.
 */
import type { Presence } from './presence.ts';

export type Row = Record<string, unknown>;

export interface QueryResult<T = Row> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on a channel, where the engine delivers notifications to this process by
   * the time the committing query resolves (PGlite). Absent on `pg`: there the read cache asks the
   * database what changed (read-cache.ts).
   */
  listenSync?(channel: string, onNotify: (payload: string) => void): Promise<void>;
  /** PGlite: the size of its WebAssembly heap, the memory the embedded engine holds in this process. */
  engineHeapBytes?(): number;
  /** PostgreSQL: whether this process has the schema to itself, for the read cache (presence.ts). */
  presence?: Presence;
  /** Connections of the server pool (metrics); absent on PGlite, which has one in-process connection. */
  poolStats?(): PoolStats;
  close(): Promise<void>;
}

export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  waiting: number;
}

export interface DbOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder; `memory://` for an in-memory database. */
  dataDir?: string;
  poolSize?: number;
  /** Schema to create and use (tests give each file its own on a shared server). */
  schema?: string;
}

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.url) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(options.url, options);
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(options.dataDir ?? 'memory://', options);
}

/** True when the error is PostgreSQL's unique_violation (23505). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';
}

/** True when the error is a serialization failure or deadlock, which a retry resolves. */
export function isRetryableTxError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === '40001' || code === '40P01';
}
