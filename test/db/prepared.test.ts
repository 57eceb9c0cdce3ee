/**
 * On a PostgreSQL server, queries run as prepared statements. A replica that applies a migration
 * while others run changes what their prepared `SELECT *` returns; those must keep answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/index.ts';
import { createTestDb } from '../support/db.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

describe('prepared statements', () => {
  it('a SELECT * prepared before another process adds a column still answers, with the new column', async () => {
    await db.query('CREATE TABLE prep_probe (id int PRIMARY KEY, a text)');
    await db.query("INSERT INTO prep_probe VALUES (1, 'x')");
    const read = () => db.query<Record<string, unknown>>('SELECT * FROM prep_probe WHERE id = $1', [1]);
    // Once on every pooled connection, so each has prepared it.
    await Promise.all(Array.from({ length: 5 }, read));
    await db.query("ALTER TABLE prep_probe ADD COLUMN b text NOT NULL DEFAULT 'y'");
    const after = await Promise.all(Array.from({ length: 5 }, read));
    for (const r of after) expect(r.rows[0]).toEqual({ id: 1, a: 'x', b: 'y' });
  });
});
