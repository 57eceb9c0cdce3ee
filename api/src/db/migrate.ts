import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db, Queryable } from './index.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** The numbered `NNNN_name.sql` files, in order. Forward-only: a migration is never edited once shipped. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql: readFileSync(dir + f, 'utf8') }));
}

/** Every process that migrates takes this transaction-scoped lock before touching the schema. */
const MIGRATION_LOCK = 727274;

/**
 * Applies pending migrations, each in its own transaction with its id recorded. Replicas start
 * together, so everything that changes the schema, even `CREATE TABLE IF NOT EXISTS
 * schema_migrations`, runs under one advisory lock: two concurrent `IF NOT EXISTS` creates both
 * see no table and the second fails on pg_type's unique index.
 */
export async function migrate(db: Db, migrations = listMigrations()): Promise<number[]> {
  const locked = <T>(fn: (tx: Queryable) => Promise<T>) => underSchemaLock(db, fn);
  // One round trip on an up-to-date database: the ids applied so far, read after the table exists.
  const known = await locked(async (tx) => {
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    return new Set((await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).rows.map((r) => Number(r.id)));
  });
  const applied: number[] = [];
  for (const m of migrations) {
    if (known.has(m.id)) continue;
    const done = await locked(async (tx) => {
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE id = $1', [m.id]);
      if (seen.rowCount > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}

/**
 * Runs `fn` in one transaction holding the migration lock: startup work that must happen once
 * however many replicas start together (loading demo data into an empty database).
 */
export function underSchemaLock<T>(db: Db, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    return fn(tx);
  });
}

/**
 * Splits a migration into statements so each runs as a prepared query on both drivers (PGlite's
 * extended protocol takes one statement at a time). Statements end with `;` at a line's end;
 * dollar-quoted bodies are kept whole.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue;
    current += line + '\n';
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
