/**
 * A fresh, migrated database per test file. By default an in-memory PGlite; with
 * TEST_DATABASE_URL set (CI's second run) a schema of its own on that PostgreSQL server, so files
 * running in parallel never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import { openDb, type Db } from '../../api/src/db/index.ts';
import { migrate } from '../../api/src/db/migrate.ts';

export const serverUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;

export async function createTestDb(): Promise<Db> {
  const schema = serverUrl ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const db = await openDb({ url: serverUrl, dataDir: 'memory://', poolSize: 5, ...(schema ? { schema } : {}) });
  await migrate(db);
  if (!schema) return db;
  return {
    ...db,
    kind: db.kind,
    query: db.query,
    transaction: db.transaction,
    async close() {
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
      await db.close();
    },
  };
}
