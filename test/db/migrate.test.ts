import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/index.ts';
import { listMigrations, migrate, splitStatements } from '../../api/src/db/migrate.ts';
import { createTestDb } from '../support/db.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

describe('migrations', () => {
  it('are numbered without gaps or repeats', () => {
    const ids = listMigrations().map((m) => m.id);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
  });

  it('applying them again changes nothing', async () => {
    expect(await migrate(db)).toEqual([]);
    const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(r.rows[0]!.n).toBe(listMigrations().length);
  });

  it('splits statements at line-ending semicolons and keeps dollar-quoted bodies whole', () => {
    const sql = "-- comment\nCREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n";
    expect(splitStatements(sql)).toHaveLength(2);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(db.transaction(async (tx) => {
      await tx.query("INSERT INTO assets (codigo_interno, nombre) VALUES ('RB-1', 'x')");
      await tx.query("INSERT INTO assets (codigo_interno, nombre) VALUES ('RB-1', 'duplicate')");
    })).rejects.toMatchObject({ code: '23505' });
    const r = await db.query("SELECT 1 FROM assets WHERE codigo_interno = 'RB-1'");
    expect(r.rowCount).toBe(0);
  });

  it('refuses a negative valuation even if the API were bypassed', async () => {
    await expect(db.query("INSERT INTO assets (codigo_interno, nombre, valor_libros) VALUES ('NEG', 'x', -1)")).rejects.toMatchObject({ code: '23514' });
  });
});
